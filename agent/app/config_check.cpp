#include "app/config_check.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <tuple>

#include "app/host_context.h"
#include "drivers/i2c/i2c_errors.h"
#include "drivers/registry.h"
#include "drivers/spi/spi_bus.h"
#include "drivers/uart/serial_port.h"

namespace sa {
namespace {

const DriverInfo* lookup_driver(std::string_view name) {
  const Driver* driver = find_driver(name);
  return driver == nullptr ? nullptr : &driver->info;
}

std::vector<std::string> driver_names() {
  std::vector<std::string> names;
  for (const auto& driver : all_drivers()) {
    names.push_back(driver.info.name);
  }
  return names;
}

// A config with loader errors still goes through the drivers, so that one run of `check`
// reports every mistake; a driver's complaint about a key the loader already flagged is dropped.
void drop_repeated_keys(std::vector<ConfigProblem>& problems, size_t loader_count) {
  const auto loader_end = problems.begin() + static_cast<std::ptrdiff_t>(loader_count);
  problems.erase(std::remove_if(loader_end, problems.end(),
                                [&](const ConfigProblem& driver_problem) {
                                  return std::any_of(problems.begin(), loader_end,
                                                     [&](const ConfigProblem& p) {
                                                       return p.key_path == driver_problem.key_path;
                                                     });
                                }),
                 problems.end());
}

bool in_file_order(const ConfigProblem& a, const ConfigProblem& b) {
  return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
}

CheckedConfig add_driver_problems(LoadResult loaded) {
  CheckedConfig checked;
  checked.problems = std::move(loaded.problems);
  if (!loaded.config && !loaded.partial) {
    return checked;
  }
  // The providers open nothing until a sensor's setup(), so creating sensors stays free of I/O.
  const HostContext host;
  const DriverContext& context = host.context();
  const size_t before = checked.problems.size();
  create_sensors(loaded.config ? *loaded.config : *loaded.partial, context, checked.problems);
  drop_repeated_keys(checked.problems, before);
  const bool driver_error =
      std::any_of(checked.problems.begin() + static_cast<std::ptrdiff_t>(before),
                  checked.problems.end(), [](const ConfigProblem& p) { return !p.warning; });
  if (loaded.config && !driver_error) {
    checked.config = std::move(loaded.config);
  }
  std::stable_sort(checked.problems.begin(), checked.problems.end(), in_file_order);
  return checked;
}

}  // namespace

size_t CheckedConfig::error_count() const {
  return static_cast<size_t>(std::count_if(problems.begin(), problems.end(),
                                           [](const ConfigProblem& p) { return !p.warning; }));
}

CheckedConfig check_config_file(const std::string& path, const LoadEnvironment& env) {
  return add_driver_problems(load_config_file(path, lookup_driver, env, driver_names()));
}

CheckedConfig check_config_text(std::string_view toml, const std::string& path,
                                const LoadEnvironment& env) {
  return add_driver_problems(load_config_text(toml, path, lookup_driver, env, driver_names()));
}

std::vector<BuiltSensor> create_sensors(const Config& config, const DriverContext& context,
                                        std::vector<ConfigProblem>& problems) {
  std::vector<BuiltSensor> sensors;
  for (const auto& sensor_config : config.sensors) {
    const Driver* driver = find_driver(sensor_config.driver);
    if (driver == nullptr) {
      problems.push_back({sensor_config.where, "sensor." + sensor_config.name + ".driver",
                          "unknown driver '" + sensor_config.driver + "'", false});
      continue;
    }
    std::vector<DriverProblem> driver_problems;
    auto sensor = driver->create(sensor_config, context, driver_problems);
    for (auto& problem : driver_problems) {
      problems.push_back({problem.where.line == 0 ? sensor_config.where : problem.where,
                          std::move(problem.key_path), std::move(problem.message), false});
    }
    if (sensor == nullptr && driver_problems.empty()) {
      problems.push_back({sensor_config.where, "sensor." + sensor_config.name,
                          "driver '" + sensor_config.driver + "' could not create the sensor",
                          false});
    }
    if (sensor != nullptr && driver_problems.empty()) {
      sensors.push_back({&sensor_config, std::move(sensor)});
    }
  }
  return sensors;
}

std::vector<std::string> device_notes(const Config& config, const std::string& dev_root) {
  std::vector<std::string> notes;
  for (const auto& sensor : config.sensors) {
    const Driver* driver = find_driver(sensor.driver);
    if (driver == nullptr) {
      continue;
    }
    for (const OptionSpec& spec : driver->info.sensor_options) {
      if (spec.name != "bus" && spec.name != "device" && spec.name != "port") {
        continue;
      }
      const std::string path = sensor.options.string(spec.name, spec.default_text);
      if (path.rfind("/dev/", 0) != 0) {
        continue;
      }
      if (::access((dev_root + path).c_str(), R_OK | W_OK) == 0) {
        continue;
      }
      const int error = errno;
      std::string reason = spec.name == "bus"      ? i2c_open_reason(error, path)
                           : spec.name == "device" ? spi_open_reason(error, path)
                                                   : serial_open_reason(error, path);
      notes.push_back("sensor " + sensor.name + ": " + reason);
    }
  }
  return notes;
}

std::string config_summary(const Config& config) {
  size_t channels = 0;
  for (const auto& sensor : config.sensors) {
    channels += sensor.channels.size();
  }
  auto count = [](size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  return count(config.sensors.size(), "sensor") + ", " + count(channels, "channel") + ", broker " +
         config.broker.url;
}

}  // namespace sa
