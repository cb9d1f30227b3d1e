#include "drivers/spi/spi_bus.h"

#include <cerrno>
#include <cstring>

#include "drivers/problem.h"

namespace sa {

std::vector<OptionSpec> spi_option_specs(uint32_t default_speed_hz, uint32_t max_speed_hz) {
  return {
      {"device",
       OptionType::string,
       kDefaultSpiDevice,
       "SPI device: /dev/spidevB.C (bus B, chip select C)",
       false,
       {}},
      {"speed",
       OptionType::integer,
       std::to_string(default_speed_hz),
       "SPI clock in Hz, at most " + std::to_string(max_speed_hz),
       false,
       {}},
  };
}

SpiDevice SpiDevice::from_options(const SensorConfig& config, const DriverContext& context,
                                  SpiSettings settings, uint32_t max_speed_hz,
                                  std::vector<DriverProblem>& problems) {
  const std::string path = config.options.string("device", kDefaultSpiDevice);
  if (path.empty()) {
    problems.push_back(
        sensor_problem(config, "device", "must name an SPI device such as /dev/spidev0.0"));
  }
  const int64_t speed = config.options.integer("speed", settings.speed_hz);
  if (speed < 1000 || speed > max_speed_hz) {
    problems.push_back(sensor_problem(
        config, "speed", "must be 1000 to " + std::to_string(max_speed_hz) + " Hz for this chip"));
  } else {
    settings.speed_hz = static_cast<uint32_t>(speed);
  }
  return SpiDevice(context, path, settings);
}

Status SpiDevice::open() {
  if (bus_ != nullptr) {
    return Status::ok();
  }
  if (provider_ == nullptr) {
    return Status::error("no SPI access configured for " + path_);
  }
  Status status = Status::ok();
  bus_ = provider_->open(path_, status);
  if (bus_ == nullptr && status) {
    status = Status::error("cannot open " + path_);
  }
  return status;
}

std::string spi_open_reason(int error, const std::string& path) {
  switch (error) {
    case ENOENT:
    case ENODEV:
      return "no such SPI device: " + path +
             ": enable SPI with raspi-config or dtparam=spi=on in /boot/firmware/config.txt";
    case EACCES:
    case EPERM:
      return "permission denied opening " + path + ": add the service user to the spi group";
    case ENOTTY:
      return path + " is not an SPI device";
    default:
      return "cannot open " + path + ": " + std::strerror(error);
  }
}

}  // namespace sa
