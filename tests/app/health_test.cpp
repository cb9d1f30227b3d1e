#include "app/health.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sa {
namespace {

HealthInputs fake_inputs() {
  HealthInputs inputs;
  inputs.device = "pi-7";
  inputs.boot_id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  inputs.version = "1.2.3";
  inputs.uptime = std::chrono::milliseconds(90'500);
  inputs.now_unix_ms = 1'700'000'010'000;
  inputs.sampled = 120;
  inputs.published = 100;
  inputs.dropped = 3;
  inputs.buffer.depth = 17;
  inputs.buffer.in_flight = 2;
  inputs.buffer.bytes = 2048;
  inputs.buffer.dropped = 3;
  inputs.buffer.oldest_unix_ms = inputs.now_unix_ms - 4'000;
  inputs.buffer.syncs = 9;
  inputs.reconnects = 4;
  inputs.connected = true;
  inputs.clock_synchronized = false;
  SensorStatus ok;
  ok.name = "board";
  SensorStatus failing;
  failing.name = "bme";
  failing.state = SensorState::failed;
  failing.stale = true;
  failing.errors = 12;
  failing.last_error = "no acknowledge from 0x76 on /dev/i2c-1";
  inputs.sensors = {ok, failing};
  return inputs;
}

TEST(HealthJson, CarriesEveryCounterFromItsInputs) {
  const HealthInputs inputs = fake_inputs();
  const auto health = nlohmann::json::parse(health_json(inputs));
  EXPECT_EQ(health["device"], inputs.device);
  EXPECT_EQ(health["boot"], inputs.boot_id);
  EXPECT_EQ(health["version"], inputs.version);
  EXPECT_DOUBLE_EQ(health["uptime_s"].get<double>(),
                   std::chrono::duration<double>(inputs.uptime).count());
  EXPECT_EQ(health["readings"]["sampled"], inputs.sampled);
  EXPECT_EQ(health["readings"]["published"], inputs.published);
  EXPECT_EQ(health["readings"]["dropped"], inputs.dropped);
  EXPECT_EQ(health["buffer"]["depth"], inputs.buffer.depth);
  EXPECT_EQ(health["buffer"]["in_flight"], inputs.buffer.in_flight);
  EXPECT_EQ(health["buffer"]["bytes"], inputs.buffer.bytes);
  EXPECT_EQ(health["buffer"]["drops"], inputs.buffer.dropped);
  EXPECT_EQ(health["buffer"]["syncs"], inputs.buffer.syncs);
  EXPECT_DOUBLE_EQ(health["buffer"]["oldest_age_s"].get<double>(),
                   static_cast<double>(inputs.now_unix_ms - inputs.buffer.oldest_unix_ms) / 1000);
  EXPECT_EQ(health["reconnects"], inputs.reconnects);
  EXPECT_EQ(health["connected"], inputs.connected);
  EXPECT_EQ(health["clock_synchronized"], inputs.clock_synchronized);
}

TEST(HealthJson, ReportsEachSensorsStateStaleFlagAndLastError) {
  const HealthInputs inputs = fake_inputs();
  const auto sensors = nlohmann::json::parse(health_json(inputs))["sensors"];
  ASSERT_EQ(sensors.size(), inputs.sensors.size());
  EXPECT_EQ(sensors["board"]["state"], "ok");
  EXPECT_EQ(sensors["board"]["stale"], false);
  EXPECT_EQ(sensors["board"]["errors"], 0);
  EXPECT_EQ(sensors["bme"]["state"], "failed");
  EXPECT_EQ(sensors["bme"]["stale"], true);
  EXPECT_EQ(sensors["bme"]["errors"], inputs.sensors[1].errors);
  EXPECT_EQ(sensors["bme"]["last_error"], inputs.sensors[1].last_error);
}

TEST(HealthJson, ReportsEachSensorsSamplingLateness) {
  HealthInputs inputs = fake_inputs();
  inputs.sensors[0].lateness.p50 = std::chrono::microseconds(40);
  inputs.sensors[0].lateness.p99 = std::chrono::microseconds(310);
  inputs.sensors[0].lateness.max = std::chrono::microseconds(2'500);
  inputs.sensors[0].lateness.samples = 512;
  const auto lateness =
      nlohmann::json::parse(health_json(inputs))["sensors"]["board"]["lateness_us"];
  const LatenessStats& expected = inputs.sensors[0].lateness;
  EXPECT_EQ(lateness["p50"], expected.p50.count());
  EXPECT_EQ(lateness["p99"], expected.p99.count());
  EXPECT_EQ(lateness["max"], expected.max.count());
  EXPECT_EQ(lateness["samples"], expected.samples);
}

TEST(HealthJson, EmptyBufferHasNoOldestAge) {
  HealthInputs inputs = fake_inputs();
  inputs.buffer = BufferStats{};
  const auto health = nlohmann::json::parse(health_json(inputs));
  EXPECT_EQ(health["buffer"]["oldest_age_s"].get<double>(), 0.0);
  EXPECT_EQ(health["buffer"]["depth"], 0);
}

}  // namespace
}  // namespace sa
