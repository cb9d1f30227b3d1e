#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "queue/id_range_set.h"
#include "queue/posix_file.h"

namespace sa::queue {

// Append-only log of acknowledged id ranges, so acknowledgements survive a restart without
// rewriting segments. Header: magic u32 | version u16 | reserved u16. Records (24 bytes):
// magic u32 | first u64 | last u64 | crc32 u32 over the 20 bytes before it.
// Compacted by rewriting it whole (temp file, fsync, rename) once it grows.
class AckLog {
 public:
  static constexpr const char* kFileName = "acks.log";
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kRecordSize = 24;

  // Reads every intact range into `acked` and leaves the log open for appending. A torn or corrupt
  // tail is cut off; a file with a bad header is moved aside (acks lost means duplicates, never
  // loss).
  Status open(const std::string& dir, IdRangeSet& acked);

  // One write for all ranges; errno on failure, nothing half-written is left behind.
  int append(const std::vector<IdRangeSet::Range>& ranges);
  int sync() const { return file_.datasync(); }
  // Replaces the log with exactly `ranges`; counts the fsyncs it makes.
  int rewrite(const std::vector<IdRangeSet::Range>& ranges, uint64_t& syncs);

  uint64_t bytes() const { return bytes_; }

 private:
  std::string path() const { return dir_ + "/" + kFileName; }

  std::string dir_;
  PosixFile file_;
  uint64_t bytes_ = 0;
};

}  // namespace sa::queue
