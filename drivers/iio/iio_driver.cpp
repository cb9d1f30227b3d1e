#include <cctype>
#include <cerrno>

#include "drivers/builtin.h"
#include "drivers/iio/iio_channel.h"
#include "drivers/problem.h"
#include "drivers/sysfs/sysfs_reader.h"

namespace sa::iio {

namespace {

namespace fs = std::filesystem;

const fs::path kIioDevices = "/sys/bus/iio/devices";

bool is_device_dir_name(const std::string& name) {
  const std::string_view prefix = "iio:device";
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) {
    return false;
  }
  for (size_t i = prefix.size(); i < name.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(name[i])) == 0) {
      return false;
    }
  }
  return true;
}

struct ChannelRequest {
  std::string channel;
  std::string attribute;  // empty: derived
};

class IioSensor final : public Sensor {
 public:
  IioSensor(sysfs::SysfsReader reader, std::string device, std::string path,
            std::vector<ChannelRequest> requests)
      : reader_(std::move(reader)),
        device_(std::move(device)),
        path_(std::move(path)),
        requests_(std::move(requests)) {}

  Status setup() override {
    Status found = find_device();
    if (!found.is_ok()) {
      return found;
    }
    const auto name = reader_.read_text(dir_ / "name");
    is_dht_ = name.ok() && sysfs::trim(name.value).substr(0, 3) == "dht";

    sources_.clear();
    const auto exists = [this](const std::string& attribute) {
      return reader_.exists(dir_ / attribute);
    };
    for (const ChannelRequest& request : requests_) {
      auto source = iio::plan_channel(request.channel, request.attribute, exists);
      if (!source) {
        const std::string stem = iio::default_stem(request.channel);
        std::string reason = dir_.string() + ": channel " + request.channel + ": no attribute ";
        if (request.attribute.empty()) {
          reason.append(stem).append("_input or ").append(stem).append("_raw");
        } else {
          reason += request.attribute;
        }
        return Status::error(reason);
      }
      sources_.push_back(std::move(*source));
    }
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    for (const iio::ChannelSource& source : sources_) {
      double value = 0.0;
      Status status = read_source(source, value);
      if (!status.is_ok()) {
        return status;
      }
      out.push_back(ChannelSample{source.channel, value, {}});
    }
    return Status::ok();
  }

 private:
  Status find_device() {
    if (!path_.empty()) {
      dir_ = path_;
      return reader_.is_directory(dir_) ? Status::ok()
                                        : Status::error(dir_.string() + ": no such IIO device");
    }
    if (is_device_dir_name(device_)) {
      dir_ = kIioDevices / device_;
      return reader_.is_directory(dir_) ? Status::ok()
                                        : Status::error(dir_.string() + ": no such IIO device");
    }
    const auto devices = reader_.glob(kIioDevices / "iio:device*");
    if (devices.empty()) {
      return Status::error(
          "no IIO device under /sys/bus/iio/devices (is its dtoverlay enabled and the kernel "
          "module loaded?)");
    }
    if (device_.empty()) {
      dir_ = devices.front();
      return Status::ok();
    }
    std::string seen;
    for (const fs::path& candidate : devices) {
      const auto name = reader_.read_text(candidate / "name");
      const std::string trimmed = name.ok() ? std::string(sysfs::trim(name.value)) : "?";
      // A device-tree dht11 is named "dht11@4": the part before '@' names it too.
      if (trimmed == device_ || trimmed.substr(0, trimmed.find('@')) == device_) {
        dir_ = candidate;
        return Status::ok();
      }
      seen += (seen.empty() ? "" : ", ") + trimmed;
    }
    return Status::error("no IIO device named \"" + device_ + "\" (found: " + seen + ")");
  }

