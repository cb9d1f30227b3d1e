#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/loader.h"
#include "drivers/driver.h"

namespace sa {

// The loader's problems plus those only a driver can see, all at once and in one format.
struct CheckedConfig {
  std::optional<Config> config;  // set when there is no error (warnings allowed)
  std::vector<ConfigProblem> problems;

  bool ok() const { return config.has_value(); }
  size_t error_count() const;
};

// Loads `path` against the registered drivers, then creates every sensor through its driver's
// factory (no I/O) to collect the driver's problems too.
CheckedConfig check_config_file(const std::string& path, const LoadEnvironment& env);
CheckedConfig check_config_text(std::string_view toml, const std::string& path,
                                const LoadEnvironment& env);

struct BuiltSensor {
  const SensorConfig* config = nullptr;
  std::unique_ptr<Sensor> sensor;
};

// Creates the sensors of `config`; a driver's problems are appended to `problems`. A sensor whose
// factory returns nullptr is left out.
std::vector<BuiltSensor> create_sensors(const Config& config, const DriverContext& context,
                                        std::vector<ConfigProblem>& problems);

// "3 sensors, 7 channels, broker mqtt://host:1883"
std::string config_summary(const Config& config);

}  // namespace sa
