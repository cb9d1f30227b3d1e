#include <algorithm>

#include "internal/readers.h"
#include "internal/suggest.h"
#include "internal/topic_rules.h"

namespace sa::config_detail {

namespace {

const ChannelSpec* find_spec(const DriverInfo& driver, std::string_view name) {
  for (const ChannelSpec& spec : driver.channels) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

std::vector<std::string> channel_names(const DriverInfo& driver) {
  std::vector<std::string> names;
  for (const ChannelSpec& spec : driver.channels) {
    names.push_back(spec.name);
  }
  return names;
}

std::string not_a_table(const std::string& name) {
  std::string message = "channel '" + name + "' must be a table, like [sensor.channels.";
  message += name;
  message += ']';
  return message;
}

// One channel: `table` is null for a driver channel the sensor does not list.
ChannelConfig read_channel(TableReader& sensor, const std::string& name, const toml::table* table,
                           const SourceLocation& where, const DriverInfo& driver,
                           const ChannelDefaults& defaults) {
  ChannelConfig channel;
  channel.name = name;
  channel.where = where;
  if (const ChannelSpec* spec = find_spec(driver, name)) {
    channel.unit = spec->unit;
  }
  TableReader reader(table, sensor.path() + ".channels." + name, sensor.context());
  reader.set_fallback_location(where);
  assign_if(channel.unit, reader.string("unit"));
  channel.qos = static_cast<int>(reader.integer("qos", 0, 2).value_or(defaults.qos));
  channel.retain = reader.boolean("retain").value_or(defaults.retain);
  channel.queue = reader.boolean("queue").value_or(channel.qos > 0);
  read_transform(reader, channel.transform);
  read_driver_options(reader, driver.channel_options, channel.options);
  read_ha_channel(reader, channel.ha);
  reader.report_unknown_keys();
  return channel;
}

}  // namespace

void read_channels(TableReader& sensor, const toml::table* channels, const DriverInfo* driver,
                   const ChannelDefaults& defaults, std::vector<ChannelConfig>& out) {
  if (driver == nullptr) {
    return;
  }
  if (channels == nullptr || channels->empty()) {
    if (driver->free_channels) {
      sensor.error_at_table("driver '" + driver->name +
                            "' needs at least one channel: add [sensor.channels.NAME]");
      return;
    }
    for (const ChannelSpec& spec : driver->channels) {
      out.push_back(read_channel(sensor, spec.name, nullptr, sensor.location(), *driver, defaults));
    }
    return;
  }

  // toml++ keeps keys sorted; publish channels in the order the file lists them.
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, node] : *channels) {
    entries.emplace_back(&key, &node);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const toml::source_position& pa = a.first->source().begin;
    const toml::source_position& pb = b.first->source().begin;
    return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
  });

  ProblemList& problems = sensor.context().problems;
  for (const auto& [key, node] : entries) {
    std::string name(key->str());
    std::string path = sensor.path() + ".channels." + name;
    SourceLocation where = problems.at(key->source());
    if (std::string problem = topic_level_problem(name); !problem.empty()) {
      problems.error(where, path, "channel name '" + name + "' " + std::move(problem));
      continue;
    }
    if (!driver->free_channels && find_spec(*driver, name) == nullptr) {
      std::vector<std::string> known = channel_names(*driver);
      problems.error(where, path,
                     "unknown channel '" + name + "' for driver '" + driver->name + "'" +
                         did_you_mean(name, known) + "; known: " + join(known));
      continue;
    }
    const toml::table* table = node->as_table();
    if (table == nullptr) {
      problems.error(problems.at(node->source()), path, not_a_table(name));
      continue;
    }
    out.push_back(read_channel(sensor, name, table, where, *driver, defaults));
  }
}

}  // namespace sa::config_detail
