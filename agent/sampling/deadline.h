#pragma once

#include <chrono>
#include <cstdint>

#include "core/clock.h"

namespace sa {

// Absolute deadlines start + k * interval on the steady clock. Deriving every deadline from k
// rather than from the previous wake-up keeps the schedule free of drift however long it runs.
struct Schedule {
  SteadyTime start;
  SteadyClock::duration interval;

  SteadyTime deadline(uint64_t index) const;
};

struct NextDeadline {
  uint64_t index = 0;   // of the deadline to wait for
  uint64_t missed = 0;  // deadlines that passed while deadline `served` was being handled
};

// The deadline after `served`, given the time now. When late, skips to the first deadline still
// in the future and counts the skipped ones, so a slow read never causes a burst of catch-up reads.
NextDeadline next_deadline(const Schedule& schedule, uint64_t served, SteadyTime now);

// Wait before setup attempt `attempt` (0-based) after a failure: min, 2*min, 4*min... up to max.
SteadyClock::duration setup_backoff(uint32_t attempt, SteadyClock::duration min,
                                    SteadyClock::duration max);

}  // namespace sa
