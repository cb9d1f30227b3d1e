#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"

namespace sa {

// One problem in a config file, printed as `FILE:LINE:COL: key.path: message`. Problems without a
// position (an unreadable file) print as `FILE: message`; a syntax error has no key path.
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
  // Resolves ${NAME} in string values; empty: no variable is set (tests inject a map here).
  std::function<std::optional<std::string>(const std::string& name)> lookup;

  static LoadEnvironment from_process();
  // ${CREDENTIALS_DIRECTORY} comes from credentials_directory when that is set, else from lookup.
  std::optional<std::string> variable(const std::string& name) const;
};

// Finds a driver's schema by name; nullptr for an unknown driver.
using DriverLookup = std::function<const DriverInfo*(std::string_view name)>;

struct LoadResult {
  std::optional<Config> config;         // set when there is no error (warnings allowed)
  std::vector<ConfigProblem> problems;  // every problem found, in file order
  // What could be read despite errors, so that later checks (the drivers') still report their
  // problems in the same run. Sensors named in an error's key path are best skipped.
  std::optional<Config> partial;

  bool ok() const { return config.has_value(); }
};

// known_drivers only feeds the "unknown driver 'x'; known: ..." message.
LoadResult load_config_file(const std::string& path, const DriverLookup& drivers,
                            const LoadEnvironment& env,
                            const std::vector<std::string>& known_drivers = {});
LoadResult load_config_text(std::string_view toml, const std::string& path,
                            const DriverLookup& drivers, const LoadEnvironment& env,
                            const std::vector<std::string>& known_drivers = {});

// "250ms", "10s", "5m", "2h", "7d", "1m30s" (units descending, each once), "0"; nullopt when
// malformed or too large.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
// "512", "64KiB", "64MiB", "1GiB", "10MB", "1kB" (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB);
// nullopt when malformed or too large.
std::optional<uint64_t> parse_size(std::string_view text);
// MQTT topic name rules for publishing: empty string when valid, else the reason.
std::string topic_name_problem(std::string_view topic);

}  // namespace sa
