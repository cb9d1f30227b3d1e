#pragma once

#include <vector>

#include "config/config.h"
#include "config/option_spec.h"
#include "core/clock.h"
#include "gpio_line.h"

namespace sa {

// The options every GPIO driver shares: which line, which chip, which bias.
std::vector<OptionSpec> gpio_line_option_specs();
GpioLineRequest gpio_line_request(const Options& options, GpioEdgeDetection edges);
// Wall time of an edge stamped on CLOCK_MONOTONIC (which steady_clock reads on Linux).
WallTime wall_time_of(int64_t monotonic_ns);
int64_t monotonic_now_ns();

}  // namespace sa
