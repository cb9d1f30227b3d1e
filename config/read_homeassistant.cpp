#include "internal/readers.h"
#include "internal/topic_rules.h"

namespace sa::config_detail {
namespace {

// Home Assistant's MQTT sensor state classes.
bool known_state_class(const std::string& value) {
  return value == "measurement" || value == "total" || value == "total_increasing";
}

}  // namespace

void read_homeassistant(const toml::table* table, ReadContext& context, const DeviceConfig& device,
                        HomeAssistantConfig& ha) {
  TableReader reader(table, "homeassistant", context);
  assign_if(ha.discovery, reader.boolean("discovery"));
  if (std::optional<std::string> prefix = reader.string("prefix")) {
    if (std::string problem = topic_name_problem(*prefix); !problem.empty())
      reader.error("prefix", "prefix '" + *prefix + "' " + problem);
    else
      ha.prefix = *prefix;
  }
  ha.node_name = device.id;
  if (std::optional<std::string> node = reader.string("node_name")) {
    if (std::string problem = topic_level_problem(*node); !problem.empty())
      reader.error("node_name", "node_name '" + *node + "' " + problem);
    else
      ha.node_name = *node;
  }
  reader.report_unknown_keys();
}

void read_commands(const toml::table* table, ReadContext& context, CommandsConfig& commands) {
  TableReader reader(table, "commands", context);
  assign_if(commands.enabled, reader.boolean("enabled"));
  commands.rate_limit =
      static_cast<int>(reader.integer("rate_limit", 0, 1000).value_or(commands.rate_limit));
  reader.report_unknown_keys();
}

void read_ha_channel(TableReader& channel, HaChannelConfig& ha) {
  assign_if(ha.device_class, channel.string("ha_device_class"));
  if (std::optional<std::string> state_class = channel.string("ha_state_class")) {
    if (!known_state_class(*state_class)) {
      channel.error("ha_state_class", "ha_state_class '" + *state_class +
                                          "' must be measurement, total or total_increasing");
    } else {
      ha.state_class = *state_class;
    }
  }
  assign_if(ha.name, channel.string("ha_name"));
  assign_if(ha.icon, channel.string("ha_icon"));
  assign_if(ha.enabled, channel.boolean("ha_enabled"));
}

}  // namespace sa::config_detail
