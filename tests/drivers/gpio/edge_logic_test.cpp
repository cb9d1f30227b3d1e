#include "drivers/gpio/edge_logic.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

constexpr int64_t kMs = 1'000'000;

GpioEdgeEvent rising(int64_t ns) {
  return {GpioEdge::rising, ns};
}
GpioEdgeEvent falling(int64_t ns) {
  return {GpioEdge::falling, ns};
}

TEST(EdgeDebouncer, BounceWithinTheWindowIsIgnored) {
  EdgeDebouncer debouncer(10 * kMs, false);
  debouncer.set_level(0);
  EXPECT_EQ(debouncer.accept(rising(100 * kMs)), 1);
  EXPECT_EQ(debouncer.accept(falling(102 * kMs)), std::nullopt);
  EXPECT_EQ(debouncer.accept(rising(104 * kMs)), std::nullopt);
  EXPECT_EQ(debouncer.accept(falling(150 * kMs)), 0);
  EXPECT_EQ(debouncer.state(), 0);
}

TEST(EdgeDebouncer, ActiveLowInvertsTheReportedState) {
  EdgeDebouncer debouncer(0, true);
  debouncer.set_level(1);
  EXPECT_EQ(debouncer.state(), 0);
  EXPECT_EQ(debouncer.accept(falling(1)), 1);
  EXPECT_EQ(debouncer.accept(rising(2)), 0);
}

TEST(EdgeDebouncer, AnEdgeThatDoesNotChangeTheStateIsNotReported) {
  EdgeDebouncer debouncer(0, false);
  debouncer.set_level(1);
  EXPECT_EQ(debouncer.accept(rising(5)), std::nullopt);
}

TEST(PulseCounter, CountsDebouncedPulsesAndTheirRate) {
  PulseCounter counter(5 * kMs);
  counter.start(0);
  const int64_t pulses = 25;
  for (int64_t i = 0; i < pulses; ++i) {
    counter.on_edge(falling(i * 40 * kMs));
    counter.on_edge(falling(i * 40 * kMs + 1 * kMs));  // bounce
  }
  EXPECT_EQ(counter.total(), static_cast<uint64_t>(pulses));
  const int64_t window_ns = 1000 * kMs;
  EXPECT_DOUBLE_EQ(counter.take_rate(window_ns), static_cast<double>(pulses) * 1e9 / window_ns);
  EXPECT_DOUBLE_EQ(counter.take_rate(2 * window_ns), 0.0);
  EXPECT_EQ(counter.total(), static_cast<uint64_t>(pulses));
}

}  // namespace
}  // namespace sa
