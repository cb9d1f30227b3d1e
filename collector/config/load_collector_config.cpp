#include <toml++/toml.h>

#include "collector_config.h"
#include "internal/file_access.h"
#include "internal/readers.h"
#include "internal/topic_rules.h"

namespace sa::collector {

using config_detail::ProblemList;
using config_detail::ReadContext;
using config_detail::TableReader;

namespace {

constexpr int64_t kMaxReceiveMaximum = 65535;  // MQTT 5 carries it in two bytes

// A subscription filter: MQTT topic filter rules (wildcards only as whole levels).
std::string filter_problem(const std::string& filter) {
  if (filter.empty()) {
    return "must not be empty";
  }
  if (filter.size() > 65535 || filter.find('\0') != std::string::npos) {
    return "must be at most 65535 bytes without U+0000";
  }
  size_t start = 0;
  while (start <= filter.size()) {
    size_t end = filter.find('/', start);
    std::string level =
        filter.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if ((level.find('+') != std::string::npos && level != "+") ||
        (level.find('#') != std::string::npos && level != "#")) {
      return "uses '+' or '#' inside a level ('" + level + "'); wildcards fill a whole level";
    }
    if (level == "#" && end != std::string::npos) {
      return "has '#' before the last level";
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  if (filter.rfind("$share/", 0) == 0) {
    return "is already a shared subscription; set shared_group instead";
  }
  return "";
}

void read_collector(const toml::table* table, ReadContext& context, CollectorSettings& out) {
  TableReader reader(table, "collector", context);
  out.name = context.env.hostname;
  if (std::optional<std::string> name = reader.string("name")) {
    if (name->empty() || name->find_first_of("/+#") != std::string::npos) {
      reader.error("name",
                   "name must be non-empty and free of '/', '+' and '#' (it is a topic level)");
    } else {
      out.name = *name;
    }
  }
  if (const toml::node* topics = reader.find("topics")) {
    const toml::array* list = topics->as_array();
    if (list == nullptr || list->empty()) {
      reader.error("topics", "topics must be a non-empty array of topic filters");
    } else {
      std::vector<std::string> filters;
      for (const toml::node& item : *list) {
        const std::string* text = item.is_string() ? &item.as_string()->get() : nullptr;
        if (text == nullptr) {
          reader.error("topics", "topics must hold strings (topic filters)");
          break;
        }
        if (std::string problem = filter_problem(*text); !problem.empty()) {
          reader.error("topics", "topic filter '" + *text + "' " + problem);
          continue;
        }
        filters.push_back(*text);
      }
      if (filters.size() == list->size()) {
        out.topics = std::move(filters);
      }
    }
  }
  if (std::optional<std::string> group = reader.string("shared_group")) {
    if (group->find_first_of("/+#") != std::string::npos) {
      reader.error("shared_group", "shared_group must not contain '/', '+' or '#'");
    } else {
      out.shared_group = *group;
    }
  }
  if (std::optional<int64_t> size = reader.integer("batch_size", 1, kMaxReceiveMaximum)) {
    out.batch_size = static_cast<int>(*size);
  }
  if (std::optional<milliseconds> time = reader.duration("batch_time")) {
    if (time->count() <= 0) {
      reader.error("batch_time", "batch_time must be longer than 0s");
    } else {
      out.batch_time = *time;
    }
  }
  config_detail::assign_if(out.retention, reader.duration("retention"));
  if (std::optional<milliseconds> interval = reader.duration("health_interval")) {
    if (interval->count() <= 0) {
      reader.error("health_interval", "health_interval must be longer than 0s");
    } else {
      out.health_interval = *interval;
    }
  }
  config_detail::assign_if(
      out.log_level,
      reader.choice("log_level", {"trace", "debug", "info", "warn", "error", "critical", "off"}));
  reader.report_unknown_keys();
}

void read_database(const toml::table* table, ReadContext& context, DatabaseConfig& out) {
  TableReader reader(table, "database", context);
  if (std::optional<std::string> url = reader.string("url")) {
    if (url->rfind("sqlite:", 0) == 0 && url->size() > 7) {
      out.kind = DatabaseKind::sqlite;
      out.url = *url;
    } else if (url->rfind("postgresql://", 0) == 0 || url->rfind("postgres://", 0) == 0) {
      out.kind = DatabaseKind::postgresql;
      out.url = *url;
    } else {
      reader.error("url",
                   "url must be \"sqlite:PATH\" or \"postgresql://[user@]host[:port]/dbname\"");
    }
  }
  if (out.kind == DatabaseKind::sqlite) {
    out.sqlite_path = out.url.substr(7);
  }
  reader.report_unknown_keys();
}

// The collector drives the socket itself to hold acknowledgements until the database commit;
// only libmosquitto lets it do that.
void refuse_paho(const toml::table* broker, ProblemList& problems) {
  if (broker == nullptr) {
    return;
  }
  const toml::node* client = broker->get("client");
  if (client != nullptr && client->is_string() && client->as_string()->get() == "paho") {
    problems.error(problems.at(client->source()), "broker.client",
                   "client \"paho\" is not supported by sensor-collector: it acknowledges a "
                   "message before the collector can commit it; use \"mosquitto\"");
  }
}

CollectorLoadResult finish(ProblemList& problems, CollectorConfig config) {
  CollectorLoadResult result;
  if (!problems.has_errors()) {
    result.config = std::move(config);
  }
  result.problems = problems.take_sorted();
  return result;
}

}  // namespace

std::vector<std::string> CollectorConfig::subscriptions() const {
  std::vector<std::string> out;
  for (const std::string& filter : collector.topics) {
    out.push_back(collector.shared_group.empty()
                      ? filter
                      : "$share/" + collector.shared_group + "/" + filter);
  }
  return out;
}

CollectorLoadResult load_collector_config_text(std::string_view toml, const std::string& path,
                                               const LoadEnvironment& env) {
  ProblemList problems(path);
  CollectorConfig config;
  config.path = path;
  config.broker.client = MqttClient::mosquitto;
  toml::table root;
  try {
    root = toml::parse(toml, std::string_view(path));
  } catch (const toml::parse_error& error) {
    problems.error(problems.at(error.source()), "", std::string(error.description()));
    return finish(problems, std::move(config));
  }
  ReadContext context{problems, env, std::nullopt, SourceLocation{path, 1, 1}};
  TableReader top(&root, "", context);
  read_collector(top.subtable("collector"), context, config.collector);
  // {device} in [broker] strings (client_id) stands for the collector's name.
  context.device_id = config.collector.name;
  const toml::table* broker = top.subtable("broker");
  config.broker.client_id = "sensor-collector-{device}";
  config_detail::read_broker(broker, context, config.broker);
  refuse_paho(broker, problems);
  read_database(top.subtable("database"), context, config.database);
  top.report_unknown_keys();
  return finish(problems, std::move(config));
}

CollectorLoadResult load_collector_config_file(const std::string& path,
                                               const LoadEnvironment& env) {
  std::string text;
  std::string problem;
  if (!config_detail::read_whole_file(path, text, problem)) {
    ProblemList problems(path);
    problems.error(SourceLocation{path, 0, 0}, "", "cannot read the config file: " + problem);
    return finish(problems, CollectorConfig{});
  }
  return load_collector_config_text(text, path, env);
}

}  // namespace sa::collector
