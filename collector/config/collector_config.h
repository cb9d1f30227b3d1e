#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "loader.h"

namespace sa::collector {

using std::chrono::milliseconds;

enum class DatabaseKind { sqlite, postgresql };

struct DatabaseConfig {
  std::string url = "sqlite:/var/lib/sensor-collector/readings.db";
  DatabaseKind kind = DatabaseKind::sqlite;
  std::string sqlite_path;  // for sqlite: the part after "sqlite:"
};

struct CollectorSettings {
  std::string name;                              // default: the host name
  std::vector<std::string> topics{"sensors/#"};  // topic filters, QoS 1
  std::string shared_group;                      // empty: a plain subscription
  int batch_size = 500;                          // also the MQTT 5 receive maximum
  milliseconds batch_time{200};                  // longest wait before a partial batch commits
  milliseconds retention{0};                     // 0: readings are kept forever
  milliseconds health_interval{60'000};          // collector/{name}/health
  std::string log_level = "info";
};

struct CollectorConfig {
  std::string path;
  BrokerConfig broker;
  DatabaseConfig database;
  CollectorSettings collector;

  // A filter as subscribed: $share/{group}/{filter} when shared_group is set.
  std::vector<std::string> subscriptions() const;
};

struct CollectorLoadResult {
  std::optional<CollectorConfig> config;  // set when there is no error (warnings allowed)
  std::vector<ConfigProblem> problems;    // every problem, in file order
  bool ok() const { return config.has_value(); }
};

CollectorLoadResult load_collector_config_text(std::string_view toml, const std::string& path,
                                               const LoadEnvironment& env);
CollectorLoadResult load_collector_config_file(const std::string& path, const LoadEnvironment& env);

}  // namespace sa::collector
