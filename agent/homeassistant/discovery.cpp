#include "homeassistant/discovery.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

namespace sa {
namespace {

// HA marks an entity unavailable unless every listed topic says so: the agent's Last Will topic
// and the sensor's own status, which also reports "stale" and "failed".
nlohmann::json availability(const HaDevice& device, const HaEntity& entity) {
  nlohmann::json list = nlohmann::json::array();
  list.push_back({{"topic", device.topic_prefix + "/status"},
                  {"payload_available", "online"},
                  {"payload_not_available", "offline"}});
  if (!entity.sensor_status_topic.empty()) {
    list.push_back({{"topic", entity.sensor_status_topic},
                    {"value_template", "{{ 'online' if value == 'online' else 'offline' }}"},
                    {"payload_available", "online"},
                    {"payload_not_available", "offline"}});
  }
  return list;
}

nlohmann::json device_block(const HaDevice& device) {
  nlohmann::json block = {
      {"identifiers", nlohmann::json::array({"sensor-agent_" + device.device_id})},
      {"name", device.node},
      {"manufacturer", "sensor-agent"},
      {"model", "sensor-agent"},
      {"sw_version", device.sw_version},
  };
  if (!device.hardware_model.empty())
    block["hw_version"] = device.hardware_model;
  return block;
}

void set_if(nlohmann::json& doc, const char* key, const std::string& value) {
  if (!value.empty())
    doc[key] = value;
}

}  // namespace

std::string discovery_topic(const HaDevice& device, const HaEntity& entity) {
  return device.prefix + "/" + entity.component + "/" + device.node + "/" + entity.object_id +
         "/config";
}

std::string discovery_payload(const HaDevice& device, const HaEntity& entity) {
  nlohmann::json doc = {
      {"name", entity.name},
      {"unique_id", "sensor-agent_" + device.device_id + "_" + entity.object_id},
      {"state_topic", entity.state_topic},
      {"value_template", entity.value_template},
      {"availability", availability(device, entity)},
      {"availability_mode", "all"},
      {"device", device_block(device)},
      {"origin", {{"name", "sensor-agent"}, {"sw_version", device.sw_version}}},
  };
  set_if(doc, "unit_of_measurement", entity.unit);
  set_if(doc, "device_class", entity.device_class);
  set_if(doc, "state_class", entity.state_class);
  set_if(doc, "icon", entity.icon);
  set_if(doc, "entity_category", entity.entity_category);
  if (entity.expire_after_s > 0)
    doc["expire_after"] = entity.expire_after_s;
  if (!entity.enabled)
    doc["enabled_by_default"] = false;
  if (entity.component == "switch") {
    doc["command_topic"] = entity.command_topic;
    // The state is the reading's number; commands go out as the words the agent accepts.
    doc["state_on"] = "1";
    doc["state_off"] = "0";
    doc["value_template"] = "{{ value_json.value | int }}";
    doc["payload_on"] = "ON";
    doc["payload_off"] = "OFF";
    doc.erase("state_class");
  } else if (entity.component == "number") {
    doc["command_topic"] = entity.command_topic;
    doc["min"] = entity.min;
    doc["max"] = entity.max;
    doc["mode"] = "box";
    doc.erase("state_class");
  }
  return doc.dump();
}

std::string read_hardware_model(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return {};
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto end = text.find_first_of(std::string("\0\n", 2));
  if (end != std::string::npos)
    text.resize(end);
  return text;
}

std::vector<HaEntity> health_entities(const HaDevice& device, int expire_after_s) {
  struct Figure {
    const char* object_id;
    const char* name;
    const char* path;
    const char* unit;
  };
  const Figure figures[] = {
      {"agent_queue_depth", "Queue depth", "buffer.depth", ""},
      {"agent_queue_oldest", "Oldest queued reading", "buffer.oldest_age_s", "s"},
      {"agent_drops", "Dropped readings", "readings.dropped", ""},
      {"agent_reconnects", "Reconnects", "reconnects", ""},
      {"agent_clock_synchronized", "Clock synchronized", "clock_synchronized", ""},
  };
  std::vector<HaEntity> out;
  for (const Figure& figure : figures) {
    HaEntity entity;
    entity.object_id = figure.object_id;
    entity.name = figure.name;
    entity.state_topic = device.topic_prefix + "/health";
    entity.value_template = std::string("{{ value_json.") + figure.path + " }}";
    entity.unit = figure.unit;
    entity.entity_category = "diagnostic";
    entity.expire_after_s = expire_after_s;
    if (entity.unit == "s")
      entity.device_class = "duration";
    if (std::string(figure.object_id) != "agent_clock_synchronized")
      entity.state_class = "measurement";
    out.push_back(entity);
  }
  return out;
}

}  // namespace sa
