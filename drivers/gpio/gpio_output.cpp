#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "drivers/builtin.h"
#include "drivers/output.h"
#include "drivers/problem.h"
#include "gpio_options.h"

namespace sa {
namespace {

// A relay, LED or other on/off load on one line: 1 is on (high, or low when active_low).
class GpioOutputSensor final : public Sensor, public Output {
 public:
  GpioOutputSensor(GpioProvider* provider, GpioLineRequest request, bool active_low,
                   std::optional<double> initial, std::optional<double> safe_state)
      : provider_(provider),
        request_(std::move(request)),
        active_low_(active_low),
        initial_(initial),
        safe_state_(safe_state) {}

  // The safe state when the agent stops or reloads (the pipeline and its sensors go away).
  ~GpioOutputSensor() override {
    if (safe_state_)
      set(*safe_state_);
  }
  GpioOutputSensor(const GpioOutputSensor&) = delete;
  GpioOutputSensor& operator=(const GpioOutputSensor&) = delete;

  Status setup() override {
    if (provider_ == nullptr)
      return Status::error("GPIO is not available on this system");
    std::lock_guard<std::mutex> lock(mutex_);
    if (line_)
      return Status::ok();
    // Requesting an output drives it at once; without `initial` it starts off.
    const bool on = initial_.value_or(0.0) != 0.0;
    Status status = Status::ok();
    line_ = provider_->request_output(request_, level_of(on), status);
    if (!line_)
      return status;
    written_ = on ? 1.0 : 0.0;
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!line_)
      return Status::error("GPIO line " + request_.line + " is not requested");
    int level = 0;
    if (Status status = line_->read_value(level); !status)
      return status;
    out.push_back({"state", (level != 0) != active_low_ ? 1.0 : 0.0, std::nullopt});
    return Status::ok();
  }

  double min() const override { return 0.0; }
  double max() const override { return 1.0; }

  Status set(double value) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!line_)
      return Status::error("GPIO line " + request_.line + " is not requested");
    const bool on = value != 0.0;
    if (Status status = line_->set_value(level_of(on)); !status)
      return status;
    written_ = on ? 1.0 : 0.0;
    return Status::ok();
  }

  std::optional<double> written() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return written_;
  }

 private:
  int level_of(bool on) const { return on != active_low_ ? 1 : 0; }

  GpioProvider* provider_;
  const GpioLineRequest request_;
  const bool active_low_;
  const std::optional<double> initial_;
  const std::optional<double> safe_state_;
  mutable std::mutex mutex_;
  std::unique_ptr<GpioOutputLine> line_;
  std::optional<double> written_;
};

// `initial` and `safe_state` of a binary output: absent, 0 or 1.
bool binary_state(const SensorConfig& config, const std::string& name, std::optional<double>& state,
                  std::vector<DriverProblem>& problems) {
  if (!config.options.has(name))
    return true;
  const double value = config.options.number(name, 0.0);
  if (value != 0.0 && value != 1.0) {
    problems.push_back(sensor_problem(config, name, name + " must be 0 or 1"));
    return false;
  }
  state = value;
  return true;
}

std::unique_ptr<Sensor> create_gpio_output(const SensorConfig& config, const DriverContext& context,
                                           std::vector<DriverProblem>& problems) {
  std::optional<double> initial;
  std::optional<double> safe_state;
  if (!binary_state(config, "initial", initial, problems) ||
      !binary_state(config, "safe_state", safe_state, problems))
    return nullptr;
  if (config.options.has("on_disconnect") && !safe_state) {
    problems.push_back(sensor_problem(config, "on_disconnect", "on_disconnect needs a safe_state"));
    return nullptr;
  }
  return std::make_unique<GpioOutputSensor>(
      context.gpio, gpio_line_request(config.options, GpioEdgeDetection::both),
      config.options.boolean("active_low", false), initial, safe_state);
}

}  // namespace

Driver make_gpio_output_driver() {
  Driver driver;
  driver.info.name = "gpio_output";
  driver.info.summary =
      "An output: one GPIO line driven on/off (relay, LED, buzzer), set with {topic}/set";
  driver.info.channels = {
      {"state", "", "1 (on) or 0 (off) after active_low, as the line is driven now"}};
  driver.info.sensor_options = gpio_line_option_specs();
  driver.info.sensor_options.push_back(
      {"active_low", OptionType::boolean, "false", "on drives the line low", false, {}});
  driver.info.sensor_options.push_back({"initial",
                                        OptionType::number,
                                        "0",
                                        "0 or 1, driven when the line is requested at start",
                                        false,
                                        {}});
  driver.info.sensor_options.push_back({"safe_state",
                                        OptionType::number,
                                        "(none)",
                                        "0 or 1, driven when the agent stops or reloads",
                                        false,
                                        {}});
  driver.info.sensor_options.push_back({"on_disconnect",
                                        OptionType::duration,
                                        "(none)",
                                        "drive safe_state once the broker link is down this long",
                                        false,
                                        {}});
  driver.create = create_gpio_output;
  return driver;
}

}  // namespace sa
