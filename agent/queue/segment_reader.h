#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "queue/message_buffer.h"
#include "queue/posix_file.h"

namespace sa::queue {

// Reads the records of one segment file front to back through a buffer, never past a limit (the
// bytes the writer has completed), so the file is read sequentially in large chunks.
class SegmentReader {
 public:
  enum class OpenResult { ok, too_short, bad_header, unreadable };
  enum class ReadResult { record, end, torn, corrupt, io_error };

  OpenResult open(const std::string& path, uint64_t& first_id);
  // Opens past a header that does not check (its bytes rotted), for recovery to find the records
  // after it; false when the file cannot be read or is shorter than a header.
  bool open_past_header(const std::string& path);
  void close();
  bool is_open() const { return file_.is_open(); }

  // The record at offset(), when it ends at or below `limit`. On `record` the offset advances.
  ReadResult next(uint64_t limit, BufferedMessage& out);
  // After a torn or corrupt result: moves offset() to the next offset below `limit` where a whole
  // record with a checking CRC begins (the damaged bytes are skipped, as LevelDB's log reader
  // does), or to `limit` and returns false when there is none. Only the full record CRC makes a
  // candidate count, so a record-like pattern inside a payload is not taken for one.
  bool resync(uint64_t limit);
  // When the record at offset() announces a sane length (its damage is in the body), moves to
  // the end it announces if a whole intact record starts there. Tried before resync(): it cannot
  // land on a record-like pattern inside the damaged record's payload.
  bool skip_announced(uint64_t limit);
  uint64_t offset() const { return offset_; }
  void seek(uint64_t offset) { offset_ = offset; }
  int error() const { return error_; }

 private:
  bool ensure(size_t size, uint64_t limit);

  PosixFile file_;
  std::vector<char> buffer_;
  uint64_t buffer_offset_ = 0;  // file offset of buffer_[0]
  size_t buffer_size_ = 0;      // valid bytes in buffer_
  uint64_t offset_ = 0;
  int error_ = 0;
};

}  // namespace sa::queue
