#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

#include "drivers/builtin.h"
#include "drivers/problem.h"
#include "drivers/sysfs/sysfs_reader.h"
#include "drivers/system/proc_parsers.h"

namespace sa::system {

namespace {

const std::vector<ChannelSpec>& system_channels() {
  static const std::vector<ChannelSpec> channels = {
      {"load1", "", "Load average over 1 minute (/proc/loadavg)."},
      {"load5", "", "Load average over 5 minutes."},
      {"load15", "", "Load average over 15 minutes."},
      {"mem_available", "B", "Memory available for new programs (MemAvailable, /proc/meminfo)."},
      {"disk_free", "B", "Space free for unprivileged users on the filesystem of option path."},
      {"uptime", "s", "Time since boot (/proc/uptime)."},
      {"cpu_usage", "%",
       "Busy time across all cores since the previous read (/proc/stat); the first read reports "
       "the average since boot."},
  };
  return channels;
}

class SystemSensor final : public Sensor {
 public:
  SystemSensor(sysfs::SysfsReader reader, std::vector<std::string> channels, std::string disk_path)
      : reader_(std::move(reader)),
        channels_(std::move(channels)),
        disk_path_(std::move(disk_path)) {}

  // Reads only the sources the configured channels need; a channel that fails does not hold back
  // the others, and the returned status names every failure.
  Status read(std::vector<ChannelSample>& out) override {
    std::string failures;
    std::optional<std::array<double, 3>> loads;
    bool loads_read = false;
    for (const std::string& channel : channels_) {
      std::optional<double> value;
      Status status = Status::ok();
      if (channel == "load1" || channel == "load5" || channel == "load15") {
        if (!loads_read) {
          loads_read = true;
          status = read_loads(loads);
        }
        if (loads) {
          value = (*loads)[channel == "load1" ? 0 : channel == "load5" ? 1 : 2];
        }
      } else if (channel == "mem_available") {
        status = read_mem_available(value);
      } else if (channel == "disk_free") {
        status = read_disk_free(value);
      } else if (channel == "uptime") {
        status = read_uptime(value);
      } else if (channel == "cpu_usage") {
        status = read_cpu_usage(value);
      }
      if (value) {
        out.push_back(ChannelSample{channel, *value, {}});
      } else if (!status.is_ok()) {
        failures += (failures.empty() ? "" : "; ") + status.reason();
      }
    }
    return failures.empty() ? Status::ok() : Status::error(failures);
  }

 private:
  Status read_loads(std::optional<std::array<double, 3>>& loads) const {
    const auto text = reader_.read_text("/proc/loadavg");
    if (!text.ok()) {
      return text.status;
    }
    loads = system::parse_loadavg(text.value);
    return loads ? Status::ok() : Status::error("/proc/loadavg: unexpected format");
  }

  Status read_mem_available(std::optional<double>& value) const {
    const auto text = reader_.read_text("/proc/meminfo");
    if (!text.ok()) {
      return text.status;
    }
    const auto bytes = system::parse_meminfo_bytes(text.value, "MemAvailable");
    if (!bytes) {
      return Status::error("/proc/meminfo: no MemAvailable line");
    }
    value = static_cast<double>(*bytes);
    return Status::ok();
  }

  Status read_disk_free(std::optional<double>& value) const {
    struct statvfs info {};
    if (::statvfs(reader_.host_path(disk_path_).c_str(), &info) != 0) {
      const int error = errno;
      return Status::error("statvfs " + disk_path_ + ": " + std::strerror(error));
    }
    value = static_cast<double>(info.f_bavail) * static_cast<double>(info.f_frsize);
    return Status::ok();
  }

  Status read_uptime(std::optional<double>& value) const {
    const auto text = reader_.read_text("/proc/uptime");
    if (!text.ok()) {
      return text.status;
    }
    value = system::parse_uptime(text.value);
    return value ? Status::ok() : Status::error("/proc/uptime: unexpected format");
  }

  Status read_cpu_usage(std::optional<double>& value) {
    const auto text = reader_.read_text("/proc/stat");
    if (!text.ok()) {
      return text.status;
    }
    const auto times = system::parse_cpu_times(text.value);
    if (!times) {
      return Status::error("/proc/stat: no cpu line");
    }
    value = cpu_usage_.update(*times);
    return Status::ok();
  }

  sysfs::SysfsReader reader_;
  std::vector<std::string> channels_;
  std::string disk_path_;
  system::CpuUsage cpu_usage_;
};

std::unique_ptr<Sensor> create_system(const SensorConfig& config, const DriverContext& context,
                                      std::vector<DriverProblem>& problems) {
  const std::string path = config.options.string("path", "/");
  if (path.empty() || path.front() != '/') {
    problems.push_back(sensor_problem(config, "path", "must be an absolute path, e.g. /"));
    return nullptr;
  }
  std::vector<std::string> channels;
  for (const ChannelConfig& channel : config.channels) {
    channels.push_back(channel.name);
  }
  if (channels.empty()) {
    // No channels table: every channel the driver has.
    for (const ChannelSpec& spec : system_channels()) {
      channels.push_back(spec.name);
    }
  }
  return std::make_unique<SystemSensor>(sysfs::SysfsReader(context.sysfs_root), std::move(channels),
                                        path);
}

}  // namespace

Driver make_driver() {
  DriverInfo info;
  info.name = "system";
  info.summary =
      "Health of the host itself: load, memory, disk space, uptime and CPU usage, from /proc and "
      "statvfs. Only the channels configured are read.";
  info.channels = system_channels();
  info.sensor_options = {
      {"path",
       OptionType::string,
       "/",
       "A path on the filesystem whose free space disk_free reports.",
       false,
       {}},
  };
  return Driver{std::move(info), create_system};
}

}  // namespace sa::system
