#pragma once

#include <mutex>
#include <utility>
#include <vector>

#include "mqtt/transport.h"

namespace sa {

// Hands received messages from the transport's thread to the agent's main loop. Bounded: a
// flood of commands is dropped here rather than growing memory.
class Inbox {
 public:
  static constexpr size_t kMaxPending = 256;

  // On the transport's thread: short, never blocks on anything but the mutex.
  void push(const InboundMessage& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pending_.size() < kMaxPending)
      pending_.push_back(message);
    else
      ++dropped_;
  }

  std::vector<InboundMessage> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(pending_, {});
  }

  size_t dropped() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return dropped_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<InboundMessage> pending_;
  size_t dropped_ = 0;
};

}  // namespace sa
