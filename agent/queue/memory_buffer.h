#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <set>

#include "config/config.h"
#include "queue/message_buffer.h"

namespace sa {

// MessageBuffer in RAM, bounded by QueueConfig::memory_max_messages with QueueConfig::on_full
// applied and QueueConfig::max_age enforced when messages are handed out. Lost on restart; the
// durable queue replaces it when readings must survive one.
//
// Messages sit in a deque indexed by id - front id; acknowledged and dropped ones leave a small
// tombstone until they reach the front, so push and acknowledge are O(1) amortised.
class MemoryBuffer final : public MessageBuffer {
 public:
  using NowFn = std::function<int64_t()>;  // unix milliseconds, for max_age

  explicit MemoryBuffer(const QueueConfig& config, NowFn now = {});

  void push(OutgoingMessage message) override;
  std::vector<BufferedMessage> take_unsent(size_t max_count) override;
  void acknowledge(uint64_t id) override;
  void release(uint64_t id) override;
  void release_all() override;
  BufferStats stats() const override;

 private:
  enum class State : uint8_t { unsent, in_flight, released, gone };
  struct Entry {
    State state = State::unsent;
    OutgoingMessage message;
  };

  Entry* find(uint64_t id);
  void remove(Entry& entry);  // caller holds the lock
  bool drop_oldest_unsent();
  void trim_front();

  const uint64_t max_messages_;
  const DropPolicy on_full_;
  const int64_t max_age_ms_;
  NowFn now_;

  mutable std::mutex mutex_;
  std::deque<Entry> entries_;
  uint64_t front_id_ = 1;        // id of entries_.front()
  uint64_t next_unsent_ = 1;     // first id never handed out
  std::set<uint64_t> released_;  // handed out before anything never sent
  uint64_t depth_ = 0;
  uint64_t in_flight_ = 0;
  uint64_t bytes_ = 0;
  uint64_t dropped_ = 0;
};

}  // namespace sa
