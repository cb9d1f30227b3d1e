// Opening a queue directory: rebuild the segment index from the files, cut torn tails, move
// unreadable segments aside and reload the acknowledged ranges.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/thread_name.h"
#include "queue/durable_queue.h"
#include "queue/record_format.h"
#include "queue/segment_scan.h"

namespace sa {
namespace {

constexpr uint64_t kMaxSegmentBytes = 4ull << 20;
constexpr uint64_t kMinSegmentBytes = 4096;
constexpr size_t kSegmentNameDigits = 20;

// The first id of a file named like 00000000000000000042.seg, or 0.
uint64_t segment_name_id(const std::string& name) {
  if (name.size() != kSegmentNameDigits + 4 || name.compare(kSegmentNameDigits, 4, ".seg") != 0) {
    return 0;
  }
  uint64_t id = 0;
  for (size_t i = 0; i < kSegmentNameDigits; ++i) {
    if (name[i] < '0' || name[i] > '9') {
      return 0;
    }
    id = id * 10 + static_cast<uint64_t>(name[i] - '0');
  }
  return id;
}

// "3..5, 9" for the log.
std::string describe_ranges(const std::vector<queue::IdRangeSet::Range>& ranges) {
  std::string text;
  for (const auto& [first, last] : ranges) {
    if (!text.empty()) {
      text += ", ";
    }
    text +=
        first == last ? std::to_string(first) : std::to_string(first) + ".." + std::to_string(last);
  }
  return text.empty() ? "none" : text;
}

}  // namespace

DurableQueue::OpenResult DurableQueue::open(const QueueConfig& config,
                                            DurableQueueOptions options) {
  OpenResult result;
  if (config.dir.empty()) {
    result.status = Status::error("queue directory not set");
    return result;
  }
  std::error_code ec;
  std::filesystem::create_directories(config.dir, ec);
  if (ec) {
    result.status =
        Status::error("cannot create queue directory " + config.dir + ": " + ec.message());
    return result;
  }
  std::unique_ptr<DurableQueue> queue(new DurableQueue(config, std::move(options)));
  result.status = queue->recover();
  if (!result.status) {
    return result;
  }
  queue->flusher_ = std::thread([q = queue.get()] {
    name_this_thread("sa-queue-sync");
    q->flusher_loop();
  });
  result.queue = std::move(queue);
  return result;
}

DurableQueue::DurableQueue(const QueueConfig& config, DurableQueueOptions options)
    : config_(config),
      options_(std::move(options)),
      max_age_ms_(static_cast<int64_t>(config.max_age.count())) {}

uint64_t DurableQueue::choose_segment_bytes() const {
  if (options_.segment_bytes > 0) {
    return options_.segment_bytes;
  }
  uint64_t size = std::min(kMaxSegmentBytes, config_.max_bytes / 8);
  struct statvfs fs {};
  if (::statvfs(config_.dir.c_str(), &fs) == 0 && fs.f_blocks > 0) {
    size = std::min<uint64_t>(size, static_cast<uint64_t>(fs.f_blocks) * fs.f_frsize / 8);
  }
  return std::max(size, kMinSegmentBytes);
}

void DurableQueue::move_aside(const std::string& path, const char* why) {
  std::string aside = path + ".corrupt";
  if (std::rename(path.c_str(), aside.c_str()) == 0) {
    spdlog::error("queue: segment {} {}; moved to {}", path, why, aside);
  } else {
    spdlog::error("queue: segment {} {}; cannot move it aside ({}), skipping it", path, why,
                  std::strerror(errno));
  }
  ++recovered_aside_;
  dir_dirty_ = true;
}

bool DurableQueue::rewrite_header(const std::string& path, uint64_t first_id) {
  std::string header;
  queue::encode_segment_header(first_id, header);
  queue::PosixFile file;
  int err = queue::PosixFile::open(path, O_WRONLY, file);
  if (err == 0 &&
      ::pwrite(file.fd(), header.data(), header.size(), 0) != static_cast<ssize_t>(header.size())) {
    err = errno != 0 ? errno : EIO;
  }
  if (err == 0) {
    err = file.datasync();
    ++syncs_;
  }
  if (err != 0) {
    spdlog::error("queue: segment {}: cannot rewrite its damaged header: {}", path,
                  std::strerror(err));
    return false;
  }
  spdlog::warn(
      "queue: segment {}: its header was damaged; rewritten from the file name (first id "
      "{}), no reading lost to it",
      path, first_id);
  return true;
}

void DurableQueue::recover_segment(const std::string& path, uint64_t name_id) {
  queue::SegmentScan scan = queue::scan_segment(path, name_id);
  if (scan.header_damaged && !rewrite_header(path, name_id)) {
    move_aside(path, "has a damaged header that cannot be rewritten");
    return;
  }
  switch (scan.kind) {
    case queue::SegmentScan::Kind::too_short:
      // Cut before its header was complete: it never held a record.
      spdlog::warn("queue: segment {} has no complete header ({} bytes); removed", path,
                   scan.file_bytes);
      ::unlink(path.c_str());
      dir_dirty_ = true;
      return;
    case queue::SegmentScan::Kind::bad_header:
      move_aside(path, "has a bad header");
      return;
    case queue::SegmentScan::Kind::unreadable:
      move_aside(path, "is unreadable");
      return;
    case queue::SegmentScan::Kind::ok:
      break;
  }
  if (scan.first_id != name_id) {
    move_aside(path, "does not match its name");
    return;
  }
  if (!segments_.empty() && scan.records > 0 && scan.first_id <= segments_.back().last_id()) {
    move_aside(path, "overlaps the ids of the previous segment");
    return;
  }
  if (scan.skipped_bytes > 0) {
    // Bits rot in place on SD cards: only the records in the damaged bytes are lost.
    const uint64_t lost = scan.lost_records();
    spdlog::warn(
        "queue: segment {}: skipped {} damaged bytes in the middle, about {} readings lost "
        "(ids {}), the intact records after them are kept",
        path, scan.skipped_bytes, lost, describe_ranges(scan.lost));
    recovered_skipped_bytes_ += scan.skipped_bytes;
    recovered_lost_records_ += lost;
    recovered_lost_.insert(recovered_lost_.end(), scan.lost.begin(), scan.lost.end());
  }
  if (scan.valid_bytes < scan.file_bytes) {
    uint64_t cut = scan.file_bytes - scan.valid_bytes;
    spdlog::warn(
        "queue: segment {}: cut {} bytes of torn or corrupt tail after {} intact "
        "records (last id {})",
        path, cut, scan.records, scan.records > 0 ? scan.last_id() : 0);
    queue::PosixFile file;
    int err = queue::PosixFile::open(path, O_WRONLY, file);
    if (err == 0 && (err = file.truncate(scan.valid_bytes)) == 0) {
      file.datasync();
      ++syncs_;
    }
    if (err != 0) {
      // Readers stop at valid_bytes anyway; the cut is retried at the next start.
      spdlog::warn("queue: cannot truncate {}: {}", path, std::strerror(err));
    }
    recovered_cut_bytes_ += cut;
  }
  if (scan.records == 0) {
    ::unlink(path.c_str());
    dir_dirty_ = true;
    return;
  }
  Segment segment;
  segment.first_id = scan.first_id;
  segment.records = scan.records;
  segment.bytes = scan.valid_bytes;
  segment.min_created_ms = scan.min_created_ms;
  segment.max_created_ms = scan.max_created_ms;
  segments_.push_back(segment);
}

Status DurableQueue::recover() {
  std::error_code ec;
  std::vector<std::pair<uint64_t, std::string>> files;
  for (const auto& entry : std::filesystem::directory_iterator(config_.dir, ec)) {
    std::string name = entry.path().filename().string();
    if (uint64_t id = segment_name_id(name); id > 0) {
      files.emplace_back(id, entry.path().string());
    } else if (name == std::string(queue::AckLog::kFileName) + ".tmp") {
      std::filesystem::remove(entry.path(), ec);
    }
  }
  if (ec) {
    return Status::error("cannot list queue directory " + config_.dir + ": " + ec.message());
  }
  std::sort(files.begin(), files.end());

  std::lock_guard<std::mutex> lock(mutex_);
  segment_bytes_ = choose_segment_bytes();
  for (const auto& [id, path] : files) {
    recover_segment(path, id);
  }

  Status status = ack_log_.open(config_.dir, acked_);
  if (!status) {
    return status;
  }
  ack_log_bytes_ = ack_log_.bytes();
  // Lost records count as gone: readers step over them and they are dropped, not sent.
  for (const auto& [first, last] : recovered_lost_) {
    uint64_t already = acked_.count_in(first, last);
    dropped_ += (last - first + 1) - already;
    acked_.insert_range(first, last);
    pending_acks_.insert_range(first, last);  // so a later start does not count them again
  }
  recovered_lost_.clear();

  // Ids continue after everything seen, acknowledged ones included, so a stale acknowledgement
  // can never match a new record.
  next_id_ = std::max(segments_.empty() ? 0 : segments_.back().last_id(), acked_.max()) + 1;
  for (auto& segment : segments_) {
    segment.acked = acked_.count_in(segment.first_id, segment.last_id());
    disk_bytes_ += segment.bytes;
  }
  for (size_t i = 0; i < segments_.size();) {
    if (segments_[i].unacked() == 0) {
      remove_segment_locked(i, Removal::reclaimed);
    } else {
      ++i;
    }
  }
  acked_.erase_below(segments_.empty() ? next_id_ : segments_.front().first_id);

  read_next_id_ = next_id_;
  if (!segments_.empty()) {
    move_cursor_locked(segments_.front());
  }
  if (dir_dirty_) {
    queue::sync_directory(config_.dir);
    ++syncs_;
    dir_dirty_ = false;
  }
  uint64_t depth = 0;
  for (const auto& segment : segments_) {
    depth += segment.unacked();
  }
  spdlog::info(
      "queue: {}: {} unacknowledged readings in {} segments, next id {}, segments of {} "
      "bytes",
      config_.dir, depth, segments_.size(), next_id_, segment_bytes_);
  return Status::ok();
}

std::string DurableQueue::segment_path(uint64_t first_id) const {
  char name[32];
  std::snprintf(name, sizeof name, "%020" PRIu64 ".seg", first_id);
  return config_.dir + "/" + name;
}

}  // namespace sa
