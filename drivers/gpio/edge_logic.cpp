#include "edge_logic.h"

namespace sa {

std::optional<int> EdgeDebouncer::accept(const GpioEdgeEvent& event) {
  if (last_accepted_ns_ && event.monotonic_ns - *last_accepted_ns_ < debounce_ns_) {
    return std::nullopt;
  }
  last_accepted_ns_ = event.monotonic_ns;
  const int next = logical(event.edge == GpioEdge::rising ? 1 : 0);
  if (state_ == next) {
    return std::nullopt;
  }
  state_ = next;
  return next;
}

void PulseCounter::on_edge(const GpioEdgeEvent& event) {
  if (last_ns_ && event.monotonic_ns - *last_ns_ < debounce_ns_) {
    return;
  }
  last_ns_ = event.monotonic_ns;
  ++total_;
  ++window_count_;
}

double PulseCounter::take_rate(int64_t now_ns) {
  const int64_t elapsed_ns = now_ns - window_start_ns_;
  const double rate =
      elapsed_ns > 0 ? static_cast<double>(window_count_) * 1e9 / static_cast<double>(elapsed_ns)
                     : 0.0;
  window_count_ = 0;
  window_start_ns_ = now_ns;
  return rate;
}

}  // namespace sa
