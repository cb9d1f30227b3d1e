#include "gpio_options.h"

namespace sa {

std::vector<OptionSpec> gpio_line_option_specs() {
  return {
      {"line",
       OptionType::string,
       "",
       "line name (\"GPIO17\", the same on every Pi) or offset",
       true,
       {}},
      {"chip",
       OptionType::string,
       "",
       "GPIO chip (\"gpiochip0\"); empty: search by line name",
       false,
       {}},
      {"bias",
       OptionType::string,
       "as_is",
       "internal resistor",
       false,
       {"as_is", "disabled", "pull_up", "pull_down"}},
  };
}

GpioLineRequest gpio_line_request(const Options& options, GpioEdgeDetection edges) {
  GpioLineRequest request;
  request.line = options.string("line", "");
  request.chip = options.string("chip", "");
  const std::string bias = options.string("bias", "as_is");
  request.bias = bias == "pull_up"     ? GpioBias::pull_up
                 : bias == "pull_down" ? GpioBias::pull_down
                 : bias == "disabled"  ? GpioBias::disabled
                                       : GpioBias::as_is;
  request.edges = edges;
  return request;
}

int64_t monotonic_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch())
      .count();
}

WallTime wall_time_of(int64_t monotonic_ns) {
  const auto age = std::chrono::nanoseconds(monotonic_now_ns() - monotonic_ns);
  return WallClock::now() - std::chrono::duration_cast<WallClock::duration>(age);
}

}  // namespace sa
