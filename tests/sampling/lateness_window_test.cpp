#include "sampling/lateness_window.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(LatenessWindowTest, EmptyWindowReportsZeroSamples) {
  LatenessWindow window;
  EXPECT_EQ(window.stats().samples, 0u);
  EXPECT_EQ(window.stats().max, microseconds(0));
}

TEST(LatenessWindowTest, PercentilesUseNearestRank) {
  LatenessWindow window;
  for (int i = 100; i >= 1; --i)
    window.add(milliseconds(i));
  const LatenessStats stats = window.stats();
  EXPECT_EQ(stats.samples, 100u);
  EXPECT_EQ(stats.p50, milliseconds(50));
  EXPECT_EQ(stats.p99, milliseconds(99));
  EXPECT_EQ(stats.max, milliseconds(100));
}

TEST(LatenessWindowTest, KeepsOnlyTheRecentWindow) {
  LatenessWindow window;
  window.add(std::chrono::seconds(10));  // pushed out by what follows
  for (size_t i = 0; i < LatenessWindow::kSize; ++i)
    window.add(milliseconds(1));
  const LatenessStats stats = window.stats();
  EXPECT_EQ(stats.samples, LatenessWindow::kSize);
  EXPECT_EQ(stats.max, milliseconds(1));
}

TEST(LatenessWindowTest, EarlyStartsCountAsZero) {
  LatenessWindow window;
  window.add(-milliseconds(5));
  EXPECT_EQ(window.stats().max, microseconds(0));
}

TEST(LatenessWindowTest, LatenessBeyondTheStoredRangeSaturatesInsteadOfWrapping) {
  LatenessWindow window;
  window.add(milliseconds(1));
  window.add(std::chrono::hours(2));
  const LatenessStats stats = window.stats();
  EXPECT_EQ(stats.p50, milliseconds(1));
  EXPECT_GT(stats.max, std::chrono::minutes(70));
}

}  // namespace
}  // namespace sa
