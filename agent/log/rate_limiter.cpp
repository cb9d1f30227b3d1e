#include "log/log.h"

namespace sa::log {

bool RateLimiter::allow(std::chrono::steady_clock::time_point now, uint64_t& suppressed) {
  if (!started_ || now - last_ >= period_) {
    suppressed = held_back_;
    held_back_ = 0;
    last_ = now;
    started_ = true;
    return true;
  }
  ++held_back_;
  suppressed = held_back_;
  return false;
}

}  // namespace sa::log
