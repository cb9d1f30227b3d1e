#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/clock.h"
#include "sampling/sensor_status.h"

namespace sa {

// The last kSize lateness values; stats() computes the percentiles on a copy.
// Kept in whole microseconds (what stats() reports), saturating past 71 minutes: half the memory
// of a window of durations, and one window lives in every sensor.
class LatenessWindow {
 public:
  static constexpr size_t kSize = 512;

  void add(SteadyClock::duration lateness);
  LatenessStats stats() const;

 private:
  std::array<uint32_t, kSize> values_{};
  size_t next_ = 0;
  size_t count_ = 0;
};

}  // namespace sa
