#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "queue/id_range_set.h"
#include "queue/message_buffer.h"
#include "queue/segment_reader.h"

namespace sa::queue {

// What recovery learned about one segment file.
struct SegmentScan {
  enum class Kind { ok, too_short, bad_header, unreadable };
  Kind kind = Kind::ok;
  uint64_t first_id = 0;
  uint64_t records = 0;      // ids first_id .. first_id + records - 1, the lost ones included
  uint64_t valid_bytes = 0;  // up to the end of the last intact record
  uint64_t file_bytes = 0;
  int64_t min_created_ms = 0;  // of the intact records
  int64_t max_created_ms = 0;
  // Damage in the middle: bytes skipped to reach the next intact record, and the ids of the
  // records that were in them.
  uint64_t skipped_bytes = 0;
  std::vector<IdRangeSet::Range> lost;
  // The header did not check but intact records follow it, numbered from the id in the file's
  // name: recovery writes the header again.
  bool header_damaged = false;
  uint64_t lost_records() const;
  uint64_t last_id() const { return first_id + records - 1; }
};

// Reads the whole segment. Damaged bytes followed by an intact record in sequence are skipped
// (the records in them are listed as lost); damage with no intact record after it is the tail
// that recovery cuts off.
//
// `name_id` is the first id the file's name gives (0: unknown). With it, a damaged header loses
// nothing but itself when the records after it check and start at that id.
SegmentScan scan_segment(const std::string& path, uint64_t name_id = 0);

// True when an intact record with id `found`, met `skipped` bytes after the end of the record
// before `expected`, can follow it: ids only grow, and every lost record took at least a record
// header's worth of the skipped bytes. Anything else is a stale or accidental match.
bool plausible_resync(uint64_t expected, uint64_t found, uint64_t skipped);

// With `reader` at a damaged record (or one out of sequence) that should have had id `expected`:
// finds the next intact record that can follow, decodes it into `record` and leaves the reader
// just past it; `resumed_at` is where it starts. False when there is none below `limit`.
bool resync_after_damage(SegmentReader& reader, uint64_t limit, uint64_t expected,
                         BufferedMessage& record, uint64_t& resumed_at);

}  // namespace sa::queue
