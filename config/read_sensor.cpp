#include <map>

#include "internal/readers.h"
#include "internal/suggest.h"
#include "internal/topic_rules.h"
#include "internal/units.h"

namespace sa::config_detail {

namespace {

using std::chrono::milliseconds;

struct SeenName {
  uint32_t line = 0;
};

const DriverInfo* read_driver(TableReader& reader, const DriverCatalog& drivers,
                              SensorConfig& sensor) {
  std::optional<std::string> name = reader.string("driver");
  if (!name) {
    if (!reader.has("driver")) {
      reader.missing("driver");
    }
    return nullptr;
  }
  sensor.driver = *name;
  const DriverInfo* info = drivers.lookup ? drivers.lookup(*name) : nullptr;
  if (info == nullptr) {
    std::string message = "unknown driver '" + *name + "'" + did_you_mean(*name, drivers.names);
    if (!drivers.names.empty()) {
      message += "; known: " + join(drivers.names);
    }
    reader.error("driver", message);
  }
  return info;
}

void read_timing(TableReader& reader, SensorConfig& sensor) {
  if (std::optional<milliseconds> interval = reader.duration("interval")) {
    if (interval->count() <= 0) {
      reader.error("interval", "interval must be longer than 0s");
    } else {
      sensor.interval = *interval;
    }
  }
  if (std::optional<milliseconds> stale = reader.duration("stale_after")) {
    sensor.stale_after = *stale;
    if (stale->count() > 0 && *stale < sensor.interval) {
      reader.warning("stale_after", "stale_after (" + format_duration(*stale) +
                                        ") is shorter than interval (" +
                                        format_duration(sensor.interval) +
                                        "), so every reading is marked stale before the next");
    }
  }
}

void read_sensor(const toml::table& table, size_t index, ReadContext& context,
                 const DriverCatalog& drivers, std::map<std::string, SeenName>& seen,
                 std::vector<SensorConfig>& out) {
  SensorConfig sensor;
  sensor.where = context.problems.at(table.source());
  // Until the name is known to be good, problems name the sensor by its index.
  TableReader reader(&table, "sensor[" + std::to_string(index) + "]", context);
  std::optional<std::string> name = reader.string("name");
  bool name_ok = false;
  if (!name) {
    if (!reader.has("name")) {
      reader.missing("name");
    }
  } else if (std::string problem = topic_level_problem(*name); !problem.empty()) {
    reader.error("name", "name '" + *name + "' " + problem);
  } else if (*name == "cmd") {
    // {topic_prefix}/cmd/# carries commands to the agent: a sensor there would clash.
    reader.error("name", "name 'cmd' is reserved for commands ({topic_prefix}/cmd/...)");
  } else if (auto it = seen.find(*name); it != seen.end()) {
    reader.error("name", "name '" + *name + "' is already used by the sensor at line " +
                             std::to_string(it->second.line) + "; names must be unique");
  } else {
    seen[*name] = SeenName{reader.value_location("name").line};
    sensor.name = *name;
    name_ok = true;
    reader.set_path("sensor." + *name);
  }

  const DriverInfo* info = read_driver(reader, drivers, sensor);
  read_timing(reader, sensor);
  ChannelDefaults defaults;
  assign_if(defaults.qos, reader.integer("qos", 0, 2));
  assign_if(defaults.retain, reader.boolean("retain"));
  const toml::table* channels = reader.subtable("channels");
  if (info != nullptr) {
    read_driver_options(reader, info->sensor_options, sensor.options);
    read_channels(reader, channels, info, defaults, sensor.channels);
    reader.report_unknown_keys();
  }
  if (name_ok) {
    out.push_back(std::move(sensor));
  }
}

}  // namespace

void read_sensors(const toml::node* sensors, ReadContext& context, const DriverCatalog& drivers,
                  std::vector<SensorConfig>& out) {
  if (sensors == nullptr) {
    context.problems.warning(context.top, "sensor",
                             "no [[sensor]] is configured; only the health topic is published");
    return;
  }
  if (sensors->is_table()) {
    context.problems.error(context.problems.at(sensors->source()), "sensor",
                           "sensor must be an array of tables: write [[sensor]], not [sensor]");
    return;
  }
  const toml::array* list = sensors->as_array();
  if (list == nullptr) {
    context.problems.error(context.problems.at(sensors->source()), "sensor",
                           "sensor must be an array of tables: one [[sensor]] per sensor");
    return;
  }
  std::map<std::string, SeenName> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    const toml::node& node = *list->get(i);
    if (const toml::table* table = node.as_table()) {
      read_sensor(*table, i, context, drivers, seen, out);
    } else {
      context.problems.error(context.problems.at(node.source()),
                             "sensor[" + std::to_string(i) + "]",
                             "each sensor must be a table: one [[sensor]] per sensor");
    }
  }
}

}  // namespace sa::config_detail
