// Discovery payloads against Home Assistant's MQTT discovery schema, field by field; the value
// templates evaluated on payloads the agent itself encodes.
#include "homeassistant/discovery.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "app/health.h"
#include "homeassistant/announced_state.h"
#include "homeassistant/device_classes.h"
#include "homeassistant/entities.h"
#include "publish/payload.h"
#include "support/temp_dir.h"
#include "template_eval.h"

namespace sa {
namespace {

using nlohmann::json;

Config sample_config() {
  Config config;
  config.device.id = "pi-7";
  config.device.topic_prefix = "sensors/pi-7";
  SensorConfig sensor;
  sensor.name = "room";
  sensor.driver = "bme280";
  sensor.interval = std::chrono::seconds(10);
  for (const auto& [name, unit] :
       {std::pair<std::string, std::string>{"temperature", "°C"}, {"humidity", "%RH"}}) {
    ChannelConfig channel;
    channel.name = name;
    channel.unit = unit;
    channel.topic = "sensors/pi-7/room/" + name;
    sensor.channels.push_back(channel);
  }
  sensor.channels[1].ha.name = "Room humidity";
  sensor.channels[1].ha.enabled = false;
  config.sensors.push_back(sensor);
  return config;
}

TEST(HaClasses, driverUnitsMapToHomeAssistantDeviceClasses) {
  EXPECT_EQ(ha_classes("temperature", "°C").device_class, "temperature");
  EXPECT_EQ(ha_classes("humidity", "%RH").device_class, "humidity");
  EXPECT_EQ(ha_classes("pressure", "hPa").device_class, "pressure");
  EXPECT_EQ(ha_classes("illuminance", "lx").device_class, "illuminance");
  EXPECT_EQ(ha_classes("bus_voltage", "V").device_class, "voltage");
  EXPECT_EQ(ha_classes("current", "A").device_class, "current");
  EXPECT_EQ(ha_classes("power", "W").device_class, "power");
  EXPECT_EQ(ha_classes("energy", "kWh").device_class, "energy");
  EXPECT_EQ(ha_classes("energy", "kWh").state_class, "total_increasing");
  EXPECT_EQ(ha_classes("co2", "ppm").device_class, "carbon_dioxide");
  EXPECT_EQ(ha_classes("pm2_5", "µg/m³").device_class, "pm25");
  EXPECT_EQ(ha_classes("temperature", "°C").state_class, "measurement");
  EXPECT_EQ(ha_unit("%RH"), "%");
  EXPECT_EQ(ha_unit("\u00b5g/m\u00b3"), "\u03bcg/m\u00b3");
  EXPECT_EQ(ha_unit("°C"), "°C");
  EXPECT_TRUE(ha_classes("load1", "").device_class.empty());
  EXPECT_TRUE(ha_classes("load1", "").state_class.empty());
}

TEST(HaDiscovery, aChannelIsAnnouncedWithEveryKeyHomeAssistantNeeds) {
  const Config config = sample_config();
  test::TempDir dir{"sa-ha"};
  const auto model = dir.path() / "model";
  std::ofstream(model, std::ios::binary) << std::string("Raspberry Pi 4 Model B Rev 1.4\0", 31);
  const HaDevice device = ha_device(config, model);
  const std::vector<HaEntity> entities = ha_entities(config);
  ASSERT_GE(entities.size(), 2u);
  const HaEntity& temperature = entities[0];

  EXPECT_EQ(discovery_topic(device, temperature),
            "homeassistant/sensor/pi-7/room_temperature/config");
  const json doc = json::parse(discovery_payload(device, temperature));
  EXPECT_EQ(doc["unique_id"], "sensor-agent_pi-7_room_temperature");
  EXPECT_EQ(doc["state_topic"], "sensors/pi-7/room/temperature");
  EXPECT_EQ(doc["unit_of_measurement"], "°C");
  EXPECT_EQ(doc["device_class"], "temperature");
  EXPECT_EQ(doc["state_class"], "measurement");
  EXPECT_EQ(doc["expire_after"], 30);  // three 10 s intervals: the sensor's stale time
  EXPECT_EQ(doc["availability_mode"], "all");
  ASSERT_EQ(doc["availability"].size(), 2u);
  EXPECT_EQ(doc["availability"][0]["topic"], "sensors/pi-7/status");
  EXPECT_EQ(doc["availability"][0]["payload_available"], "online");
  EXPECT_EQ(doc["availability"][0]["payload_not_available"], "offline");
  EXPECT_EQ(doc["availability"][1]["topic"], "sensors/pi-7/room/status");
  const json& block = doc["device"];
  EXPECT_EQ(block["identifiers"][0], "sensor-agent_pi-7");
  EXPECT_EQ(block["name"], "pi-7");
  EXPECT_EQ(block["model"], "sensor-agent");
  EXPECT_FALSE(block["sw_version"].get<std::string>().empty());
  EXPECT_EQ(block["hw_version"], "Raspberry Pi 4 Model B Rev 1.4");
  EXPECT_FALSE(doc.contains("enabled_by_default"));

  const json humidity = json::parse(discovery_payload(device, entities[1]));
  EXPECT_EQ(humidity["name"], "Room humidity");
  EXPECT_EQ(humidity["enabled_by_default"], false);
}

TEST(HaDiscovery, theValueTemplateYieldsTheNumberOfARealReadingPayload) {
  const Config config = sample_config();
  const HaDevice device = ha_device(config, "/nonexistent");
  EXPECT_TRUE(device.hardware_model.empty());
  const HaEntity entity = ha_entities(config)[0];
  ChannelRoute route{"room", "temperature", "°C", "sensors/pi-7/room/temperature"};
  const PayloadEncoder encoder("pi-7", route, "boot-1");
  const std::string payload = encoder.encode(21.375, WallClock::now(), true, 42);
  const json doc = json::parse(discovery_payload(device, entity));
  const auto value = test::eval_value_template(doc["value_template"], payload);
  ASSERT_TRUE(value) << doc["value_template"] << " on " << payload;
  EXPECT_DOUBLE_EQ(value->get<double>(), 21.375);
}

TEST(HaDiscovery, healthFiguresAreDiagnosticsReadingTheHealthPayload) {
  const Config config = sample_config();
  const HaDevice device = ha_device(config, "/nonexistent");
  HealthInputs inputs;
  inputs.device = "pi-7";
  inputs.buffer.depth = 17;
  inputs.reconnects = 3;
  inputs.dropped = 5;
  const std::string health = health_json(inputs);
  int checked = 0;
  for (const HaEntity& entity : ha_entities(config)) {
    if (entity.entity_category != "diagnostic")
      continue;
    const json doc = json::parse(discovery_payload(device, entity));
    EXPECT_EQ(doc["state_topic"], "sensors/pi-7/health");
    EXPECT_EQ(doc["entity_category"], "diagnostic");
    EXPECT_EQ(doc["availability"].size(), 1u);
    const auto value = test::eval_value_template(doc["value_template"], health);
    ASSERT_TRUE(value) << doc["value_template"];
    if (entity.object_id == "agent_queue_depth") {
      EXPECT_EQ(*value, 17);
    } else if (entity.object_id == "agent_reconnects") {
      EXPECT_EQ(*value, 3);
    } else if (entity.object_id == "agent_drops") {
      EXPECT_EQ(*value, 5);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

TEST(HaDiscovery, outputsAreSwitchesOrNumbersWithACommandTopic) {
  Config config = sample_config();
  SensorConfig led;
  led.name = "led";
  led.driver = "sysfs_output";
  led.options.set("max", Option{255.0, {}});
  ChannelConfig value;
  value.name = "value";
  value.topic = "sensors/pi-7/led/value";
  led.channels.push_back(value);
  SensorConfig relay = led;
  relay.name = "relay";
  relay.options = Options();
  relay.channels[0].topic = "sensors/pi-7/relay/value";
  config.sensors = {led, relay};
  const HaDevice device = ha_device(config, "/nonexistent");
  const std::vector<HaEntity> entities = ha_entities(config);
  EXPECT_EQ(discovery_topic(device, entities[0]), "homeassistant/number/pi-7/led_value/config");
  const json number = json::parse(discovery_payload(device, entities[0]));
  EXPECT_EQ(number["command_topic"], "sensors/pi-7/led/value/set");
  EXPECT_EQ(number["min"], 0.0);
  EXPECT_EQ(number["max"], 255.0);
  const json on_off = json::parse(discovery_payload(device, entities[1]));
  EXPECT_EQ(discovery_topic(device, entities[1]), "homeassistant/switch/pi-7/relay_value/config");
  EXPECT_EQ(on_off["command_topic"], "sensors/pi-7/relay/value/set");
  EXPECT_EQ(on_off["payload_on"], "ON");
  EXPECT_EQ(on_off["payload_off"], "OFF");
  const auto state = test::eval_value_template(on_off["value_template"], R"({"value":1.0})");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->dump(), on_off["state_on"].get<std::string>());
}

TEST(HaDiscovery, aGpioOutputIsASwitch) {
  Config config = sample_config();
  SensorConfig pump;
  pump.name = "pump";
  pump.driver = "gpio_output";
  pump.options.set("line", Option{std::string("GPIO23"), {}});
  pump.options.set("active_low", Option{true, {}});
  pump.options.set("safe_state", Option{0.0, {}});
  ChannelConfig state;
  state.name = "state";
  state.topic = "sensors/pi-7/pump/state";
  pump.channels.push_back(state);
  config.sensors = {pump};
  const HaDevice device = ha_device(config, "/nonexistent");
  const std::vector<HaEntity> entities = ha_entities(config);
  ASSERT_FALSE(entities.empty());
  EXPECT_EQ(entities[0].object_id, "pump_state");
  EXPECT_EQ(discovery_topic(device, entities[0]), "homeassistant/switch/pi-7/pump_state/config");
  const json on_off = json::parse(discovery_payload(device, entities[0]));
  EXPECT_EQ(on_off["command_topic"], "sensors/pi-7/pump/state/set");
}

TEST(HaAnnouncedState, aRemovedEntityIsClearedOnce) {
  test::TempDir dir{"sa-ha"};
  const AnnouncedState state(dir.path() / "announced");
  EXPECT_TRUE(state.load().empty());
  ASSERT_TRUE(state.save({"a/config", "b/config", "c/config"}));
  const std::vector<std::string> now = {"a/config", "c/config"};
  EXPECT_EQ(topics_to_clear(state.load(), now), std::vector<std::string>{"b/config"});
  ASSERT_TRUE(state.save(now));
  EXPECT_TRUE(topics_to_clear(state.load(), now).empty());
}

}  // namespace
}  // namespace sa
