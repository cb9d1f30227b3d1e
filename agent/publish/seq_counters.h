#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/status.h"

namespace sa {

// The next seq of every channel topic: gapless per topic while the agent runs, continued across
// restarts from {state_dir}/seq.json, and never issued twice, even after a crash.
//
// The file holds, per topic, a high-water mark written ahead of use: take() only issues values
// below the mark that is already on disk, so a SIGKILL or power cut can skip values (at most one
// block) but never make a seq go backwards. Marks are reserved in blocks sized so that a topic
// needs a new one every 30 to 120 s whatever its rate (a few hundred bytes, fsync and rename,
// about once a minute per topic), topped up ahead of time by top_up() from the publisher's
// thread so take() on the sampling path rarely waits for a write. save() at a clean stop writes
// the exact next values, so a clean restart leaves no gap.
//
// The file is written atomically (temp file, fsync, rename, fsync of the directory). When it
// cannot be written, readings keep flowing and the failure is reported; only then can a crash
// make values be issued twice.
class SeqCounters {
 public:
  // Seq values start at 1 for a topic never seen before.
  static constexpr uint64_t kFirstSeq = 1;
  // Reservation block bounds, in seq values per topic.
  static constexpr uint64_t kMinBlock = 64;
  static constexpr uint64_t kMaxBlock = uint64_t{1} << 20;

  explicit SeqCounters(std::string path);
  // Leaves the next values to a later instance on the same path in this process (a reload).
  ~SeqCounters();
  SeqCounters(const SeqCounters&) = delete;
  SeqCounters& operator=(const SeqCounters&) = delete;

  // Reads the file; a missing file is not an error (first start).
  Status load();
  // Writes the exact next values (a clean stop): nothing issued is above them.
  Status save();
  // Extends the reservation of every topic that has used half of its block, in one write. Cheap
  // when nothing is due; call it often from a thread that may block on the card.
  Status top_up();

  // Returns the topic's seq for this reading and advances it; waits for a reservation write
  // when the topic has used its whole block.
  uint64_t take(const std::string& topic);
  uint64_t peek(const std::string& topic) const;
  // The next take() for `topic` returns at least `next`.
  void ensure_at_least(const std::string& topic, uint64_t next);

  // Reservation writes so far (for tests and the write budget).
  uint64_t reservation_writes() const;

  const std::string& path() const { return path_; }

 private:
  struct Counter {
    uint64_t next = kFirstSeq;
    uint64_t durable = kFirstSeq;  // values below it are covered by the file
    uint64_t block = kMinBlock;
    bool reserved_before = false;
    std::chrono::steady_clock::time_point reserved_at{};
  };
  // Writes reservations for the topics that need one; `all_due` reserves for every topic that
  // has used half its block, otherwise only for exhausted ones.
  Status reserve(bool all_due);
  void remember_in_process() const;

  std::string path_;
  std::mutex write_mutex_;  // one file write at a time; taken before mutex_
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Counter> counters_;
  bool dirty_ = false;  // next values changed since the last save()
  uint64_t reservation_writes_ = 0;
};

}  // namespace sa
