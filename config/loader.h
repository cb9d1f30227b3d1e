#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"

namespace sa {

// One problem in a config file, printed as `FILE:LINE:COL: key.path: message`.
struct ConfigProblem {
  SourceLocation where;
  std::string key_path;
  std::string message;
  bool warning = false;  // accepted, but worth fixing (an inline password, say)

  std::string format() const;
};

struct LoadEnvironment {
  std::string hostname;               // default device id
  std::string credentials_directory;  // $CREDENTIALS_DIRECTORY of systemd, may be empty
  static LoadEnvironment from_process();
};

// Finds a driver's schema by name; nullptr for an unknown driver.
using DriverLookup = std::function<const DriverInfo*(std::string_view name)>;

struct LoadResult {
  std::optional<Config> config;        // set when there is no error (warnings allowed)
  std::vector<ConfigProblem> problems; // every problem found, in file order

  bool ok() const { return config.has_value(); }
};

LoadResult load_config_file(const std::string& path, const DriverLookup& drivers,
                            const LoadEnvironment& env);
LoadResult load_config_text(std::string_view toml, const std::string& path,
                            const DriverLookup& drivers, const LoadEnvironment& env);

// "250ms", "10s", "5m", "2h", "7d"; nullopt when malformed.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
// "512", "64KiB", "64MiB", "1GiB", "10MB"; nullopt when malformed.
std::optional<uint64_t> parse_size(std::string_view text);
// MQTT topic name rules for publishing: empty string when valid, else the reason.
std::string topic_name_problem(std::string_view topic);

}  // namespace sa
