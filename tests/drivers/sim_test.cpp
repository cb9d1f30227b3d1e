#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <set>

#include "drivers/builtin.h"
#include "drivers/sim/waveform.h"
#include "sensor_helpers.h"

namespace sa {
namespace {

using std::chrono::milliseconds;
using test::SensorBuilder;

constexpr double kPi = 3.14159265358979323846;

TEST(SimWaveform, SineStartsAtTheMidpointAndPeaksAtAQuarterPeriod) {
  const double min = -5;
  const double max = 15;
  const double period = 8;
  EXPECT_NEAR(sim::waveform_value(sim::Waveform::sine, min, max, period, 0), (min + max) / 2, 1e-9);
  EXPECT_NEAR(sim::waveform_value(sim::Waveform::sine, min, max, period, period / 4), max, 1e-9);
  EXPECT_NEAR(sim::waveform_value(sim::Waveform::sine, min, max, period, 3 * period / 4), min,
              1e-9);
  const double t = 1.3;
  EXPECT_NEAR(sim::waveform_value(sim::Waveform::sine, min, max, period, t),
              min + (max - min) * (0.5 + 0.5 * std::sin(2 * kPi * t / period)), 1e-9);
}

TEST(SimWaveform, RampRisesLinearlyAndWrapsEachPeriod) {
  const double min = 10;
  const double max = 30;
  const double period = 4;
  EXPECT_NEAR(sim::waveform_value(sim::Waveform::ramp, min, max, period, 0), min, 1e-9);
  EXPECT_NEAR(sim::waveform_value(sim::Waveform::ramp, min, max, period, period / 2),
              (min + max) / 2, 1e-9);
  EXPECT_NEAR(sim::waveform_value(sim::Waveform::ramp, min, max, period, period + 1),
              min + (max - min) / period, 1e-9);
}

TEST(SimWaveform, ConstantIsTheMidpoint) {
  EXPECT_EQ(sim::waveform_value(sim::Waveform::constant, 20, 22, 60, 123.4), 21);
}

TEST(SimWaveform, EveryWaveformStaysWithinItsBounds) {
  const double min = -40;
  const double max = 85;
  for (auto waveform : {sim::Waveform::sine, sim::Waveform::ramp, sim::Waveform::constant}) {
    for (double t = 0; t < 200; t += 0.37) {
      const double value = sim::waveform_value(waveform, min, max, 7, t);
      ASSERT_GE(value, min);
      ASSERT_LE(value, max);
    }
  }
  std::mt19937_64 random(42);
  sim::RandomWalk walk(min, max);
  std::set<double> seen;
  for (int i = 0; i < 20000; ++i) {
    const double value = walk.next(random);
    ASSERT_GE(value, min);
    ASSERT_LE(value, max);
    seen.insert(value);
  }
  EXPECT_GT(seen.size(), 1000u) << "a random walk moves";
}

TEST(SimWaveform, ParsesTheFourNames) {
  EXPECT_EQ(sim::parse_waveform("sine"), sim::Waveform::sine);
  EXPECT_EQ(sim::parse_waveform("ramp"), sim::Waveform::ramp);
  EXPECT_EQ(sim::parse_waveform("random_walk"), sim::Waveform::random_walk);
  EXPECT_EQ(sim::parse_waveform("constant"), sim::Waveform::constant);
  EXPECT_FALSE(sim::parse_waveform("square").has_value());
}

TEST(SimDriver, ReadsEveryConfiguredChannelWithinItsBounds) {
  SensorBuilder builder("sim");
  builder.channel("wave").channel_option("min", 20.0).channel_option("max", 25.0);
  builder.channel("walk")
      .channel_option("waveform", std::string("random_walk"))
      .channel_option("min", int64_t{-3})
      .channel_option("max", int64_t{3});
  builder.channel("flat")
      .channel_option("waveform", std::string("constant"))
      .channel_option("min", 1.0)
      .channel_option("max", 3.0);
  builder.channel("saw")
      .channel_option("waveform", std::string("ramp"))
      .channel_option("period", milliseconds{50});
  auto created = test::create_sensor(sim::make_driver(), builder.config());
  ASSERT_TRUE(created.sensor) << created.problems.size();
  ASSERT_TRUE(created.sensor->setup());
  for (int i = 0; i < 200; ++i) {
    const auto outcome = test::read_once(*created.sensor);
    ASSERT_TRUE(outcome.ok) << outcome.reason;
    ASSERT_EQ(outcome.samples.size(), 4u);
    EXPECT_GE(outcome.value("wave"), 20.0);
    EXPECT_LE(outcome.value("wave"), 25.0);
    EXPECT_GE(outcome.value("walk"), -3.0);
    EXPECT_LE(outcome.value("walk"), 3.0);
    EXPECT_EQ(outcome.value("flat"), 2.0);
    EXPECT_GE(outcome.value("saw"), 0.0);
    EXPECT_LE(outcome.value("saw"), 100.0);
  }
}

TEST(SimDriver, FailProbabilityOneFailsEveryReadWithTheSimulatedReason) {
  const auto config = SensorBuilder("sim").option("fail_probability", 1.0).channel("x").config();
  auto created = test::create_sensor(sim::make_driver(), config);
  ASSERT_TRUE(created.sensor);
  for (int i = 0; i < 50; ++i) {
    const auto outcome = test::read_once(*created.sensor);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.reason, "simulated failure");
    EXPECT_TRUE(outcome.samples.empty());
  }
}

TEST(SimDriver, FailProbabilityHalfGivesBothOutcomes) {
  const auto config = SensorBuilder("sim").option("fail_probability", 0.5).channel("x").config();
  auto created = test::create_sensor(sim::make_driver(), config);
  ASSERT_TRUE(created.sensor);
  int failures = 0;
  constexpr int kReads = 2000;
  for (int i = 0; i < kReads; ++i) {
    failures += test::read_once(*created.sensor).ok ? 0 : 1;
  }
  // Binomial(2000, 0.5): beyond ±300 is far outside any plausible run.
  EXPECT_GT(failures, kReads / 2 - 300);
  EXPECT_LT(failures, kReads / 2 + 300);
}

TEST(SimDriver, NoFailureByDefault) {
  auto created =
      test::create_sensor(sim::make_driver(), SensorBuilder("sim").channel("x").config());
  ASSERT_TRUE(created.sensor);
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(test::read_once(*created.sensor).ok);
  }
}

