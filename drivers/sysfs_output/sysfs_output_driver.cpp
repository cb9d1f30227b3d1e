#include <cmath>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <utility>

#include "drivers/builtin.h"
#include "drivers/output.h"
#include "drivers/problem.h"
#include "drivers/sysfs/sysfs_reader.h"

namespace sa {
namespace {

std::string number_text(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15)
    return std::to_string(static_cast<long long>(value));
  std::ostringstream out;
  out << value;
  return out.str();
}

class SysfsOutputSensor final : public Sensor, public Output {
 public:
  SysfsOutputSensor(sysfs::SysfsReader reader, std::filesystem::path system_path, double min,
                    double max, std::optional<double> initial, std::optional<double> safe_state)
      : reader_(std::move(reader)),
        system_path_(std::move(system_path)),
        file_(reader_.host_path(system_path_)),
        min_(min),
        max_(max),
        initial_(initial),
        safe_state_(safe_state) {}

  // The safe state when the agent stops or reloads (the pipeline and its sensors go away).
  ~SysfsOutputSensor() override {
    if (safe_state_)
      write(*safe_state_);
  }

  Status setup() override {
    if (initial_)
      return write(*initial_);
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    const sysfs::Result<double> value = reader_.read_number(system_path_);
    if (!value.ok())
      return value.status;
    out.push_back(ChannelSample{"value", value.value, {}});
    return Status::ok();
  }

  double min() const override { return min_; }
  double max() const override { return max_; }
  Status set(double value) override { return write(value); }
  std::optional<double> written() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return written_;
  }

 private:
  Status write(double value) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::ofstream out(file_, std::ios::trunc);
    out << number_text(value) << '\n';
    out.flush();
    if (!out)
      return Status::error("cannot write " + file_.string());
    written_ = value;
    return Status::ok();
  }

  const sysfs::SysfsReader reader_;
  const std::filesystem::path system_path_;  // as the config names it; file_ is where it is here
  const std::filesystem::path file_;
  const double min_;
  const double max_;
  const std::optional<double> initial_;
  const std::optional<double> safe_state_;
  mutable std::mutex mutex_;
  std::optional<double> written_;
};

std::optional<double> optional_number(const SensorConfig& config, const std::string& name) {
  if (!config.options.has(name))
    return std::nullopt;
  return config.options.number(name, 0.0);
}

std::unique_ptr<Sensor> create_sysfs_output(const SensorConfig& config,
                                            const DriverContext& context,
                                            std::vector<DriverProblem>& problems) {
  const std::string path = config.options.string("path", "");
  if (path.empty() || path.front() != '/') {
    problems.push_back(sensor_problem(config, "path", "must be an absolute path"));
    return nullptr;
  }
  const double min = config.options.number("min", 0.0);
  const double max = config.options.number("max", 1.0);
  if (min > max) {
    problems.push_back(sensor_problem(config, "min", "min must not be above max"));
    return nullptr;
  }
  const std::optional<double> initial = optional_number(config, "initial");
  const std::optional<double> safe_state = optional_number(config, "safe_state");
  const std::pair<const char*, std::optional<double>> states[] = {{"initial", initial},
                                                                  {"safe_state", safe_state}};
  for (const auto& [name, value] : states) {
    if (value && (*value < min || *value > max)) {
      problems.push_back(
          sensor_problem(config, name, std::string(name) + " is outside [min, max]"));
      return nullptr;
    }
  }
  if (config.options.has("on_disconnect") && !safe_state) {
    problems.push_back(sensor_problem(config, "on_disconnect", "on_disconnect needs a safe_state"));
    return nullptr;
  }
  return std::make_unique<SysfsOutputSensor>(sysfs::SysfsReader(context.sysfs_root), path, min, max,
                                             initial, safe_state);
}

}  // namespace

Driver make_sysfs_output_driver() {
  DriverInfo info;
  info.name = "sysfs_output";
  info.summary = "An output: a number written to a file (LED brightness, PWM duty cycle).";
  info.channels = {{"value", "", "What the file holds now; set it with {topic}/set."}};
  info.sensor_options = {
      {"path",
       OptionType::string,
       "",
       "The file to write, e.g. /sys/class/leds/ACT/brightness.",
       true,
       {}},
      {"min", OptionType::number, "0", "Lowest value a command may set.", false, {}},
      {"max", OptionType::number, "1", "Highest value a command may set.", false, {}},
      {"initial", OptionType::number, "(none)", "Written when the agent starts.", false, {}},
      {"safe_state",
       OptionType::number,
       "(none)",
       "Written when the agent stops or reloads.",
       false,
       {}},
      {"on_disconnect",
       OptionType::duration,
       "(none)",
       "Drive safe_state once the broker link has been down this long.",
       false,
       {}},
  };
  return Driver{std::move(info), create_sysfs_output};
}

}  // namespace sa
