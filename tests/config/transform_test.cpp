#include <gtest/gtest.h>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

using test::expect_problem;
using test::kSimSensor;
using test::load;

TEST(Transform, AllKeysAreRead) {
  std::string text = std::string(kSimSensor) +
                     "offset = -0.5\nscale = 2\ncalibrate = [[0, 1.5], [100.0, 99]]\n"
                     "precision = 2\nvalid_min = -40\nvalid_max = 85.5\ndeadband = 0.25\n"
                     "heartbeat = \"10m\"\nmedian = 5\n";
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const TransformConfig& t = result.config->sensors.at(0).channels.at(0).transform;
  EXPECT_EQ(t.offset, -0.5);
  EXPECT_EQ(t.scale, 2.0);
  ASSERT_TRUE(t.calibrate.has_value());
  EXPECT_EQ(t.calibrate->first.raw, 0.0);
  EXPECT_EQ(t.calibrate->first.actual, 1.5);
  EXPECT_EQ(t.calibrate->second.raw, 100.0);
  EXPECT_EQ(t.calibrate->second.actual, 99.0);
  EXPECT_EQ(t.precision, 2);
  EXPECT_EQ(t.valid_min, -40.0);
  EXPECT_EQ(t.valid_max, 85.5);
  EXPECT_EQ(t.deadband, 0.25);
  EXPECT_EQ(t.heartbeat, std::chrono::minutes{10});
  EXPECT_EQ(t.median, 5);
  EXPECT_EQ(t.mean, 0);
}

TEST(Transform, DefaultsAreOff) {
  LoadResult result = load(kSimSensor);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const TransformConfig& t = result.config->sensors.at(0).channels.at(0).transform;
  EXPECT_FALSE(t.calibrate.has_value());
  EXPECT_EQ(t.scale, 1.0);
  EXPECT_EQ(t.offset, 0.0);
  EXPECT_EQ(t.precision, -1);
  EXPECT_FALSE(t.valid_min.has_value());
  EXPECT_FALSE(t.valid_max.has_value());
  EXPECT_FALSE(t.deadband.has_value());
  EXPECT_EQ(t.median, 0);
  EXPECT_EQ(t.mean, 0);
}

TEST(Transform, MedianAndMeanAreExclusive) {
  std::string text = std::string(kSimSensor) + "median = 5\nmean = 3\n";
  expect_problem(load(text), text, "sensor.wave.channels.value.mean", "mean = 3", "3",
                 "median and mean are exclusive");
}

TEST(Transform, MalformedCalibrationIsAnError) {
  for (const char* bad : {"[[0, 1]]", "[[0, 1], [2]]", "[[0, 1], [2, \"x\"]]", "[0, 1]",
                          "\"linear\"", "[[0, 1], [2, 3], [4, 5]]"}) {
    std::string text = std::string(kSimSensor) + "calibrate = " + bad + "\n";
    SCOPED_TRACE(bad);
    expect_problem(load(text), text, "sensor.wave.channels.value.calibrate",
                   std::string("= ") + bad, bad, "two [raw, actual] pairs");
  }
}

TEST(Transform, CalibrationNeedsTwoDifferentRawValues) {
  std::string text = std::string(kSimSensor) + "calibrate = [[5, 1], [5, 2]]\n";
  expect_problem(load(text), text, "sensor.wave.channels.value.calibrate", "[[5, 1], [5, 2]]", "",
                 "two different raw values, got 5 twice");
}

TEST(Transform, RangesAreChecked) {
  std::string text = std::string(kSimSensor) +
                     "scale = 0\nprecision = 16\nvalid_min = 10\nvalid_max = 5\ndeadband = -1\n"
                     "median = -2\n";
  LoadResult result = load(text);
  expect_problem(result, text, "sensor.wave.channels.value.scale", "scale = 0", "0",
                 "scale must not be 0");
  expect_problem(result, text, "sensor.wave.channels.value.precision", "16", "",
                 "precision must be from 0 to 15, got 16");
  expect_problem(result, text, "sensor.wave.channels.value.valid_max", "valid_max = 5", "5",
                 "valid_max must not be below valid_min");
  expect_problem(result, text, "sensor.wave.channels.value.deadband", "-1", "",
                 "must not be negative");
  expect_problem(result, text, "sensor.wave.channels.value.median", "-2", "", "got -2");
  EXPECT_EQ(result.problems.size(), 5u) << test::describe(result);
}

TEST(Transform, HeartbeatWithoutDeadbandIsAWarning) {
  std::string text = std::string(kSimSensor) + "heartbeat = \"5m\"\n";
  LoadResult result = load(text);
  EXPECT_TRUE(result.ok());
  expect_problem(result, text, "sensor.wave.channels.value.heartbeat", "\"5m\"", "",
                 "no effect without deadband", true);
}

}  // namespace
}  // namespace sa
