#include "sampling/transform.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace sa {
namespace {

using Outcome = ChannelTransform::Outcome;
using std::chrono::seconds;

const SteadyTime kT0 = SteadyTime{} + std::chrono::hours(1);

// Applies one value at time t; returns the outcome and, when published, the value.
struct Applied {
  Outcome outcome;
  double value;
};

Applied apply(ChannelTransform& transform, double value, SteadyTime t = kT0) {
  Outcome outcome = transform.apply(value, t);
  return {outcome, value};
}

TEST(TransformTest, DefaultConfigPublishesTheValueUnchanged) {
  ChannelTransform transform{TransformConfig{}};
  for (double v : {0.0, -40.25, 1e9, 123.456789}) {
    const Applied result = apply(transform, v);
    EXPECT_EQ(result.outcome, Outcome::publish);
    EXPECT_EQ(result.value, v);
  }
}

TEST(TransformTest, CalibrateMapsTwoPointsLinearlyAndExtrapolates) {
  TransformConfig config;
  const CalibrationPoint low{10.0, 12.0};
  const CalibrationPoint high{90.0, 88.0};
  config.calibrate = std::make_pair(low, high);
  ChannelTransform transform{config};
  const double slope = (high.actual - low.actual) / (high.raw - low.raw);
  EXPECT_DOUBLE_EQ(apply(transform, low.raw).value, low.actual);
  EXPECT_DOUBLE_EQ(apply(transform, high.raw).value, high.actual);
  for (double raw : {50.0, 0.0, 130.0, -20.0}) {
    EXPECT_DOUBLE_EQ(apply(transform, raw).value, low.actual + (raw - low.raw) * slope) << raw;
  }
}

TEST(TransformTest, CalibrateWithEqualRawPointsAppliesTheirOffset) {
  TransformConfig config;
  config.calibrate = std::make_pair(CalibrationPoint{20.0, 21.5}, CalibrationPoint{20.0, 21.5});
  ChannelTransform transform{config};
  EXPECT_DOUBLE_EQ(apply(transform, 30.0).value, 31.5);
}

TEST(TransformTest, ScaleIsAppliedBeforeOffset) {
  TransformConfig config;
  config.scale = 2.0;
  config.offset = 3.0;
  ChannelTransform transform{config};
  EXPECT_DOUBLE_EQ(apply(transform, 10.0).value, 10.0 * 2.0 + 3.0);
}

TEST(TransformTest, CalibrateRunsBeforeScaleAndOffset) {
  TransformConfig config;
  config.calibrate = std::make_pair(CalibrationPoint{0.0, 1.0}, CalibrationPoint{10.0, 21.0});
  config.scale = 0.5;
  config.offset = -1.0;
  ChannelTransform transform{config};
  const double calibrated = 1.0 + 4.0 * (21.0 - 1.0) / 10.0;
  EXPECT_DOUBLE_EQ(apply(transform, 4.0).value, calibrated * 0.5 - 1.0);
}

TEST(TransformTest, ValidRangeIsInclusiveAndRejectsOutsideWithAReason) {
  TransformConfig config;
  config.valid_min = -40.0;
  config.valid_max = 85.0;
  ChannelTransform transform{config};
  EXPECT_EQ(apply(transform, -40.0).outcome, Outcome::publish);
  EXPECT_EQ(apply(transform, 85.0).outcome, Outcome::publish);

  EXPECT_EQ(apply(transform, -40.5).outcome, Outcome::invalid);
  EXPECT_NE(transform.invalid_reason().find("valid_min"), std::string::npos);
  EXPECT_NE(transform.invalid_reason().find("-40.5"), std::string::npos);

  EXPECT_EQ(apply(transform, 85.1).outcome, Outcome::invalid);
  EXPECT_NE(transform.invalid_reason().find("valid_max"), std::string::npos);
}

TEST(TransformTest, ValidRangeChecksTheScaledValue) {
  TransformConfig config;
  config.scale = 10.0;
  config.valid_max = 40.0;
  ChannelTransform transform{config};
  EXPECT_EQ(apply(transform, 4.0).outcome, Outcome::publish);
  EXPECT_EQ(apply(transform, 5.0).outcome, Outcome::invalid);
}

TEST(TransformTest, NonFiniteValuesAreInvalid) {
  ChannelTransform transform{TransformConfig{}};
  for (double v :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(apply(transform, v).outcome, Outcome::invalid);
    EXPECT_FALSE(transform.invalid_reason().empty());
  }
}

// The median over the last `window` inputs, computed independently of the implementation.
double reference_median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

std::vector<double> tail(const std::vector<double>& values, size_t end, size_t window) {
  const size_t begin = end > window ? end - window : 0;
  return {values.begin() + static_cast<std::ptrdiff_t>(begin),
          values.begin() + static_cast<std::ptrdiff_t>(end)};
}

TEST(TransformTest, MedianPublishesOverWhatTheWindowHoldsSoFar) {
  for (int window : {1, 2, 3, 4, 5}) {
    TransformConfig config;
    config.median = window;
    ChannelTransform transform{config};
    const std::vector<double> inputs{10, 30, 20, 100, 15, -5, 7, 7, 1000, 8};
    for (size_t i = 0; i < inputs.size(); ++i) {
      const Applied result = apply(transform, inputs[i]);
      ASSERT_EQ(result.outcome, Outcome::publish);
      EXPECT_DOUBLE_EQ(result.value,
                       reference_median(tail(inputs, i + 1, static_cast<size_t>(window))))
          << "window " << window << " sample " << i;
    }
  }
}

TEST(TransformTest, MedianOfThreeRemovesASingleSpike) {
  TransformConfig config;
  config.median = 3;
  ChannelTransform transform{config};
  apply(transform, 21.0);
  apply(transform, 21.2);
  EXPECT_DOUBLE_EQ(apply(transform, 85.0).value, 21.2);  // the spike
  EXPECT_DOUBLE_EQ(apply(transform, 21.1).value, 21.2);
}

TEST(TransformTest, MeanPublishesOverWhatTheWindowHoldsSoFar) {
  for (int window : {1, 2, 3, 4}) {
    TransformConfig config;
    config.mean = window;
    ChannelTransform transform{config};
    const std::vector<double> inputs{3, 6, 9, 12, -3, 0.5};
    for (size_t i = 0; i < inputs.size(); ++i) {
      const auto part = tail(inputs, i + 1, static_cast<size_t>(window));
      double sum = 0;
      for (double v : part)
        sum += v;
      EXPECT_DOUBLE_EQ(apply(transform, inputs[i]).value, sum / static_cast<double>(part.size()))
          << "window " << window << " sample " << i;
    }
  }
}

TEST(TransformTest, WithMedianAndMeanTheMeanRunsOverTheMedians) {
  TransformConfig config;
  config.median = 3;
  config.mean = 2;
  ChannelTransform transform{config};
  const std::vector<double> inputs{10, 40, 20, 30};
  std::vector<double> medians;
  for (size_t i = 0; i < inputs.size(); ++i) {
    medians.push_back(reference_median(tail(inputs, i + 1, 3)));
    const auto part = tail(medians, medians.size(), 2);
    double expected = 0;
    for (double v : part)
      expected += v / static_cast<double>(part.size());
    EXPECT_DOUBLE_EQ(apply(transform, inputs[i]).value, expected) << i;
  }
}

TEST(TransformTest, InvalidSamplesDoNotEnterTheWindow) {
  TransformConfig config;
  config.valid_max = 50.0;
  config.mean = 3;
  ChannelTransform transform{config};
  apply(transform, 10.0);
  EXPECT_EQ(apply(transform, 99.0).outcome, Outcome::invalid);
  EXPECT_DOUBLE_EQ(apply(transform, 20.0).value, (10.0 + 20.0) / 2.0);
}

TEST(TransformTest, PrecisionRoundsHalfAwayFromZero) {
  struct Case {
    int precision;
    double in;
    double out;
  };
  const Case cases[] = {
      {2, 21.456, 21.46}, {2, 21.454, 21.45}, {0, 2.5, 3.0},        {0, -2.5, -3.0},
      {1, 19.96, 20.0},   {3, 0.0004, 0.0},   {1, 1234.56, 1234.6}, {-1, 1.23456, 1.23456},
  };
  for (const Case& c : cases) {
    TransformConfig config;
    config.precision = c.precision;
    ChannelTransform transform{config};
    EXPECT_DOUBLE_EQ(apply(transform, c.in).value, c.out) << c.in << " to " << c.precision;
  }
}

TEST(TransformTest, PrecisionNeverYieldsNegativeZero) {
  TransformConfig config;
  config.precision = 2;
  ChannelTransform transform{config};
  const Applied result = apply(transform, -0.004);
  EXPECT_EQ(result.value, 0.0);
  EXPECT_FALSE(std::signbit(result.value));
}

TEST(TransformTest, DeadbandPublishesOnlyChangesOfAtLeastTheBand) {
  TransformConfig config;
  config.deadband = 0.5;
  ChannelTransform transform{config};
  EXPECT_EQ(apply(transform, 20.0).outcome, Outcome::publish);  // the first always goes out
  EXPECT_EQ(apply(transform, 20.3).outcome, Outcome::suppress);
  EXPECT_EQ(apply(transform, 20.49).outcome, Outcome::suppress);
  EXPECT_EQ(apply(transform, 19.7).outcome, Outcome::suppress);
  const Applied edge = apply(transform, 20.5);  // exactly the band
  EXPECT_EQ(edge.outcome, Outcome::publish);
  EXPECT_EQ(edge.value, 20.5);
  EXPECT_EQ(apply(transform, 20.1).outcome, Outcome::suppress);  // measured from 20.5 now
  EXPECT_EQ(apply(transform, 19.9).outcome, Outcome::publish);
}

TEST(TransformTest, DeadbandComparesWithTheLastPublishedValueSoSlowCreepStillPublishes) {
  TransformConfig config;
  config.deadband = 0.5;
  ChannelTransform transform{config};
  EXPECT_EQ(apply(transform, 20.0).outcome, Outcome::publish);
  EXPECT_EQ(apply(transform, 20.2).outcome, Outcome::suppress);
  EXPECT_EQ(apply(transform, 20.4).outcome, Outcome::suppress);
  EXPECT_EQ(apply(transform, 20.6).outcome, Outcome::publish);
}

TEST(TransformTest, DeadbandToleratesDecimalRepresentationError) {
  // 0.7 - 0.2 is 0.49999999999999994 in binary floating point; a user means 0.5.
  ASSERT_LT(0.7 - 0.2, 0.5);
  TransformConfig config;
  config.deadband = 0.5;
  ChannelTransform transform{config};
  apply(transform, 0.2);
  EXPECT_EQ(apply(transform, 0.7).outcome, Outcome::publish);
}

TEST(TransformTest, HeartbeatRepublishesAValueInsideTheDeadband) {
  TransformConfig config;
  config.deadband = 1.0;
  config.heartbeat = std::chrono::milliseconds(60'000);
  ChannelTransform transform{config};
  EXPECT_EQ(apply(transform, 20.0, kT0).outcome, Outcome::publish);
  EXPECT_EQ(apply(transform, 20.1, kT0 + seconds(30)).outcome, Outcome::suppress);
  const Applied beat = apply(transform, 20.1, kT0 + seconds(60));
  EXPECT_EQ(beat.outcome, Outcome::publish);
  EXPECT_EQ(beat.value, 20.1);
  EXPECT_EQ(apply(transform, 20.2, kT0 + seconds(90)).outcome, Outcome::suppress);
  EXPECT_EQ(apply(transform, 20.2, kT0 + seconds(120)).outcome, Outcome::publish);
}

TEST(TransformTest, APublishedChangeRestartsTheHeartbeat) {
  TransformConfig config;
  config.deadband = 1.0;
  config.heartbeat = std::chrono::milliseconds(60'000);
  ChannelTransform transform{config};
  apply(transform, 20.0, kT0);
  EXPECT_EQ(apply(transform, 25.0, kT0 + seconds(50)).outcome, Outcome::publish);
  EXPECT_EQ(apply(transform, 25.0, kT0 + seconds(60)).outcome, Outcome::suppress);
  EXPECT_EQ(apply(transform, 25.0, kT0 + seconds(110)).outcome, Outcome::publish);
}

TEST(TransformTest, DeadbandAppliesToTheRoundedValue) {
  TransformConfig config;
  config.precision = 0;
  config.deadband = 1.0;
  ChannelTransform transform{config};
  EXPECT_EQ(apply(transform, 20.4).value, 20.0);
  // 20.6 rounds to 21: a whole unit from the published 20, though only 0.2 from the raw 20.4.
  const Applied result = apply(transform, 20.6);
  EXPECT_EQ(result.outcome, Outcome::publish);
  EXPECT_EQ(result.value, 21.0);
}

TEST(TransformTest, InvalidSamplesLeaveTheDeadbandStateAlone) {
  TransformConfig config;
  config.deadband = 1.0;
  config.valid_max = 100.0;
  ChannelTransform transform{config};
  apply(transform, 20.0);
  EXPECT_EQ(apply(transform, 200.0).outcome, Outcome::invalid);
  EXPECT_EQ(apply(transform, 20.5).outcome, Outcome::suppress);
}

TEST(TransformTest, AllStagesRunInTheDocumentedOrder) {
  TransformConfig config;
  config.calibrate = std::make_pair(CalibrationPoint{0.0, 0.0}, CalibrationPoint{100.0, 110.0});
  config.scale = 0.5;
  config.offset = 1.0;
  config.valid_min = 0.0;
  config.valid_max = 100.0;
  config.median = 3;
  config.precision = 1;
  config.deadband = 0.5;
  ChannelTransform transform{config};
  auto stage = [](double raw) { return raw * 110.0 / 100.0 * 0.5 + 1.0; };
  const double a = stage(20.0);
  const Applied first = apply(transform, 20.0);
  EXPECT_EQ(first.outcome, Outcome::publish);
  EXPECT_DOUBLE_EQ(first.value, std::round(a * 10.0) / 10.0);
  EXPECT_EQ(apply(transform, 500.0).outcome, Outcome::invalid);  // 276 > valid_max
  const double b = stage(30.0);
  const Applied second = apply(transform, 30.0);
  EXPECT_EQ(second.outcome, Outcome::publish);
  EXPECT_DOUBLE_EQ(second.value, std::round((a + b) / 2.0 * 10.0) / 10.0);
}

}  // namespace
}  // namespace sa
