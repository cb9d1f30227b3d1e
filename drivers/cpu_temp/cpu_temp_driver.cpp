#include "drivers/builtin.h"
#include "drivers/cpu_temp/thermal_zone.h"
#include "drivers/problem.h"
#include "drivers/sysfs/sysfs_reader.h"

namespace sa {

namespace {

constexpr double kMilliPerUnit = 1000.0;

class CpuTempSensor final : public Sensor {
 public:
  CpuTempSensor(sysfs::SysfsReader reader, std::string configured_path)
      : reader_(std::move(reader)), configured_path_(std::move(configured_path)) {}

  Status setup() override {
    if (configured_path_.empty()) {
      const auto zone = find_cpu_thermal_zone(reader_);
      if (!zone) {
        return Status::error("no thermal zone under /sys/class/thermal (set option path)");
      }
      temp_file_ = *zone / "temp";
    } else if (reader_.is_directory(configured_path_)) {
      temp_file_ = std::filesystem::path(configured_path_) / "temp";
    } else {
      temp_file_ = configured_path_;  // the temp file itself
    }
    if (!reader_.exists(temp_file_)) {
      return Status::error(temp_file_.string() + ": no such file");
    }
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    const auto milli = reader_.read_integer(temp_file_);
    if (!milli.ok()) {
      return milli.status;
    }
    out.push_back(
        ChannelSample{"temperature", static_cast<double>(milli.value) / kMilliPerUnit, {}});
    return Status::ok();
  }

 private:
  sysfs::SysfsReader reader_;
  std::string configured_path_;
  std::filesystem::path temp_file_;
};

std::unique_ptr<Sensor> create_cpu_temp(const SensorConfig& config, const DriverContext& context,
                                        std::vector<DriverProblem>& problems) {
  const std::string path = config.options.string("path", "");
  if (config.options.has("path") && (path.empty() || path.front() != '/')) {
    problems.push_back(sensor_problem(
        config, "path", "must be an absolute path, e.g. /sys/class/thermal/thermal_zone0"));
    return nullptr;
  }
  return std::make_unique<CpuTempSensor>(sysfs::SysfsReader(context.sysfs_root), path);
}

}  // namespace

Driver make_cpu_temp_driver() {
  DriverInfo info;
  info.name = "cpu_temp";
  info.summary = "CPU (SoC) temperature from a Linux thermal zone in /sys/class/thermal.";
  info.channels = {{"temperature", "°C", "Temperature of the thermal zone."}};
  info.sensor_options = {
      {"path",
       OptionType::string,
       "(discovered)",
       "Thermal zone directory (e.g. /sys/class/thermal/thermal_zone1) or its temp file. "
       "Default: the first zone whose type is cpu-thermal, x86_pkg_temp or soc_thermal, else "
       "thermal_zone0.",
       false,
       {}},
  };
  return Driver{std::move(info), create_cpu_temp};
}

}  // namespace sa
