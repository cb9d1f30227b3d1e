#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"

namespace sa {

// ESPHome's health states: ok; warning (the last read failed, polling goes on); failed (setup()
// has not succeeded yet, retried with backoff, no reads).
enum class SensorState { ok, warning, failed };

const char* to_string(SensorState state);

// How late sampling started relative to its deadline, over the recent window.
struct LatenessStats {
  std::chrono::microseconds p50{0};
  std::chrono::microseconds p99{0};
  std::chrono::microseconds max{0};
  uint64_t samples = 0;  // in the window
};

// A consistent snapshot of one sensor's health.
struct SensorStatus {
  std::string name;
  SensorState state = SensorState::ok;
  bool stale = false;             // no successful read for stale_after
  uint64_t reads = 0;             // read() and on_event() calls completed
  uint64_t errors = 0;            // failed setups, failed reads, rejected samples
  uint64_t missed_deadlines = 0;  // intervals skipped because a read overran
  std::string last_error;
  std::optional<WallTime> last_success;
  LatenessStats lateness;
};

}  // namespace sa
