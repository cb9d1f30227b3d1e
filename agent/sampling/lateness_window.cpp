#include "sampling/lateness_window.h"

#include <algorithm>
#include <vector>

namespace sa {

void LatenessWindow::add(SteadyClock::duration lateness) {
  values_[next_] = std::max(lateness, SteadyClock::duration::zero());
  next_ = (next_ + 1) % kSize;
  count_ = std::min(count_ + 1, kSize);
}

LatenessStats LatenessWindow::stats() const {
  LatenessStats stats;
  stats.samples = count_;
  if (count_ == 0)
    return stats;
  std::vector<SteadyClock::duration> sorted(values_.begin(), values_.begin() + count_);
  std::sort(sorted.begin(), sorted.end());
  // Nearest-rank percentile: the smallest value with at least p% of the samples at or below it.
  auto rank = [&](size_t percent) {
    size_t index = (percent * count_ + 99) / 100;
    return sorted[std::max<size_t>(index, 1) - 1];
  };
  using std::chrono::duration_cast;
  using std::chrono::microseconds;
  stats.p50 = duration_cast<microseconds>(rank(50));
  stats.p99 = duration_cast<microseconds>(rank(99));
  stats.max = duration_cast<microseconds>(sorted.back());
  return stats;
}

}  // namespace sa
