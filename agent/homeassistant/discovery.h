#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"

namespace sa {

// The device block every entity of this agent shares.
struct HaDevice {
  std::string prefix = "homeassistant";  // discovery prefix
  std::string node;                      // node_name, default the device id
  std::string device_id;
  std::string topic_prefix;  // the agent's own {topic_prefix}
  std::string sw_version;
  std::string hardware_model;  // /proc/device-tree/model; empty when unknown
};

// One Home Assistant entity: a channel (sensor, switch or number) or a health figure.
struct HaEntity {
  std::string component = "sensor";  // sensor, switch, number
  std::string object_id;             // {sensor}_{channel}, unique within the node
  std::string name;
  std::string state_topic;
  std::string value_template = "{{ value_json.value }}";
  std::string unit;
  std::string device_class;
  std::string state_class;
  std::string icon;
  std::string entity_category;      // "diagnostic" for agent health
  std::string sensor_status_topic;  // the sensor's own availability; empty for health
  int expire_after_s = 0;           // 0: none
  bool enabled = true;
  std::string command_topic;  // switch and number
  double min = 0.0;           // number
  double max = 1.0;
};

// {prefix}/{component}/{node}/{object_id}/config
std::string discovery_topic(const HaDevice& device, const HaEntity& entity);
// The retained JSON config for one entity.
std::string discovery_payload(const HaDevice& device, const HaEntity& entity);

// The first line of a device-tree model file without its trailing NUL; empty when absent.
std::string read_hardware_model(const std::filesystem::path& path);

// Agent health figures as diagnostic entities reading {topic_prefix}/health.
std::vector<HaEntity> health_entities(const HaDevice& device, int expire_after_s);

}  // namespace sa
