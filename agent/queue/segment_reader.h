#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "publish/message_buffer.h"
#include "queue/posix_file.h"

namespace sa::queue {

// Reads the records of one segment file front to back through a buffer, never past a limit (the
// bytes the writer has completed), so the file is read sequentially in large chunks.
class SegmentReader {
 public:
  enum class OpenResult { ok, too_short, bad_header, unreadable };
  enum class ReadResult { record, end, torn, corrupt, io_error };

  OpenResult open(const std::string& path, uint64_t& first_id);
  void close();
  bool is_open() const { return file_.is_open(); }

  // The record at offset(), when it ends at or below `limit`. On `record` the offset advances.
  ReadResult next(uint64_t limit, BufferedMessage& out);
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
