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

// For `check`: every device a sensor will open (its `bus`, `device` or `port` under /dev, set or
// the driver's default) that is missing or not readable and writable by this user, with what to
// do about it: "sensor pots: no such SPI device: /dev/spidev0.0: enable SPI with ...". Looks at
// the paths only (stat and access); opens nothing.
std::vector<std::string> device_notes(const Config& config, const std::string& dev_root = "");

// "3 sensors, 7 channels, broker mqtt://host:1883"
std::string config_summary(const Config& config);

}  // namespace sa
