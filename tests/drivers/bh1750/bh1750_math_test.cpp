#include "drivers/bh1750/bh1750_math.h"

#include <gtest/gtest.h>

namespace sa::bh1750 {
namespace {

// The two examples of the datasheet's measurement sequence, in H-resolution mode.
TEST(Bh1750Conversion, MatchesTheDatasheetExamples) {
  EXPECT_NEAR(lux(0b1000'0011'1001'0000, Mode::high), 28067, 0.5);
  EXPECT_NEAR(lux(0b0000'0001'0001'0000, Mode::high), 227, 0.5);
}

TEST(Bh1750Conversion, High2ResolutionHalvesTheStep) {
  EXPECT_DOUBLE_EQ(lux(1200, Mode::high2), 500.0);
  EXPECT_DOUBLE_EQ(lux(1200, Mode::low), 1000.0);
}

TEST(Bh1750Timing, MaximumMeasurementTimePerMode) {
  EXPECT_EQ(max_measurement_time(Mode::high).count(), 180);
  EXPECT_EQ(max_measurement_time(Mode::high2).count(), 180);
  EXPECT_EQ(max_measurement_time(Mode::low).count(), 24);
  EXPECT_EQ(one_time_command(Mode::high), 0x20);
  EXPECT_EQ(one_time_command(Mode::high2), 0x21);
  EXPECT_EQ(one_time_command(Mode::low), 0x23);
}

}  // namespace
}  // namespace sa::bh1750
