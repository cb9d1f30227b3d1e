// The background flusher: syncs segments (batch policy), writes acknowledgements to the
// acknowledgement log, syncs the directory and expires old readings, all without holding the
// lock that push() takes while it waits for the disk.
#include <spdlog/spdlog.h>

#include <cstring>

#include "queue/durable_queue.h"

namespace sa {
namespace {

constexpr uint64_t kAckLogCompactBytes = uint64_t{64} << 10;
constexpr std::chrono::milliseconds kIdlePass{1000};

}  // namespace

DurableQueue::~DurableQueue() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (flusher_.joinable()) {
    flusher_.join();
  }
  flush_pass(true);
}

void DurableQueue::flush() {
  flush_pass(true);
}

void DurableQueue::flusher_loop() {
  const auto interval =
      config_.sync == SyncPolicy::batch
          ? std::max(config_.sync_interval, std::chrono::milliseconds(1))
          : std::min(std::max(config_.sync_interval, std::chrono::milliseconds(1)), kIdlePass);
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval, [this] { return stopping_ || sync_requested_; });
    if (stopping_) {
      break;
    }
    lock.unlock();
    flush_pass(false);
    lock.lock();
  }
}

std::vector<queue::IdRangeSet::Range> DurableQueue::compacted_acks_locked() const {
  // Everything below the first segment is acknowledged or gone; keeping its upper end keeps ids
  // increasing across restarts.
  const uint64_t low = segments_.empty() ? next_id_ : segments_.front().first_id;
  std::vector<queue::IdRangeSet::Range> ranges;
  if (low > 1) {
    ranges.emplace_back(1, low - 1);
  }
  for (const auto& range : acked_.ranges()) {
    if (range.second >= low) {
      ranges.emplace_back(std::max(range.first, low), range.second);
    }
  }
  return ranges;
}

void DurableQueue::flush_pass(bool force_sync) {
  std::lock_guard<std::mutex> flush_lock(flush_mutex_);
  const bool sync = force_sync || config_.sync != SyncPolicy::none;
  std::vector<std::shared_ptr<WriteFile>> files;
  std::vector<queue::IdRangeSet::Range> acks;
  std::vector<queue::IdRangeSet::Range> compacted;
  bool compact = false;
  bool dir_dirty = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    expire_locked(now_ms());
    sync_requested_ = false;
    unsynced_records_ = 0;
    for (auto& file : unsynced_) {
      file->dirty = false;
    }
    files.swap(unsynced_);
    acks = pending_acks_.ranges();
    pending_acks_.clear();
    dir_dirty = std::exchange(dir_dirty_, false);
    compact = ack_log_.bytes() > kAckLogCompactBytes;
    if (compact) {
      compacted = compacted_acks_locked();
    }
  }
  if (sync) {
    for (const auto& file : files) {
      if (int err = file->file.datasync(); err != 0) {
        spdlog::warn("queue: fdatasync failed: {}", std::strerror(err));
      }
      ++syncs_;
    }
  }
  files.clear();  // closes segments sealed since the last pass

  int err = 0;
  if (compact) {
    uint64_t syncs = 0;
    err = ack_log_.rewrite(compacted, syncs);
    syncs_ += syncs;
    if (err != 0) {
      compact = false;  // keep appending to the old log
    }
  }
  if (!compact && !acks.empty()) {
    err = ack_log_.append(acks);
    if (err == 0 && sync) {
      ack_log_.sync();
      ++syncs_;
    }
  }
  if (err != 0) {
    spdlog::warn("queue: cannot write acknowledgements to {}: {}; retrying later", config_.dir,
                 std::strerror(err));
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& range : acks) {
      pending_acks_.insert_range(range.first, range.second);
    }
    dir_dirty_ = dir_dirty_ || dir_dirty;
  }
  ack_log_bytes_ = ack_log_.bytes();
  if (dir_dirty && sync) {
    queue::sync_directory(config_.dir);
    ++syncs_;
  }
}

}  // namespace sa
