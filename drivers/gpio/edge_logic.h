#pragma once

#include <cstdint>
#include <optional>

#include "gpio_line.h"

namespace sa {

// Debounces a contact from its kernel-stamped edges: an edge within `debounce_ns` of the last
// accepted one is bounce and ignored. The level is taken from the edge itself, so no sampling of
// the line is needed.
class EdgeDebouncer {
 public:
  EdgeDebouncer(int64_t debounce_ns, bool active_low)
      : debounce_ns_(debounce_ns), active_low_(active_low) {}

  // The new logical state when this edge is accepted and changes it; nullopt otherwise.
  std::optional<int> accept(const GpioEdgeEvent& event);
  // Re-synchronises with a level read from the line (at start and on every interval).
  void set_level(int physical_level) { state_ = logical(physical_level); }
  std::optional<int> state() const { return state_; }

 private:
  int logical(int physical) const { return (physical != 0) != active_low_ ? 1 : 0; }

  int64_t debounce_ns_;
  bool active_low_;
  std::optional<int64_t> last_accepted_ns_;
  std::optional<int> state_;
};

// Counts pulses (accepted edges) and the rate over each interval.
class PulseCounter {
 public:
  explicit PulseCounter(int64_t debounce_ns) : debounce_ns_(debounce_ns) {}

  void on_edge(const GpioEdgeEvent& event);
  uint64_t total() const { return total_; }
  // Pulses per second since the previous call (the first call: since `start_ns`).
  double take_rate(int64_t now_ns);
  void start(int64_t now_ns) { window_start_ns_ = now_ns; }

 private:
  int64_t debounce_ns_;
  std::optional<int64_t> last_ns_;
  uint64_t total_ = 0;
  uint64_t window_count_ = 0;
  int64_t window_start_ns_ = 0;
};

}  // namespace sa
