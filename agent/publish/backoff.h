#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "core/clock.h"

namespace sa {

enum class JitterMode {
  full,          // uniform in [min, min(max, min * 2^attempt)]
  decorrelated,  // uniform in [min, min(max, previous * 3)]
};

// Delays between reconnect attempts, measured on the steady clock so a wall clock step (NTP at
// boot on a Pi without RTC) never stalls or hurries reconnecting.
class Backoff {
 public:
  // Uniform in [0, 1); injectable so tests are deterministic.
  using Random = std::function<double()>;

  Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max,
          JitterMode mode = JitterMode::decorrelated, Random random = {});

  // The delay before the next attempt; grows with every call until reset().
  std::chrono::milliseconds next_delay();
  SteadyTime next_attempt(SteadyTime now) { return now + next_delay(); }
  // After a connection that stayed up long enough to count as stable.
  void reset();
  uint32_t attempts() const { return attempts_; }

 private:
  std::chrono::milliseconds min_;
  std::chrono::milliseconds max_;
  JitterMode mode_;
  Random random_;
  uint32_t attempts_ = 0;
  std::chrono::milliseconds previous_;
};

}  // namespace sa
