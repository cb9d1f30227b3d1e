#include <gtest/gtest.h>

#include "log/log.h"

namespace sa::log {
namespace {

using namespace std::chrono_literals;

const std::chrono::steady_clock::time_point kT0{std::chrono::hours(10)};

TEST(RateLimiterTest, TheFirstOccurrenceGoesThroughWithNothingHeldBack) {
  RateLimiter limiter(60s);
  uint64_t suppressed = 99;
  EXPECT_TRUE(limiter.allow(kT0, suppressed));
  EXPECT_EQ(suppressed, 0u);
}

TEST(RateLimiterTest, RepeatsWithinThePeriodAreHeldBackAndCountedOnTheNextOneLogged) {
  RateLimiter limiter(60s);
  uint64_t suppressed = 0;
  ASSERT_TRUE(limiter.allow(kT0, suppressed));
  for (int i = 1; i <= 5; ++i)
    EXPECT_FALSE(limiter.allow(kT0 + i * 10s, suppressed));
  EXPECT_FALSE(limiter.allow(kT0 + 59s, suppressed));
  EXPECT_TRUE(limiter.allow(kT0 + 60s, suppressed));
  EXPECT_EQ(suppressed, 6u);
  // The period restarts from the occurrence logged.
  EXPECT_FALSE(limiter.allow(kT0 + 119s, suppressed));
  EXPECT_TRUE(limiter.allow(kT0 + 120s, suppressed));
  EXPECT_EQ(suppressed, 1u);
}

TEST(RateLimiterTest, ResetLetsTheNextOccurrenceThroughAtOnce) {
  RateLimiter limiter(60s);
  uint64_t suppressed = 0;
  ASSERT_TRUE(limiter.allow(kT0, suppressed));
  EXPECT_FALSE(limiter.allow(kT0 + 1s, suppressed));
  limiter.reset();
  EXPECT_TRUE(limiter.allow(kT0 + 2s, suppressed));
  EXPECT_EQ(suppressed, 0u);
}

}  // namespace
}  // namespace sa::log
