#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "config.h"
#include "internal/table_reader.h"
#include "loader.h"

namespace sa::config_detail {

// One reader per TOML table. Each takes the table (null when absent), fills its struct from the
// defaults up and reports every problem through the context.

// Also sets context.device_id, which every later string expansion needs.
void read_device(const toml::table* table, ReadContext& context, DeviceConfig& device);
void read_agent(const toml::table* table, ReadContext& context, AgentSettings& agent);
void read_broker(const toml::table* table, ReadContext& context, BrokerConfig& broker);
void read_queue(const toml::table* table, ReadContext& context, const AgentSettings& agent,
                QueueConfig& queue);

struct DriverCatalog {
  const DriverLookup& lookup;
  const std::vector<std::string>& names;
};

void read_sensors(const toml::node* sensors, ReadContext& context, const DriverCatalog& drivers,
                  std::vector<SensorConfig>& out);

struct ChannelDefaults {
  int qos = 1;
  bool retain = false;
};

// `channels` is the sensor's channels table (null when absent); `sensor` reads the sensor table.
void read_channels(TableReader& sensor, const toml::table* channels, const DriverInfo* driver,
                   const ChannelDefaults& defaults, std::vector<ChannelConfig>& out);
void read_transform(TableReader& channel, TransformConfig& transform);
// [homeassistant], [commands] and the ha_* keys of a channel (read_homeassistant.cpp).
void read_homeassistant(const toml::table* table, ReadContext& context, const DeviceConfig& device,
                        HomeAssistantConfig& ha);
void read_commands(const toml::table* table, ReadContext& context, CommandsConfig& commands);
void read_ha_channel(TableReader& channel, HaChannelConfig& ha);
void read_driver_options(TableReader& reader, const std::vector<OptionSpec>& specs, Options& out);

// Builds {topic_prefix}/{sensor}/{channel} into every channel and checks it.
void build_topics(const DeviceConfig& device, ReadContext& context,
                  std::vector<SensorConfig>& sensors);

}  // namespace sa::config_detail
