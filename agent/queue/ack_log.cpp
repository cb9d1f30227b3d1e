#include "queue/ack_log.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "queue/little_endian.h"
#include "queue/record_format.h"

namespace sa::queue {
namespace {

constexpr uint32_t kAckLogMagic = 0x4b434151;     // "QACK"
constexpr uint32_t kAckRecordMagic = 0x52434151;  // "QACR"
constexpr uint16_t kAckLogVersion = 1;

std::string header() {
  std::string out;
  le::put_u32(out, kAckLogMagic);
  le::put_u16(out, kAckLogVersion);
  le::put_u16(out, 0);
  return out;
}

void encode(const IdRangeSet::Range& range, std::string& out) {
  const size_t start = out.size();
  le::put_u32(out, kAckRecordMagic);
  le::put_u64(out, range.first);
  le::put_u64(out, range.second);
  le::put_u32(out, crc_of(out.data() + start, 20));
}

bool decode(const char* p, IdRangeSet::Range& range) {
  if (le::get_u32(p) != kAckRecordMagic || le::get_u32(p + 20) != crc_of(p, 20)) {
    return false;
  }
  range = {le::get_u64(p + 4), le::get_u64(p + 12)};
  return range.first <= range.second;
}

}  // namespace

Status AckLog::open(const std::string& dir, IdRangeSet& acked) {
  dir_ = dir;
  file_.close();
  bytes_ = 0;
  int err = PosixFile::open(path(), O_RDWR | O_CREAT, file_);
  if (err != 0) {
    return Status::error("cannot open " + path() + ": " + std::strerror(err));
  }
  uint64_t size = 0;
  if ((err = file_.size(size)) != 0) {
    return Status::error("cannot stat " + path() + ": " + std::strerror(err));
  }
  std::string data(static_cast<size_t>(size), '\0');
  size_t got = 0;
  if (size > 0 && (err = file_.pread_full(data.data(), data.size(), 0, got)) != 0) {
    return Status::error("cannot read " + path() + ": " + std::strerror(err));
  }
  data.resize(got);

  const std::string expected_header = header();
  if (data.size() >= kHeaderSize && data.compare(0, kHeaderSize, expected_header) != 0) {
    std::string aside = path() + ".corrupt";
    spdlog::error(
        "queue: acknowledgement log {} has a bad header; moved to {}, acknowledged "
        "readings may be sent again",
        path(), aside);
    if (std::rename(path().c_str(), aside.c_str()) == 0) {
      file_.close();
      return open(dir, acked);
    }
    data.clear();  // cannot move it: start it over in place
  }

  uint64_t valid = 0;
  if (data.size() >= kHeaderSize) {
    valid = kHeaderSize;
    IdRangeSet::Range range;
    while (valid + kRecordSize <= data.size() && decode(data.data() + valid, range)) {
      acked.insert_range(range.first, range.second);
      valid += kRecordSize;
    }
  }
  if (valid == 0) {
    // New, or torn before its header was complete: start it over.
    size_t written = 0;
    if ((err = file_.truncate(0)) != 0 ||
        (err = file_.write_all(expected_header.data(), expected_header.size(), written)) != 0) {
      return Status::error("cannot write " + path() + ": " + std::strerror(err));
    }
    valid = kHeaderSize;
  } else if (valid < data.size()) {
    spdlog::warn("queue: acknowledgement log {}: cut {} bytes of torn or corrupt tail", path(),
                 data.size() - valid);
    if ((err = file_.truncate(valid)) != 0) {
      return Status::error("cannot truncate " + path() + ": " + std::strerror(err));
    }
  }
  uint64_t end = 0;
  if ((err = file_.seek_end(end)) != 0) {
    return Status::error("cannot seek " + path() + ": " + std::strerror(err));
  }
  bytes_ = end;
  return Status::ok();
}

int AckLog::append(const std::vector<IdRangeSet::Range>& ranges) {
  if (ranges.empty()) {
    return 0;
  }
  if (!file_.is_open()) {
    return EBADF;
  }
  std::string out;
  out.reserve(ranges.size() * kRecordSize);
  for (const auto& range : ranges) {
    encode(range, out);
  }
  size_t written = 0;
  int err = file_.write_all(out.data(), out.size(), written);
  if (err != 0) {
    if (written > 0) {
      file_.truncate(bytes_);
    }
    return err;
  }
  bytes_ += out.size();
  return 0;
}

int AckLog::rewrite(const std::vector<IdRangeSet::Range>& ranges, uint64_t& syncs) {
  const std::string tmp = path() + ".tmp";
  std::string out = header();
  for (const auto& range : ranges) {
    encode(range, out);
  }
  PosixFile file;
  int err = PosixFile::open(tmp, O_WRONLY | O_CREAT | O_TRUNC, file);
  size_t written = 0;
  if (err == 0) {
    err = file.write_all(out.data(), out.size(), written);
  }
  if (err == 0) {
    err = file.datasync();
    ++syncs;
  }
  if (err == 0 && std::rename(tmp.c_str(), path().c_str()) != 0) {
    err = errno;
  }
  if (err != 0) {
    std::remove(tmp.c_str());
    return err;
  }
  ++syncs;
  sync_directory(dir_);
  // The new file is already open and positioned at its end.
  file_ = std::move(file);
  bytes_ = out.size();
  return 0;
}

}  // namespace sa::queue
