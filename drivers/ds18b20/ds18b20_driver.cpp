#include <cctype>

#include "drivers/builtin.h"
#include "drivers/ds18b20/w1_slave.h"
#include "drivers/problem.h"
#include "drivers/sysfs/sysfs_reader.h"

namespace sa::ds18b20 {

namespace {

namespace fs = std::filesystem;

const fs::path kW1Devices = "/sys/bus/w1/devices";

// "28-00000abcdef0": a family code and a 48-bit serial, as the w1 bus names its devices.
bool is_device_id(const std::string& text) {
  constexpr size_t kFamilyDigits = 2;
  constexpr size_t kSerialDigits = 12;
  if (text.size() != kFamilyDigits + 1 + kSerialDigits || text[kFamilyDigits] != '-') {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != kFamilyDigits && std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
      return false;
    }
  }
  return true;
}

class Ds18b20Sensor final : public Sensor {
 public:
  Ds18b20Sensor(sysfs::SysfsReader reader, std::string configured)
      : reader_(std::move(reader)), configured_(std::move(configured)) {}

  Status setup() override {
    fs::path device;
    if (configured_.empty()) {
      const auto found = reader_.glob(kW1Devices / "28-*" / "w1_slave");
      if (found.empty()) {
        return Status::error(
            "no DS18B20 under /sys/bus/w1/devices (is dtoverlay=w1-gpio enabled and the sensor "
            "wired with a pull-up?)");
      }
      device = found.front().parent_path();
    } else if (is_device_id(configured_)) {
      device = kW1Devices / configured_;
    } else if (reader_.is_directory(configured_)) {
      device = configured_;
    } else {
      // The w1_slave file itself.
      w1_slave_ = configured_;
      temperature_.clear();
      return reader_.exists(w1_slave_) ? Status::ok()
                                       : Status::error(w1_slave_.string() + ": no such file");
    }
    w1_slave_ = device / "w1_slave";
    // Kernels from 5.10 have a plain temperature attribute: one read, no text to parse.
    temperature_ = reader_.exists(device / "temperature") ? device / "temperature" : fs::path();
    if (temperature_.empty() && !reader_.exists(w1_slave_)) {
      return Status::error(device.string() + ": no such 1-Wire device");
    }
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    double celsius = 0.0;
    Status status = temperature_.empty() ? read_w1_slave(celsius) : read_temperature(celsius);
    if (!status.is_ok()) {
      return status;
    }
    out.push_back(ChannelSample{"temperature", celsius, {}});
    return Status::ok();
  }

 private:
  Status read_temperature(double& celsius) const {
    const auto milli = reader_.read_integer(temperature_);
    if (!milli.ok()) {
      return milli.status;
    }
    Status status = ds18b20::milli_celsius_to_celsius(milli.value, celsius);
    return status.is_ok() ? status : Status::error(temperature_.string() + ": " + status.reason());
  }

  Status read_w1_slave(double& celsius) const {
    const auto text = reader_.read_text(w1_slave_);
    if (!text.ok()) {
      return text.status;
    }
    Status status = ds18b20::parse_w1_slave(text.value, celsius);
    return status.is_ok() ? status : Status::error(w1_slave_.string() + ": " + status.reason());
  }

  sysfs::SysfsReader reader_;
  std::string configured_;
  fs::path w1_slave_;
  fs::path temperature_;  // empty: the kernel has none, parse w1_slave
};

std::unique_ptr<Sensor> create_ds18b20(const SensorConfig& config, const DriverContext& context,
                                       std::vector<DriverProblem>& problems) {
  const std::string path = config.options.string("path", "");
  if (config.options.has("path") && !is_device_id(path) && (path.empty() || path.front() != '/')) {
    problems.push_back(sensor_problem(
        config, "path",
        "expected a device id like 28-00000abcdef0 or an absolute path, got \"" + path + "\""));
    return nullptr;
  }
  return std::make_unique<Ds18b20Sensor>(sysfs::SysfsReader(context.sysfs_root), path);
}

}  // namespace

Driver make_driver() {
  DriverInfo info;
  info.name = "ds18b20";
  info.summary =
      "DS18B20 1-Wire temperature sensor through the kernel's w1 driver (dtoverlay=w1-gpio). "
      "Uses the temperature attribute when the kernel has it, else parses w1_slave and checks its "
      "CRC.";
  info.channels = {{"temperature", "°C", "Temperature, -55 to 125 °C."}};
  info.sensor_options = {
      {"path",
       OptionType::string,
       "(discovered)",
       "Device id (28-00000abcdef0), device directory or w1_slave file. Default: the first "
       "/sys/bus/w1/devices/28-*/w1_slave.",
       false,
       {}},
  };
  return Driver{std::move(info), create_ds18b20};
}

}  // namespace sa::ds18b20
