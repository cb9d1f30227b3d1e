#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/status.h"

namespace sa {

class I2cBusProvider;
class SpiBusProvider;
class GpioProvider;

// What a driver may touch. Drivers receive their buses and never open devices by a path of their
// own choosing, so tests hand them emulated buses and sysfs trees.
struct DriverContext {
  std::filesystem::path sysfs_root = "/";  // prefix for /sys and /proc paths
  I2cBusProvider* i2c = nullptr;
  SpiBusProvider* spi = nullptr;  // /dev/spidevB.C
  GpioProvider* gpio = nullptr;

  std::filesystem::path host_path(const std::filesystem::path& absolute) const {
    return sysfs_root / absolute.relative_path();
  }
};

struct ChannelSample {
  std::string channel;
  double value = 0.0;
  std::optional<WallTime> at;  // set by drivers that know better (kernel edge timestamps)
};

// One configured sensor. Lifecycle: setup() until it succeeds (probe the chip, read calibration),
// then read() once per interval. Both report failures as Status; neither may throw.
class Sensor {
 public:
  virtual ~Sensor() = default;

  virtual Status setup() { return Status::ok(); }
  // Samples every configured channel; appends to `out`.
  virtual Status read(std::vector<ChannelSample>& out) = 0;

  // Event-driven sensors (GPIO edges) expose a pollable fd; the runner calls on_event() when it
  // is readable, between interval reads.
  virtual int event_fd() const { return -1; }
  virtual Status on_event(std::vector<ChannelSample>& /*out*/) { return Status::ok(); }
};

// Builds a sensor from its config. Problems that only the driver can see (sim min > max) are
// reported through `problems` as messages with the option's key; creation does no I/O, so
// `sensor-agent check` can call it.
struct DriverProblem {
  std::string key_path;  // e.g. "sensor.wave.channels.temperature.min"
  SourceLocation where;
  std::string message;
};

using SensorFactory =
    std::function<std::unique_ptr<Sensor>(const SensorConfig& config, const DriverContext& context,
                                          std::vector<DriverProblem>& problems)>;

struct Driver {
  DriverInfo info;
  SensorFactory create;
};

}  // namespace sa
