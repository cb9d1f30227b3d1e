#include <memory>

#include "drivers/builtin.h"
#include "edge_logic.h"
#include "gpio_options.h"

namespace sa {
namespace {

// Pulse counting from kernel edge events (rain gauge, flow meter, S0 energy meter): the running
// total and the rate over each interval. Scale the channels to litres or kWh with `scale`.
class GpioCounterSensor final : public Sensor {
 public:
  GpioCounterSensor(GpioProvider* provider, GpioLineRequest request, int64_t debounce_ns)
      : provider_(provider), request_(std::move(request)), counter_(debounce_ns) {}

  Status setup() override {
    if (provider_ == nullptr) {
      return Status::error("GPIO is not available on this system");
    }
    Status status = Status::ok();
    line_ = provider_->request_input(request_, status);
    counter_.start(monotonic_now_ns());
    return line_ ? Status::ok() : status;
  }

  Status read(std::vector<ChannelSample>& out) override {
    out.push_back({"count", static_cast<double>(counter_.total()), std::nullopt});
    out.push_back({"rate", counter_.take_rate(monotonic_now_ns()), std::nullopt});
    return Status::ok();
  }

  int event_fd() const override { return line_ ? line_->fd() : -1; }

  Status on_event(std::vector<ChannelSample>&) override {
    events_.clear();
    if (Status status = line_->read_events(events_); !status) {
      return status;
    }
    for (const auto& event : events_) {
      counter_.on_edge(event);
    }
    return Status::ok();
  }

 private:
  GpioProvider* provider_;
  GpioLineRequest request_;
  PulseCounter counter_;
  std::unique_ptr<GpioInputLine> line_;
  std::vector<GpioEdgeEvent> events_;
};

GpioEdgeDetection edge_option(const Options& options) {
  const std::string edge = options.string("edge", "falling");
  return edge == "rising" ? GpioEdgeDetection::rising
         : edge == "both" ? GpioEdgeDetection::both
                          : GpioEdgeDetection::falling;
}

}  // namespace

Driver make_gpio_counter_driver() {
  Driver driver;
  driver.info.name = "gpio_counter";
  driver.info.summary = "Counts pulses on a GPIO line from kernel edge events: total and rate";
  driver.info.channels = {{"count", "pulses", "pulses since the agent started"},
                          {"rate", "1/s", "pulses per second over the last interval"}};
  driver.info.sensor_options = gpio_line_option_specs();
  driver.info.sensor_options.push_back({"edge",
                                        OptionType::string,
                                        "falling",
                                        "which edge is one pulse",
                                        false,
                                        {"rising", "falling", "both"}});
  driver.info.sensor_options.push_back({"debounce",
                                        OptionType::duration,
                                        "0ms",
                                        "edges closer than this are not counted (reed contacts: "
                                        "5ms)",
                                        false,
                                        {}});
  driver.create = [](const SensorConfig& config, const DriverContext& context,
                     std::vector<DriverProblem>&) -> std::unique_ptr<Sensor> {
    const auto debounce = config.options.duration("debounce", std::chrono::milliseconds(0));
    return std::make_unique<GpioCounterSensor>(
        context.gpio, gpio_line_request(config.options, edge_option(config.options)),
        std::chrono::duration_cast<std::chrono::nanoseconds>(debounce).count());
  };
  return driver;
}

}  // namespace sa
