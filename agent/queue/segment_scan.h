#pragma once

#include <cstdint>
#include <string>

namespace sa::queue {

// What recovery learned about one segment file.
struct SegmentScan {
  enum class Kind { ok, too_short, bad_header, unreadable };
  Kind kind = Kind::ok;
  uint64_t first_id = 0;
  uint64_t records = 0;      // intact records, ids first_id .. first_id + records - 1
  uint64_t valid_bytes = 0;  // header plus the intact records
  uint64_t file_bytes = 0;
  int64_t min_created_ms = 0;
  int64_t max_created_ms = 0;
  uint64_t last_id() const { return first_id + records - 1; }
};

// Reads the whole segment and stops at the first record that is torn, corrupt or out of
// sequence; everything from there on is the part recovery cuts off.
SegmentScan scan_segment(const std::string& path);

}  // namespace sa::queue
