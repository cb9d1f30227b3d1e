#include "sampling/deadline.h"

#include <gtest/gtest.h>

#include <random>

namespace sa {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(DeadlineTest, ScheduleStaysOnTheGridOverMillionsOfJitteryIntervals) {
  // An interval that is not a round number of anything, so rounding errors would show.
  const nanoseconds interval{333'333'337};
  const Schedule schedule{SteadyTime{} + seconds(12345), interval};
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int64_t> wake_jitter(0, interval.count() / 4);
  std::uniform_int_distribution<int64_t> read_time(0, interval.count() / 2);

  constexpr uint64_t kIntervals = 5'000'000;  // ~19 days of a 1/3 s schedule
  uint64_t index = 0;
  SteadyTime naive_deadline = schedule.start;  // a loop that sleeps `interval` after each read
  for (uint64_t i = 0; i < kIntervals; ++i) {
    const nanoseconds late{wake_jitter(random)};
    const nanoseconds busy{read_time(random)};
    const SteadyTime done = schedule.deadline(index) + late + busy;
    const NextDeadline next = next_deadline(schedule, index, done);
    ASSERT_EQ(next.index, index + 1);
    ASSERT_EQ(next.missed, 0u);
    index = next.index;
    naive_deadline += late + busy + interval;
  }
  EXPECT_EQ(index, kIntervals);
  EXPECT_EQ(schedule.deadline(index) - schedule.start,
            interval * static_cast<SteadyClock::rep>(kIntervals));
  // The same jitter makes the naive loop drift by days: the test would catch such a schedule.
  EXPECT_GT(naive_deadline - schedule.deadline(index), std::chrono::hours(24));
}

TEST(DeadlineTest, NextDeadlineIsTheFollowingOneWhenOnTime) {
  const Schedule schedule{SteadyTime{} + seconds(5), milliseconds(100)};
  const NextDeadline next = next_deadline(schedule, 7, schedule.deadline(8) - nanoseconds(1));
  EXPECT_EQ(next.index, 8u);
  EXPECT_EQ(next.missed, 0u);
}

TEST(DeadlineTest, LateReadSkipsToTheNextFutureDeadlineAndCountsTheMissedOnes) {
  const Schedule schedule{SteadyTime{} + seconds(5), milliseconds(100)};
  // Deadline 0 served, read finished at 350 ms: deadlines 1, 2 and 3 have passed.
  const NextDeadline next = next_deadline(schedule, 0, schedule.start + milliseconds(350));
  EXPECT_EQ(next.index, 4u);
  EXPECT_EQ(next.missed, 3u);
  EXPECT_GT(schedule.deadline(next.index), schedule.start + milliseconds(350));
}

TEST(DeadlineTest, ADeadlineReachedExactlyCountsAsPassed) {
  const Schedule schedule{SteadyTime{} + seconds(5), milliseconds(100)};
  const NextDeadline next = next_deadline(schedule, 0, schedule.deadline(2));
  EXPECT_EQ(next.index, 3u);
  EXPECT_EQ(next.missed, 2u);
}

TEST(DeadlineTest, ManyIntervalsLateCountsEveryOne) {
  const Schedule schedule{SteadyTime{}, seconds(1)};
  const NextDeadline next =
      next_deadline(schedule, 10, schedule.deadline(10) + std::chrono::hours(1));
  EXPECT_EQ(next.index, 10u + 3600u + 1u);
  EXPECT_EQ(next.missed, 3600u);
}

TEST(DeadlineTest, SetupBackoffDoublesFromMinAndStopsAtMax) {
  const SteadyClock::duration min = seconds(1);
  const SteadyClock::duration max = std::chrono::minutes(5);
  SteadyClock::duration expected = min;
  for (uint32_t attempt = 0; attempt < 12; ++attempt) {
    EXPECT_EQ(setup_backoff(attempt, min, max), std::min(expected, max)) << attempt;
    expected *= 2;
  }
  EXPECT_EQ(setup_backoff(1'000'000, min, max), max);
}

}  // namespace
}  // namespace sa
