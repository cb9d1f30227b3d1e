#include "publish/backoff.h"

#include <algorithm>
#include <random>

namespace sa {

Backoff::Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max, JitterMode mode,
                 Random random)
    : min_(std::max(min, std::chrono::milliseconds(1))),
      max_(std::max(max, min_)),
      mode_(mode),
      random_(std::move(random)),
      previous_(min_) {
  if (!random_) {
    random_ = [engine = std::mt19937_64(std::random_device{}()),
               dist = std::uniform_real_distribution<double>(0.0, 1.0)]() mutable {
      return dist(engine);
    };
  }
}

std::chrono::milliseconds Backoff::next_delay() {
  using std::chrono::milliseconds;
  const double r = std::clamp(random_(), 0.0, 1.0);
  int64_t upper = 0;
  if (mode_ == JitterMode::full) {
    const uint32_t shift = std::min<uint32_t>(attempts_, 40);
    const double grown = static_cast<double>(min_.count()) * static_cast<double>(1ull << shift);
    upper = static_cast<int64_t>(std::min(grown, static_cast<double>(max_.count())));
  } else {
    upper = std::min<int64_t>(max_.count(), previous_.count() * 3);
  }
  const int64_t span = upper - min_.count();
  const milliseconds delay(min_.count() + static_cast<int64_t>(r * static_cast<double>(span)));
  previous_ = std::clamp(delay, min_, max_);
  ++attempts_;
  return previous_;
}

void Backoff::reset() {
  attempts_ = 0;
  previous_ = min_;
}

}  // namespace sa
