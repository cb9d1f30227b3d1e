#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/status.h"

namespace sa {

// The next seq of every channel topic: gapless per topic while the agent runs, continued across
// restarts from {state_dir}/seq.json.
//
// The file is written atomically (temp file, fsync, rename, fsync of the directory), but only by
// save(): the publisher calls it periodically and at stop, not per reading, to spare SD cards.
// After a crash (no clean stop) the counters resume from the last save, so a few seq values may
// be issued twice with a different boot id. The durable queue knows the highest seq it holds and
// raises the counters with ensure_at_least() before sampling starts.
class SeqCounters {
 public:
  // Seq values start at 1 for a topic never seen before.
  static constexpr uint64_t kFirstSeq = 1;

  explicit SeqCounters(std::string path);

  // Reads the file; a missing file is not an error (first start).
  Status load();
  // Writes the file atomically when anything changed since the last save.
  Status save();

  // Returns the topic's seq for this reading and advances it.
  uint64_t take(const std::string& topic);
  uint64_t peek(const std::string& topic) const;
  // The next take() for `topic` returns at least `next`.
  void ensure_at_least(const std::string& topic, uint64_t next);

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, uint64_t> next_;
  bool dirty_ = false;
};

}  // namespace sa
