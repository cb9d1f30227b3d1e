#include "queue/memory_buffer.h"

#include <algorithm>
#include <climits>

#include "core/clock.h"

namespace sa {
namespace {

uint64_t size_of(const OutgoingMessage& message) {
  return message.topic.size() + message.payload.size();
}

int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(WallClock::now().time_since_epoch())
      .count();
}

}  // namespace

MemoryBuffer::MemoryBuffer(const QueueConfig& config, NowFn now)
    : max_messages_(std::max<uint64_t>(1, config.memory_max_messages)),
      on_full_(config.on_full),
      max_age_ms_(config.max_age.count()),
      now_(now ? std::move(now) : NowFn(wall_now_ms)) {}

MemoryBuffer::Entry* MemoryBuffer::find(uint64_t id) {
  if (id < front_id_ || id - front_id_ >= entries_.size())
    return nullptr;
  Entry& entry = entries_[id - front_id_];
  return entry.state == State::gone ? nullptr : &entry;
}

void MemoryBuffer::remove(Entry& entry) {
  if (entry.state == State::in_flight)
    --in_flight_;
  entry.state = State::gone;
  --depth_;
  bytes_ -= size_of(entry.message);
  entry.message = OutgoingMessage{};  // free the payload now, the tombstone stays small
}

void MemoryBuffer::trim_front() {
  while (!entries_.empty() && entries_.front().state == State::gone) {
    entries_.pop_front();
    ++front_id_;
  }
  if (next_unsent_ < front_id_)
    next_unsent_ = front_id_;
}

bool MemoryBuffer::drop_oldest_unsent() {
  uint64_t id = 0;
  if (!released_.empty()) {
    id = *released_.begin();
    released_.erase(released_.begin());
  } else {
    while (next_unsent_ - front_id_ < entries_.size() &&
           entries_[next_unsent_ - front_id_].state == State::gone) {
      ++next_unsent_;
    }
    if (next_unsent_ - front_id_ >= entries_.size())
      return false;  // all in flight
    id = next_unsent_++;
  }
  remove(entries_[id - front_id_]);
  ++dropped_;
  return true;
}

void MemoryBuffer::push(OutgoingMessage message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (depth_ >= max_messages_) {
    // Messages in flight are with the broker already; only unsent ones can make room.
    if (on_full_ == DropPolicy::drop_newest || !drop_oldest_unsent()) {
      ++dropped_;
      return;
    }
    trim_front();
  }
  bytes_ += size_of(message);
  ++depth_;
  entries_.push_back(Entry{State::unsent, std::move(message)});
}

std::vector<BufferedMessage> MemoryBuffer::take_unsent(size_t max_count) {
  std::vector<BufferedMessage> out;
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t oldest_allowed = max_age_ms_ > 0 ? now_() - max_age_ms_ : INT64_MIN;
  auto hand_out = [&](uint64_t id) {
    Entry& entry = entries_[id - front_id_];
    if (entry.message.created_unix_ms < oldest_allowed) {
      remove(entry);
      ++dropped_;
      return;
    }
    entry.state = State::in_flight;
    ++in_flight_;
    out.push_back(BufferedMessage{id, entry.message});
  };
  while (out.size() < max_count && !released_.empty()) {
    const uint64_t id = *released_.begin();
    released_.erase(released_.begin());
    hand_out(id);
  }
  while (out.size() < max_count && next_unsent_ - front_id_ < entries_.size()) {
    const uint64_t id = next_unsent_++;
    if (entries_[id - front_id_].state == State::unsent)
      hand_out(id);
  }
  trim_front();
  return out;
}

void MemoryBuffer::acknowledge(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Entry* entry = find(id);
  if (entry == nullptr)
    return;  // dropped meanwhile, or acknowledged twice
  if (entry->state == State::released)
    released_.erase(id);
  remove(*entry);
  trim_front();
}

void MemoryBuffer::release(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Entry* entry = find(id);
  if (entry == nullptr || entry->state != State::in_flight)
    return;
  entry->state = State::released;
  --in_flight_;
  released_.insert(id);
}

void MemoryBuffer::release_all() {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t end = std::min<uint64_t>(next_unsent_ - front_id_, entries_.size());
  for (uint64_t i = 0; i < end; ++i) {
    if (entries_[i].state == State::in_flight) {
      entries_[i].state = State::released;
      released_.insert(front_id_ + i);
    }
  }
  in_flight_ = 0;
}

BufferStats MemoryBuffer::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  BufferStats stats;
  stats.depth = depth_;
  stats.in_flight = in_flight_;
  stats.bytes = bytes_;
  stats.dropped = dropped_;
  for (const Entry& entry : entries_) {
    if (entry.state != State::gone) {
      stats.oldest_unix_ms = entry.message.created_unix_ms;
      break;
    }
  }
  return stats;
}

}  // namespace sa
