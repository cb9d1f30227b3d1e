#include "sampling/deadline.h"

#include <algorithm>

namespace sa {

SteadyTime Schedule::deadline(uint64_t index) const {
  return start + interval * static_cast<SteadyClock::rep>(index);
}

NextDeadline next_deadline(const Schedule& schedule, uint64_t served, SteadyTime now) {
  const uint64_t following = served + 1;
  if (schedule.interval <= SteadyClock::duration::zero() || now < schedule.deadline(following)) {
    return {following, 0};
  }
  // now >= start + following * interval: the first deadline strictly after now.
  const auto elapsed = now - schedule.start;
  const auto first_future = static_cast<uint64_t>(elapsed / schedule.interval) + 1;
  return {first_future, first_future - following};
}

SteadyClock::duration setup_backoff(uint32_t attempt, SteadyClock::duration min,
                                    SteadyClock::duration max) {
  auto wait = min;
  for (uint32_t i = 0; i < attempt && wait < max; ++i)
    wait *= 2;
  return std::min(wait, max);
}

}  // namespace sa
