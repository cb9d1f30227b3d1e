#include <memory>

#include "drivers/builtin.h"
#include "edge_logic.h"
#include "gpio_options.h"

namespace sa {
namespace {

// A contact or logic input: its state on every change (stamped with the kernel's edge time)
// and once per interval, so consumers see both the transition and a heartbeat.
class GpioInputSensor final : public Sensor {
 public:
  GpioInputSensor(GpioProvider* provider, GpioLineRequest request, int64_t debounce_ns,
                  bool active_low)
      : provider_(provider), request_(std::move(request)), debouncer_(debounce_ns, active_low) {}

  Status setup() override {
    if (provider_ == nullptr) {
      return Status::error("GPIO is not available on this system");
    }
    Status status = Status::ok();
    line_ = provider_->request_input(request_, status);
    if (!line_) {
      return status;
    }
    return sync_level();
  }

  Status read(std::vector<ChannelSample>& out) override {
    if (Status status = sync_level(); !status) {
      return status;
    }
    out.push_back({"state", static_cast<double>(debouncer_.state().value_or(0)), std::nullopt});
    return Status::ok();
  }

  int event_fd() const override { return line_ ? line_->fd() : -1; }

  Status on_event(std::vector<ChannelSample>& out) override {
    events_.clear();
    if (Status status = line_->read_events(events_); !status) {
      return status;
    }
    for (const auto& event : events_) {
      if (auto state = debouncer_.accept(event)) {
        out.push_back({"state", static_cast<double>(*state), wall_time_of(event.monotonic_ns)});
      }
    }
    return Status::ok();
  }

 private:
  Status sync_level() {
    int level = 0;
    if (Status status = line_->read_value(level); !status) {
      return status;
    }
    debouncer_.set_level(level);
    return Status::ok();
  }

  GpioProvider* provider_;
  GpioLineRequest request_;
  EdgeDebouncer debouncer_;
  std::unique_ptr<GpioInputLine> line_;
  std::vector<GpioEdgeEvent> events_;
};

}  // namespace

Driver make_gpio_input_driver() {
  Driver driver;
  driver.info.name = "gpio_input";
  driver.info.summary =
      "A digital input (button, reed contact, PIR): state on every debounced edge, stamped by "
      "the kernel, and every interval";
  driver.info.channels = {{"state", "", "1 or 0 (after active_low)"}};
  driver.info.sensor_options = gpio_line_option_specs();
  driver.info.sensor_options.push_back(
      {"active_low", OptionType::boolean, "false", "report 1 when the line is low", false, {}});
  driver.info.sensor_options.push_back({"debounce",
                                        OptionType::duration,
                                        "10ms",
                                        "edges closer than this are contact bounce",
                                        false,
                                        {}});
  driver.create = [](const SensorConfig& config, const DriverContext& context,
                     std::vector<DriverProblem>&) -> std::unique_ptr<Sensor> {
    const auto debounce = config.options.duration("debounce", std::chrono::milliseconds(10));
    return std::make_unique<GpioInputSensor>(
        context.gpio, gpio_line_request(config.options, GpioEdgeDetection::both),
        std::chrono::duration_cast<std::chrono::nanoseconds>(debounce).count(),
        config.options.boolean("active_low", false));
  };
  return driver;
}

}  // namespace sa
