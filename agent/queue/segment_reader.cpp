#include "queue/segment_reader.h"

#include <fcntl.h>

#include <algorithm>
#include <cstring>

#include "queue/record_format.h"

namespace sa::queue {
namespace {
constexpr size_t kChunkBytes = size_t{64} << 10;
}

SegmentReader::OpenResult SegmentReader::open(const std::string& path, uint64_t& first_id) {
  close();
  if (PosixFile::open(path, O_RDONLY, file_) != 0) {
    return OpenResult::unreadable;
  }
  char header[kSegmentHeaderSize];
  size_t got = 0;
  if (file_.pread_full(header, sizeof header, 0, got) != 0) {
    close();
    return OpenResult::unreadable;
  }
  if (got < sizeof header) {
    close();
    return OpenResult::too_short;
  }
  if (!decode_segment_header(header, sizeof header, first_id)) {
    close();
    return OpenResult::bad_header;
  }
  offset_ = kSegmentHeaderSize;
  return OpenResult::ok;
}

bool SegmentReader::open_past_header(const std::string& path) {
  close();
  uint64_t size = 0;
  if (PosixFile::open(path, O_RDONLY, file_) != 0 || file_.size(size) != 0 ||
      size < kSegmentHeaderSize) {
    close();
    return false;
  }
  offset_ = kSegmentHeaderSize;
  return true;
}

void SegmentReader::close() {
  file_.close();
  buffer_size_ = 0;
  buffer_offset_ = 0;
  offset_ = 0;
}

bool SegmentReader::ensure(size_t size, uint64_t limit) {
  if (offset_ + size > limit) {
    return false;
  }
  if (offset_ >= buffer_offset_ && offset_ + size <= buffer_offset_ + buffer_size_) {
    return true;
  }
  const size_t want =
      static_cast<size_t>(std::min<uint64_t>(std::max(size, kChunkBytes), limit - offset_));
  if (buffer_.size() < want) {
    buffer_.resize(want);
  }
  size_t got = 0;
  error_ = file_.pread_full(buffer_.data(), want, offset_, got);
  buffer_offset_ = offset_;
  buffer_size_ = error_ == 0 ? got : 0;
  // A shrunken buffer after one huge record is returned to the allocator.
  if (buffer_.size() > 4 * kChunkBytes && want <= kChunkBytes) {
    buffer_.resize(kChunkBytes);
    buffer_.shrink_to_fit();
  }
  return error_ == 0 && got >= size;
}

SegmentReader::ReadResult SegmentReader::next(uint64_t limit, BufferedMessage& out) {
  if (offset_ >= limit) {
    return ReadResult::end;
  }
  if (!ensure(kRecordPrefixSize, limit)) {
    return error_ != 0 ? ReadResult::io_error : ReadResult::torn;
  }
  const char* prefix = buffer_.data() + (offset_ - buffer_offset_);
  uint32_t body = announced_body_length(prefix);
  if (body == 0) {
    return ReadResult::corrupt;
  }
  if (!ensure(kRecordPrefixSize + body, limit)) {
    return error_ != 0 ? ReadResult::io_error : ReadResult::torn;
  }
  const char* data = buffer_.data() + (offset_ - buffer_offset_);
  size_t consumed = 0;
  DecodeResult result = decode_record(data, buffer_offset_ + buffer_size_ - offset_, out, consumed);
  if (result != DecodeResult::ok) {
    return result == DecodeResult::truncated ? ReadResult::torn : ReadResult::corrupt;
  }
  offset_ += consumed;
  return ReadResult::record;
}

bool SegmentReader::skip_announced(uint64_t limit) {
  const uint64_t at = offset_;
  if (!ensure(kRecordPrefixSize, limit)) {
    return false;
  }
  const uint32_t body = announced_body_length(buffer_.data() + (offset_ - buffer_offset_));
  if (body == 0 || at + kRecordPrefixSize + body >= limit) {
    return false;
  }
  offset_ = at + kRecordPrefixSize + body;
  BufferedMessage scratch;
  if (next(limit, scratch) == ReadResult::record) {
    offset_ = at + kRecordPrefixSize + body;
    return true;
  }
  offset_ = at;
  return false;
}

bool SegmentReader::resync(uint64_t limit) {
  char magic[4];
  for (int i = 0; i < 4; ++i) {
    magic[i] = static_cast<char>((kRecordMagic >> (8 * i)) & 0xff);
  }
  BufferedMessage scratch;
  uint64_t from = offset_ + 1;
  while (true) {
    offset_ = from;
    if (!ensure(sizeof magic, limit)) {
      offset_ = std::max(offset_, limit);
      return false;
    }
    const char* begin = buffer_.data() + (offset_ - buffer_offset_);
    const size_t size = buffer_size_ - static_cast<size_t>(offset_ - buffer_offset_);
    const void* hit = ::memmem(begin, size, magic, sizeof magic);
    if (hit == nullptr) {
      // A magic split across the end of the buffer is found from the next read.
      from = offset_ + size - (sizeof magic - 1);
      continue;
    }
    const uint64_t candidate =
        offset_ + static_cast<uint64_t>(static_cast<const char*>(hit) - begin);
    offset_ = candidate;
    ReadResult result = next(limit, scratch);
    if (result == ReadResult::record) {
      offset_ = candidate;
      return true;
    }
    if (result == ReadResult::io_error) {
      offset_ = limit;
      return false;
    }
    from = candidate + 1;
  }
}

}  // namespace sa::queue