TEST(SimDriver, ReadDelayBlocksTheReadAtLeastThatLong) {
  const milliseconds delay{120};
  const auto config = SensorBuilder("sim").option("read_delay", delay).channel("x").config();
  auto created = test::create_sensor(sim::make_driver(), config);
  ASSERT_TRUE(created.sensor);
  const auto start = SteadyClock::now();
  EXPECT_TRUE(test::read_once(*created.sensor).ok);
  EXPECT_GE(SteadyClock::now() - start, delay);
}

TEST(SimDriver, MinNotBelowMaxIsAProblemAtTheChannelKey) {
  SensorBuilder builder("sim", "wave");
  builder.channel("temperature").channel_option("min", 30.0).channel_option("max", 30.0);
  auto created = test::create_sensor(sim::make_driver(), builder.config());
  EXPECT_FALSE(created.sensor);
  ASSERT_EQ(created.problems.size(), 1u);
  EXPECT_EQ(created.problems[0].key_path, "sensor.wave.channels.temperature.min");
  EXPECT_NE(created.problems[0].message.find("less than"), std::string::npos);
}

TEST(SimDriver, MaxBelowTheDefaultMinIsReportedAtMax) {
  SensorBuilder builder("sim", "wave");
  builder.channel("t").channel_option("max", -1.0);
  auto created = test::create_sensor(sim::make_driver(), builder.config());
  ASSERT_EQ(created.problems.size(), 1u);
  EXPECT_EQ(created.problems[0].key_path, "sensor.wave.channels.t.max");
}

TEST(SimDriver, BadOptionsAreAllReportedAtOnceWithTheirLocation) {
  SensorConfig config = SensorBuilder("sim", "wave")
                            .option("fail_probability", 1.5)
                            .channel("a")
                            .channel_option("waveform", std::string("square"))
                            .channel_option("period", milliseconds{0})
                            .config();
  config.options.set("fail_probability", Option{1.5, SourceLocation{"agent.toml", 7, 20}});
  auto created = test::create_sensor(sim::make_driver(), config);
  EXPECT_FALSE(created.sensor);
  ASSERT_EQ(created.problems.size(), 3u);
  EXPECT_EQ(created.problems[0].key_path, "sensor.wave.fail_probability");
  EXPECT_EQ(created.problems[0].where.line, 7u);
  EXPECT_EQ(created.problems[1].key_path, "sensor.wave.channels.a.waveform");
  EXPECT_EQ(created.problems[2].key_path, "sensor.wave.channels.a.period");
}

}  // namespace
}  // namespace sa
