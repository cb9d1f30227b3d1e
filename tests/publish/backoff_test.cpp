#include "publish/backoff.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, FullJitterStaysWithinMinAndGrowingCap) {
  Backoff backoff(milliseconds(100), milliseconds(5'000), JitterMode::full, [] { return 0.999; });
  milliseconds previous(0);
  for (int i = 0; i < 12; ++i) {
    const milliseconds delay = backoff.next_delay();
    EXPECT_GE(delay, milliseconds(100));
    EXPECT_LE(delay, milliseconds(5'000));
    EXPECT_GE(delay, previous);  // with the top of the range every time, it only grows
    previous = delay;
  }
  EXPECT_GT(previous, milliseconds(4'900));
}

TEST(Backoff, LowestRandomGivesTheMinimum) {
  for (JitterMode mode : {JitterMode::full, JitterMode::decorrelated}) {
    Backoff backoff(milliseconds(250), milliseconds(60'000), mode, [] { return 0.0; });
    for (int i = 0; i < 5; ++i)
      EXPECT_EQ(backoff.next_delay(), milliseconds(250));
  }
}

TEST(Backoff, DecorrelatedGrowsByAtMostThreeTimes) {
  Backoff backoff(milliseconds(100), milliseconds(60'000), JitterMode::decorrelated,
                  [] { return 0.999; });
  milliseconds previous(100);
  for (int i = 0; i < 20; ++i) {
    const milliseconds delay = backoff.next_delay();
    EXPECT_LE(delay, previous * 3);
    EXPECT_LE(delay, milliseconds(60'000));
    EXPECT_GE(delay, milliseconds(100));
    previous = delay;
  }
  EXPECT_GT(previous, milliseconds(50'000));
}

TEST(Backoff, ResetStartsOver) {
  Backoff backoff(milliseconds(100), milliseconds(10'000), JitterMode::full, [] { return 0.999; });
  for (int i = 0; i < 8; ++i)
    backoff.next_delay();
  EXPECT_EQ(backoff.attempts(), 8u);
  backoff.reset();
  EXPECT_EQ(backoff.attempts(), 0u);
  EXPECT_LE(backoff.next_delay(), milliseconds(100));
}

TEST(Backoff, NextAttemptIsOnTheSteadyClock) {
  Backoff backoff(milliseconds(100), milliseconds(100), JitterMode::full, [] { return 0.5; });
  const SteadyTime now = SteadyClock::now();
  EXPECT_EQ(backoff.next_attempt(now), now + milliseconds(100));
}

}  // namespace
}  // namespace sa