  Status read_source(const iio::ChannelSource& source, double& value) const {
    const auto reading = reader_.read_number(dir_ / source.attribute);
    if (!reading.ok()) {
      if (reading.error == EIO || reading.error == ETIMEDOUT) {
        return Status::error((dir_ / source.attribute).string() +
                             (is_dht_ ? ": sensor did not answer (DHT timing), will retry"
                                      : ": sensor did not answer (I/O error), will retry"));
      }
      return reading.status;
    }
    if (!source.raw) {
      value = iio::to_agent_unit(reading.value, source.unit_factor);
      return Status::ok();
    }
    double scale = 1.0;
    double offset = 0.0;
    if (!source.scale_attribute.empty()) {
      const auto read_scale = reader_.read_number(dir_ / source.scale_attribute);
      if (!read_scale.ok()) {
        return read_scale.status;
      }
      scale = read_scale.value;
    }
    if (!source.offset_attribute.empty()) {
      const auto read_offset = reader_.read_number(dir_ / source.offset_attribute);
      if (!read_offset.ok()) {
        return read_offset.status;
      }
      offset = read_offset.value;
    }
    value = iio::scaled_value(reading.value, offset, scale, source.unit_factor);
    return Status::ok();
  }

  sysfs::SysfsReader reader_;
  std::string device_;
  std::string path_;
  std::vector<ChannelRequest> requests_;
  fs::path dir_;
  bool is_dht_ = false;
  std::vector<iio::ChannelSource> sources_;
};

std::unique_ptr<Sensor> create_iio(const SensorConfig& config, const DriverContext& context,
                                   std::vector<DriverProblem>& problems) {
  const size_t problems_before = problems.size();
  const std::string device = config.options.string("device", "");
  const std::string path = config.options.string("path", "");
  if (config.options.has("device") && config.options.has("path")) {
    problems.push_back(sensor_problem(config, "path", "set either device or path, not both"));
  }
  if (config.options.has("device") && device.empty()) {
    problems.push_back(sensor_problem(config, "device", "must not be empty"));
  }
  if (config.options.has("path") && (path.empty() || path.front() != '/')) {
    problems.push_back(sensor_problem(
        config, "path", "must be an absolute path, e.g. /sys/bus/iio/devices/iio:device0"));
  }
  std::vector<ChannelRequest> requests;
  for (const ChannelConfig& channel : config.channels) {
    const std::string attribute = channel.options.string("attribute", "");
    if (channel.options.has("attribute") &&
        (attribute.empty() || attribute.find('/') != std::string::npos || attribute == "." ||
         attribute == "..")) {
      problems.push_back(channel_problem(config, channel, "attribute",
                                         "must be an attribute file name such as in_temp_input"));
    }
    requests.push_back(ChannelRequest{channel.name, attribute});
  }
  if (problems.size() != problems_before) {
    return nullptr;
  }
  return std::make_unique<IioSensor>(sysfs::SysfsReader(context.sysfs_root), device, path,
                                     std::move(requests));
}

}  // namespace

Driver make_driver() {
  DriverInfo info;
  info.name = "iio";
  info.summary =
      "Any Linux IIO device in /sys/bus/iio/devices: DHT11/DHT22 (dtoverlay=dht11), BME280, ADCs "
      "and more. Each channel reads one attribute; processed (_input) values are used as they "
      "are, raw ones as (raw + offset) * scale. Temperature is converted to °C, humidity to %RH, "
      "pressure to hPa, voltage to V; other types keep the kernel's unit.";
  info.free_channels = true;
  info.sensor_options = {
      {"device",
       OptionType::string,
       "(first device)",
       "Device by the content of its name attribute (dht11, bme280) or by directory "
       "(iio:device0).",
       false,
       {}},
      {"path",
       OptionType::string,
       "(none)",
       "Device directory, e.g. /sys/bus/iio/devices/iio:device0; instead of device.",
       false,
       {}},
  };
  info.channel_options = {
      {"attribute",
       OptionType::string,
       "(derived)",
       "Attribute to read, e.g. in_temp_input, in_humidityrelative_input, in_voltage0_raw. "
       "Default: <channel>_input, else <channel>_raw with its _scale and _offset (or the "
       "type-wide in_voltage_scale); the channel names temperature, humidity, pressure and "
       "illuminance stand for in_temp, in_humidityrelative, in_pressure and in_illuminance.",
       false,
       {}},
  };
  return Driver{std::move(info), create_iio};
}

}  // namespace sa::iio
