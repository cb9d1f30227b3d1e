#include "sampling/lateness_window.h"

#include <algorithm>
#include <limits>

namespace sa {

void LatenessWindow::add(SteadyClock::duration lateness) {
  using std::chrono::microseconds;
  const auto us = std::chrono::duration_cast<microseconds>(lateness).count();
  constexpr auto kMax = std::numeric_limits<uint32_t>::max();
  values_[next_] = static_cast<uint32_t>(std::clamp<decltype(us)>(us, 0, kMax));
  next_ = (next_ + 1) % kSize;
  count_ = std::min(count_ + 1, kSize);
}

LatenessStats LatenessWindow::stats() const {
  LatenessStats stats;
  stats.samples = count_;
  if (count_ == 0)
    return stats;
  std::array<uint32_t, kSize> sorted;
  std::copy(values_.begin(), values_.begin() + static_cast<std::ptrdiff_t>(count_), sorted.begin());
  const auto end = sorted.begin() + static_cast<std::ptrdiff_t>(count_);
  std::sort(sorted.begin(), end);
  // Nearest-rank percentile: the smallest value with at least p% of the samples at or below it.
  auto rank = [&](size_t percent) {
    size_t index = (percent * count_ + 99) / 100;
    return std::chrono::microseconds(sorted[std::max<size_t>(index, 1) - 1]);
  };
  stats.p50 = rank(50);
  stats.p99 = rank(99);
  stats.max = std::chrono::microseconds(sorted[count_ - 1]);
  return stats;
}

}  // namespace sa
