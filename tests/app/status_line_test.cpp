#include "app/status_line.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

SensorStatus sensor(SensorState state, bool stale = false) {
  SensorStatus status;
  status.name = "s";
  status.state = state;
  status.stale = stale;
  return status;
}

TEST(StatusLine, SaysWhereItIsConnectedHowManySensorsAreOkAndTheQueueDepth) {
  PublisherStats stats;
  stats.connected = true;
  stats.buffer.depth = 0;
  const std::vector<SensorStatus> sensors(5, sensor(SensorState::ok));
  EXPECT_EQ(status_line("mqtt://broker:1883", stats, sensors),
            "connected to mqtt://broker:1883, 5 sensors ok, queue 0");
}

TEST(StatusLine, CountsUnhealthySensorsAndShowsTheConnectionError) {
  PublisherStats stats;
  stats.connected = false;
  stats.last_error = "connection refused";
  stats.buffer.depth = 42;
  const std::vector<SensorStatus> sensors = {sensor(SensorState::ok), sensor(SensorState::warning),
                                             sensor(SensorState::failed, true)};
  EXPECT_EQ(status_line("mqtt://broker:1883", stats, sensors),
            "connecting to mqtt://broker:1883 (connection refused), 1 sensor ok, 1 warning, "
            "1 failed, 1 stale, queue 42");
}

TEST(RedactUrl, DropsCredentialsFromTheUrl) {
  EXPECT_EQ(redact_url("mqtts://user:secret@broker:8883"), "mqtts://broker:8883");
  EXPECT_EQ(redact_url("mqtt://broker:1883"), "mqtt://broker:1883");
  EXPECT_EQ(redact_url("mqtt://broker/path@x"), "mqtt://broker/path@x");
}

}  // namespace
}  // namespace sa
