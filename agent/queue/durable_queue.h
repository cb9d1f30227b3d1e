#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "core/status.h"
#include "queue/ack_log.h"
#include "queue/id_range_set.h"
#include "queue/message_buffer.h"
#include "queue/posix_file.h"
#include "queue/segment_reader.h"

namespace sa {

struct DurableQueueOptions {
  // Segment size; 0 picks min(4 MiB (an SD card allocation unit), max_bytes / 8, file system
  // size / 8).
  uint64_t segment_bytes = 0;
  // Unsent records held in memory ahead of take_unsent(); the rest stays on disk.
  size_t read_ahead_records = 256;
  size_t read_ahead_bytes = size_t{256} << 10;
  // SyncPolicy::batch also syncs once this many records are waiting, before sync_interval.
  uint64_t batch_records = 1000;
  // Wall clock in unix milliseconds, for max_age.
  std::function<int64_t()> now_unix_ms;
};

// Counters beyond BufferStats, for health reports and tests.
struct DurableQueueDetails {
  uint64_t segments = 0;
  uint64_t segment_bytes = 0;
  uint64_t next_id = 0;
  uint64_t write_errors = 0;              // failed appends other than a full disk
  uint64_t disk_full = 0;                 // appends refused by ENOSPC or EDQUOT
  uint64_t recovered_cut_bytes = 0;       // torn or corrupt tails cut at open
  uint64_t recovered_segments_aside = 0;  // segments renamed *.corrupt at open
  uint64_t recovered_skipped_bytes = 0;   // damaged bytes stepped over in the middle of segments
  uint64_t recovered_lost_records = 0;    // records in those bytes
  uint64_t ack_log_bytes = 0;
};

// The durable offline queue: readings go to append-only segment files and stay there until the
// broker acknowledged them, across restarts and power cuts.
//
// Files in QueueConfig::dir: NNNNNNNNNNNNNNNNNNNN.seg (named after the first id; see
// record_format.h) and acks.log (acknowledged id ranges). A segment is deleted whole once every
// record in it is acknowledged or dropped. Memory holds an index of segments, the acknowledged
// ranges, a bounded read-ahead of unsent records and the records in flight, never the backlog.
//
// Durability (QueueConfig::sync): always syncs each record before push() returns; batch syncs
// from a background thread every sync_interval or batch_records, so a power cut loses at most
// that window; none leaves it to the kernel. Acknowledgements are written every sync_interval:
// a power cut can make a delivered reading go out again, never lose one.
class DurableQueue final : public MessageBuffer {
 public:
  struct OpenResult {
    std::unique_ptr<DurableQueue> queue;
    Status status = Status::ok();
  };
  using UnackedVisitor = std::function<void(const std::string& topic, const std::string& payload)>;

  // Creates the directory when needed, recovers what is there (torn tails cut, unreadable
  // segments moved aside) and starts the background flusher. Fails only when the directory
  // cannot be used at all.
  static OpenResult open(const QueueConfig& config, DurableQueueOptions options = {});

  ~DurableQueue() override;
  DurableQueue(const DurableQueue&) = delete;
  DurableQueue& operator=(const DurableQueue&) = delete;
  DurableQueue(DurableQueue&&) = delete;
  DurableQueue& operator=(DurableQueue&&) = delete;

  void push(OutgoingMessage message) override;
  std::vector<BufferedMessage> take_unsent(size_t max_count) override;
  void acknowledge(uint64_t id) override;
  void release(uint64_t id) override;
  void release_all() override;
  BufferStats stats() const override;
  void flush() override;

  // Every stored unacknowledged record, oldest first, read from disk (used at start-up to carry
  // the seq counters on). `visit` must not call back into the queue.
  void for_each_unacked(const UnackedVisitor& visit);

  DurableQueueDetails details() const;
  const std::string& dir() const { return config_.dir; }

 private:
  struct WriteFile {
    queue::PosixFile file;
    uint64_t first_id = 0;
    bool dirty = false;  // written since the last sync; guarded by mutex_
  };
  struct Segment {
    uint64_t first_id = 0;
    uint64_t records = 0;
    uint64_t acked = 0;  // acknowledged or dropped
    uint64_t bytes = 0;  // header and complete records: what readers may read
    int64_t min_created_ms = 0;
    int64_t max_created_ms = 0;
    uint64_t last_id() const { return first_id + records - 1; }
    uint64_t unacked() const { return records - acked; }
  };
  enum class Removal { reclaimed, dropped };

