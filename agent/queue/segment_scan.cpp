#include "queue/segment_scan.h"

#include <sys/stat.h>

#include <algorithm>

#include "queue/record_format.h"
#include "queue/segment_reader.h"

namespace sa::queue {

SegmentScan scan_segment(const std::string& path) {
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
    case SegmentReader::OpenResult::bad_header:
      scan.kind = SegmentScan::Kind::bad_header;
      return scan;
    case SegmentReader::OpenResult::unreadable:
      scan.kind = SegmentScan::Kind::unreadable;
      return scan;
  }
  scan.valid_bytes = kSegmentHeaderSize;
  BufferedMessage record;
  while (reader.next(scan.file_bytes, record) == SegmentReader::ReadResult::record) {
    if (record.id != scan.first_id + scan.records) {
      break;  // a valid checksum out of sequence is a stale record, not ours
    }
    int64_t created = record.message.created_unix_ms;
    scan.min_created_ms = scan.records == 0 ? created : std::min(scan.min_created_ms, created);
    scan.max_created_ms = scan.records == 0 ? created : std::max(scan.max_created_ms, created);
    ++scan.records;
    scan.valid_bytes = reader.offset();
  }
  return scan;
}

}  // namespace sa::queue
