#include "queue/segment_scan.h"

#include <sys/stat.h>

#include <algorithm>

#include "queue/record_format.h"
#include "queue/segment_reader.h"

namespace sa::queue {

uint64_t SegmentScan::lost_records() const {
  uint64_t count = 0;
  for (const auto& [first, last] : lost) {
    count += last - first + 1;
  }
  return count;
}

bool plausible_resync(uint64_t expected, uint64_t found, uint64_t skipped) {
  return found >= expected && found - expected <= skipped / kRecordHeaderSize;
}

bool resync_after_damage(SegmentReader& reader, uint64_t limit, uint64_t expected,
                         BufferedMessage& record, uint64_t& resumed_at) {
  const uint64_t at = reader.offset();
  if (reader.skip_announced(limit)) {
    resumed_at = reader.offset();
    if (reader.next(limit, record) == SegmentReader::ReadResult::record &&
        plausible_resync(expected, record.id, resumed_at - at)) {
      return true;
    }
    reader.seek(at);
  }
  while (reader.resync(limit)) {
    resumed_at = reader.offset();
    if (reader.next(limit, record) == SegmentReader::ReadResult::record &&
        plausible_resync(expected, record.id, resumed_at - at)) {
      return true;
    }
    reader.seek(resumed_at);
  }
  return false;
}

SegmentScan scan_segment(const std::string& path, uint64_t name_id) {
  SegmentScan scan;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    scan.kind = SegmentScan::Kind::unreadable;
    return scan;
  }
  scan.file_bytes = static_cast<uint64_t>(st.st_size);

  SegmentReader reader;
  switch (reader.open(path, scan.first_id)) {
    case SegmentReader::OpenResult::ok:
      break;
    case SegmentReader::OpenResult::too_short:
      scan.kind = SegmentScan::Kind::too_short;
      return scan;
    case SegmentReader::OpenResult::bad_header: {
      // Bits rot in the header too. Its only content is the first id, which the name repeats;
      // the segment is kept when an intact record with exactly that id follows the header.
      BufferedMessage first;
      if (name_id == 0 || !reader.open_past_header(path) ||
          reader.next(scan.file_bytes, first) != SegmentReader::ReadResult::record ||
          first.id != name_id) {
        scan.kind = SegmentScan::Kind::bad_header;
        return scan;
      }
      reader.seek(kSegmentHeaderSize);
      scan.first_id = name_id;
      scan.header_damaged = true;
      break;
    }
    case SegmentReader::OpenResult::unreadable:
      scan.kind = SegmentScan::Kind::unreadable;
      return scan;
  }
  scan.valid_bytes = kSegmentHeaderSize;
  BufferedMessage record;
  while (true) {
    const uint64_t expected = scan.first_id + scan.records;
    const uint64_t at = reader.offset();
    auto result = reader.next(scan.file_bytes, record);
    if (result == SegmentReader::ReadResult::end || result == SegmentReader::ReadResult::io_error) {
      break;
    }
    if (result != SegmentReader::ReadResult::record || record.id != expected) {
      // Damaged bytes (or a stale record): look for the next intact record that can follow.
      reader.seek(at);
      uint64_t resumed_at = 0;
      if (!resync_after_damage(reader, scan.file_bytes, expected, record, resumed_at)) {
        break;  // nothing intact after it: a torn or damaged tail
      }
      scan.skipped_bytes += resumed_at - at;
      if (record.id > expected) {
        scan.lost.emplace_back(expected, record.id - 1);
      }
    }
    int64_t created = record.message.created_unix_ms;
    bool first = scan.valid_bytes == kSegmentHeaderSize;
    scan.min_created_ms = first ? created : std::min(scan.min_created_ms, created);
    scan.max_created_ms = first ? created : std::max(scan.max_created_ms, created);
    scan.records = record.id - scan.first_id + 1;
    scan.valid_bytes = reader.offset();
  }
  return scan;
}

}  // namespace sa::queue
