#include "homeassistant/entities.h"

#include <algorithm>
#include <chrono>

#include "homeassistant/device_classes.h"
#include "publish/topics.h"
#include "sa/version.h"

namespace sa {
namespace {

int seconds_ceil(std::chrono::milliseconds ms) {
  return static_cast<int>((ms.count() + 999) / 1000);
}

// The sensor's stale time (3 intervals unless set), as the sampler computes it.
int expire_after_s(const SensorConfig& sensor) {
  const auto stale = sensor.stale_after.count() > 0 ? sensor.stale_after : 3 * sensor.interval;
  return std::max(1, seconds_ceil(stale));
}

HaEntity channel_entity(const Config& config, const SensorConfig& sensor,
                        const ChannelConfig& channel) {
  HaEntity entity;
  entity.object_id = sensor.name + "_" + channel.name;
  entity.name = channel.ha.name.empty() ? sensor.name + " " + channel.name : channel.ha.name;
  entity.state_topic = channel.topic;
  entity.unit = ha_unit(channel.unit);
  const HaClasses derived = ha_classes(channel.name, channel.unit);
  entity.device_class =
      channel.ha.device_class.empty() ? derived.device_class : channel.ha.device_class;
  entity.state_class =
      channel.ha.state_class.empty() ? derived.state_class : channel.ha.state_class;
  entity.icon = channel.ha.icon;
  entity.enabled = channel.ha.enabled;
  if (sensor.driver == "sysfs_output" || sensor.driver == "gpio_output") {
    // Settable: a switch when it is on/off, a number within its bounds otherwise.
    entity.min = sensor.options.number("min", 0.0);
    entity.max = sensor.options.number("max", 1.0);
    entity.component = entity.min == 0.0 && entity.max == 1.0 ? "switch" : "number";
    entity.command_topic = channel.topic + "/set";
  }
  entity.sensor_status_topic = topic_prefix(config) + "/" + sensor.name + "/status";
  entity.expire_after_s = expire_after_s(sensor);
  return entity;
}

}  // namespace

HaDevice ha_device(const Config& config, const std::filesystem::path& model_path) {
  HaDevice device;
  device.prefix = config.homeassistant.prefix;
  device.node =
      config.homeassistant.node_name.empty() ? config.device.id : config.homeassistant.node_name;
  device.device_id = config.device.id;
  device.topic_prefix = topic_prefix(config);
  device.sw_version = kVersion;
  device.hardware_model = read_hardware_model(model_path);
  return device;
}

std::vector<HaEntity> ha_entities(const Config& config) {
  std::vector<HaEntity> out;
  for (const SensorConfig& sensor : config.sensors) {
    for (const ChannelConfig& channel : sensor.channels)
      out.push_back(channel_entity(config, sensor, channel));
  }
  // Health is published every health_interval; three missed ones mark it unknown.
  const int health_expiry = std::max(1, 3 * seconds_ceil(config.agent.health_interval));
  const HaDevice device = ha_device(config, {});
  for (HaEntity& entity : health_entities(device, health_expiry))
    out.push_back(std::move(entity));
  return out;
}

}  // namespace sa
