#pragma once

#include <chrono>

namespace sa {

using SteadyClock = std::chrono::steady_clock;
using WallClock = std::chrono::system_clock;
using SteadyTime = SteadyClock::time_point;
using WallTime = WallClock::time_point;

// True when the kernel says the wall clock is synchronised (NTP, timesyncd, chrony). A Pi without
// an RTC boots with a wrong clock until then, so readings carry this flag.
bool wall_clock_synchronized();

}  // namespace sa