  DurableQueue(const QueueConfig& config, DurableQueueOptions options);

  // Recovery (durable_queue_recovery.cpp).
  Status recover();
  void recover_segment(const std::string& path, uint64_t name_id);
  void move_aside(const std::string& path, const char* why);
  bool rewrite_header(const std::string& path, uint64_t first_id);
  uint64_t choose_segment_bytes() const;

  // Writing; the caller holds mutex_.
  int64_t now_ms() const;
  bool make_room(size_t record_bytes);
  int append_locked(const OutgoingMessage& message, bool& new_segment);
  int open_segment_locked();
  void seal_writer_locked();
  bool free_space_for_retry_locked();

  // Segment bookkeeping; the caller holds mutex_.
  std::string segment_path(uint64_t first_id) const;
  Segment* segment_of(uint64_t id);
  void remove_segment_locked(size_t index, Removal why);
  void maybe_reclaim_locked(uint64_t id);
  void mark_gone_locked(uint64_t id);
  void expire_locked(int64_t now);
  bool expired(const OutgoingMessage& message, int64_t now) const;

  // Reading; the caller holds mutex_.
  void refill_locked(int64_t now);
  void abandon_segment_rest_locked(Segment& segment, const char* why);
  bool skip_damage_locked(Segment& segment);
  void move_cursor_locked(const Segment& segment);

  // Background flushing (durable_queue_flush.cpp).
  void flusher_loop();
  void flush_pass(bool force_sync);
  std::vector<queue::IdRangeSet::Range> compacted_acks_locked() const;

  const QueueConfig config_;
  const DurableQueueOptions options_;
  uint64_t segment_bytes_ = 0;
  const int64_t max_age_ms_;

  mutable std::mutex mutex_;
  std::deque<Segment> segments_;  // by first_id; the last one is being written when writer_ is set
  std::shared_ptr<WriteFile> writer_;
  std::vector<std::shared_ptr<WriteFile>> unsynced_;
  uint64_t unsynced_records_ = 0;
  bool dir_dirty_ = false;
  uint64_t next_id_ = 1;
  uint64_t disk_bytes_ = 0;
  queue::IdRangeSet acked_;         // acknowledged or dropped ids, from the first segment on
  queue::IdRangeSet pending_acks_;  // not yet in the acknowledgement log
  std::string encode_buffer_;

  // Read cursor: the next record to read is at read_offset_ in segment read_segment_ and has id
  // read_next_id_ (read_segment_ 0: nothing left to read).
  queue::SegmentReader reader_;
  uint64_t reader_segment_ = 0;
  uint64_t read_segment_ = 0;
  uint64_t read_offset_ = 0;
  uint64_t read_next_id_ = 1;
  std::deque<BufferedMessage> read_ahead_;
  size_t read_ahead_bytes_ = 0;
  std::map<uint64_t, OutgoingMessage> in_flight_;
  std::map<uint64_t, OutgoingMessage> released_;

  uint64_t dropped_ = 0;
  uint64_t write_errors_ = 0;
  uint64_t disk_full_ = 0;
  uint64_t recovered_cut_bytes_ = 0;
  uint64_t recovered_aside_ = 0;
  uint64_t recovered_skipped_bytes_ = 0;
  uint64_t recovered_lost_records_ = 0;
  std::vector<queue::IdRangeSet::Range> recovered_lost_;  // until the acknowledged ids are read
  SteadyTime last_error_log_{};
  uint64_t errors_not_logged_ = 0;
  std::atomic<uint64_t> syncs_{0};
  std::atomic<uint64_t> ack_log_bytes_{0};

  std::mutex flush_mutex_;  // serialises syncs and acknowledgement log writes; taken before mutex_
  queue::AckLog ack_log_;   // guarded by flush_mutex_
  std::thread flusher_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool sync_requested_ = false;
};

}  // namespace sa
