#include "sampling/channel_pipeline.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace sa {
namespace {

ChannelRoute route(const std::string& channel) {
  ChannelRoute route;
  route.sensor = "wave";
  route.channel = channel;
  route.topic = "sensors/pi/wave/" + channel;
  return route;
}

struct Fixture {
  SensorConfig config;
  ChannelRoute temperature = route("temperature");
  ChannelRoute humidity = route("humidity");
  std::vector<Reading> readings;

  Fixture() {
    config.name = "wave";
    ChannelConfig t;
    t.name = "temperature";
    t.transform.offset = -1.5;
    ChannelConfig h;
    h.name = "humidity";
    h.transform.valid_max = 100.0;
    config.channels = {t, h};
  }

  ChannelPipeline pipeline() { return ChannelPipeline(config, {&temperature, &humidity}); }
  ReadingSink sink() {
    return [this](const Reading& reading) { readings.push_back(reading); };
  }
};

const WallTime kSampledAt = WallTime{} + std::chrono::hours(480'000);

TEST(ChannelPipelineTest, MapsSamplesToTheirRoutesByNameAndAppliesTheChannelTransform) {
  Fixture f;
  auto pipeline = f.pipeline();
  const auto result = pipeline.process({{"humidity", 40.0, {}}, {"temperature", 21.5, {}}},
                                       kSampledAt, false, SteadyClock::now(), f.sink());
  EXPECT_EQ(result.published, 2u);
  EXPECT_EQ(result.rejected, 0u);
  ASSERT_EQ(f.readings.size(), 2u);
  EXPECT_EQ(f.readings[0].route, &f.humidity);
  EXPECT_EQ(f.readings[0].value, 40.0);
  EXPECT_EQ(f.readings[1].route, &f.temperature);
  EXPECT_EQ(f.readings[1].value, 21.5 - 1.5);
  EXPECT_EQ(f.readings[1].sampled_at, kSampledAt);
  EXPECT_FALSE(f.readings[1].clock_synchronized);
}

TEST(ChannelPipelineTest, IgnoresChannelsThatAreNotConfigured) {
  Fixture f;
  auto pipeline = f.pipeline();
  const auto result =
      pipeline.process({{"pressure", 1013.0, {}}}, kSampledAt, true, SteadyClock::now(), f.sink());
  EXPECT_EQ(result.published, 0u);
  EXPECT_EQ(result.rejected, 0u);
  EXPECT_TRUE(f.readings.empty());
}

TEST(ChannelPipelineTest, RejectsNonFiniteAndOutOfRangeSamplesButPublishesTheOthers) {
  Fixture f;
  auto pipeline = f.pipeline();
  const auto result = pipeline.process(
      {{"temperature", std::numeric_limits<double>::quiet_NaN(), {}}, {"humidity", 140.0, {}}},
      kSampledAt, true, SteadyClock::now(), f.sink());
  EXPECT_EQ(result.rejected, 2u);
  EXPECT_NE(result.error.find("temperature"), std::string::npos);
  EXPECT_TRUE(f.readings.empty());

  const auto next = pipeline.process(
      {{"temperature", std::numeric_limits<double>::infinity(), {}}, {"humidity", 55.0, {}}},
      kSampledAt, true, SteadyClock::now(), f.sink());
  EXPECT_EQ(next.rejected, 1u);
  EXPECT_EQ(next.published, 1u);
}

TEST(ChannelPipelineTest, ATimestampSetByTheDriverWins) {
  Fixture f;
  auto pipeline = f.pipeline();
  const WallTime edge = kSampledAt - std::chrono::milliseconds(3);
  pipeline.process({{"temperature", 20.0, edge}}, kSampledAt, true, SteadyClock::now(), f.sink());
  ASSERT_EQ(f.readings.size(), 1u);
  EXPECT_EQ(f.readings[0].sampled_at, edge);
}

}  // namespace
}  // namespace sa
