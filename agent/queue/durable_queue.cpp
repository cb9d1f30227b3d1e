#include "queue/durable_queue.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "queue/record_format.h"
#include "queue/segment_scan.h"

namespace sa {
namespace {

constexpr auto kErrorLogPeriod = std::chrono::seconds(60);

bool is_disk_full(int err) {
  return err == ENOSPC || err == EDQUOT;
}

}  // namespace

int64_t DurableQueue::now_ms() const {
  if (options_.now_unix_ms) {
    return options_.now_unix_ms();
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(WallClock::now().time_since_epoch())
      .count();
}

bool DurableQueue::expired(const OutgoingMessage& message, int64_t now) const {
  return max_age_ms_ > 0 && message.created_unix_ms < now - max_age_ms_;
}

// ---- writing ---------------------------------------------------------------------------------

void DurableQueue::push(OutgoingMessage message) {
  std::shared_ptr<WriteFile> sync_file;
  bool new_segment = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    expire_locked(now_ms());
    const size_t size = queue::encoded_record_size(message);
    if (!queue::record_fits(message) || !make_room(size)) {
      ++dropped_;
      return;
    }
    const uint64_t id = next_id_;
    int err = append_locked(message, new_segment);
    while (is_disk_full(err) && free_space_for_retry_locked()) {
      err = append_locked(message, new_segment);
    }
    if (err != 0) {
      ++dropped_;
      if (is_disk_full(err)) {
        ++disk_full_;
      } else {
        ++write_errors_;
      }
      auto now = SteadyClock::now();
      if (now - last_error_log_ >= kErrorLogPeriod || last_error_log_ == SteadyTime{}) {
        spdlog::error(
            "queue: cannot store a reading in {}: {}; {} more failures since the last report, "
            "{} readings dropped in all; trying again with the next one",
            config_.dir, std::strerror(err), errors_not_logged_, dropped_);
        last_error_log_ = now;
        errors_not_logged_ = 0;
      } else {
        ++errors_not_logged_;
      }
      return;
    }
    const Segment& segment = segments_.back();
    // A reader that has caught up takes the record straight from memory.
    if (read_next_id_ == id && read_segment_ == segment.first_id &&
        read_offset_ + size == segment.bytes && read_ahead_.size() < options_.read_ahead_records &&
        read_ahead_bytes_ < options_.read_ahead_bytes) {
      read_ahead_bytes_ += size;
      read_ahead_.push_back(BufferedMessage{id, std::move(message)});
      read_offset_ = segment.bytes;
      read_next_id_ = id + 1;
    }
    if (config_.sync == SyncPolicy::always) {
      sync_file = writer_;
    } else if (config_.sync == SyncPolicy::batch && ++unsynced_records_ >= options_.batch_records) {
      sync_requested_ = true;
      wake_.notify_one();
    }
  }
  if (sync_file) {
    // Outside the lock: other sensor threads keep pushing while this one waits for the card.
    sync_file->file.datasync();
    ++syncs_;
    if (new_segment) {
      queue::sync_directory(config_.dir);
      ++syncs_;
    }
  }
}

bool DurableQueue::make_room(size_t record_bytes) {
  const auto needed = [&] {
    bool rolls = !writer_ || segments_.back().bytes + record_bytes > segment_bytes_;
    return record_bytes + (rolls ? queue::kSegmentHeaderSize : 0);
  };
  if (record_bytes + queue::kSegmentHeaderSize + ack_log_bytes_ > config_.max_bytes) {
    return false;  // could never fit
  }
  while (disk_bytes_ + ack_log_bytes_ + needed() > config_.max_bytes) {
    if (config_.on_full == DropPolicy::drop_newest || segments_.empty()) {
      return false;
    }
    remove_segment_locked(0, Removal::dropped);
  }
  return true;
}

bool DurableQueue::free_space_for_retry_locked() {
  if (config_.on_full == DropPolicy::drop_newest || segments_.empty()) {
    return false;
  }
  ++disk_full_;
  remove_segment_locked(0, Removal::dropped);
  return true;
}

int DurableQueue::open_segment_locked() {
  const uint64_t first_id = next_id_;
  const std::string path = segment_path(first_id);
  auto file = std::make_shared<WriteFile>();
  file->first_id = first_id;
  int err = queue::PosixFile::open(path, O_WRONLY | O_CREAT | O_TRUNC, file->file);
  if (err != 0) {
    return err;
  }
  std::string header;
  queue::encode_segment_header(first_id, header);
  size_t written = 0;
  err = file->file.write_all(header.data(), header.size(), written);
  if (err != 0) {
    file->file.close();
    ::unlink(path.c_str());
    return err;
  }
  // Every record written so far has been read: the cursor moves on to the new segment.
  const bool caught_up = read_segment_ == 0 || (read_segment_ == segments_.back().first_id &&
                                                read_offset_ >= segments_.back().bytes);
  Segment segment;
  segment.first_id = first_id;
  segment.bytes = header.size();
  segments_.push_back(segment);
  disk_bytes_ += segment.bytes;
  writer_ = std::move(file);
  dir_dirty_ = true;
  if (caught_up) {
    move_cursor_locked(segments_.back());
  }
  return 0;
}

void DurableQueue::seal_writer_locked() {
  if (!writer_) {
    return;
  }
  // Still listed in unsynced_ when dirty, so batch mode syncs it one last time.
  writer_.reset();
  if (!segments_.empty()) {
    maybe_reclaim_locked(segments_.back().first_id);
  }
}

int DurableQueue::append_locked(const OutgoingMessage& message, bool& new_segment) {
  encode_buffer_.clear();
  queue::encode_record(next_id_, message, encode_buffer_);
  if (writer_ && segments_.back().records > 0 &&
      segments_.back().bytes + encode_buffer_.size() > segment_bytes_) {
    seal_writer_locked();
  }
  if (!writer_) {
    int err = open_segment_locked();
    if (err != 0) {
      return err;
    }
    new_segment = true;
  }
  Segment& segment = segments_.back();
  size_t written = 0;
  int err = writer_->file.write_all(encode_buffer_.data(), encode_buffer_.size(), written);
  if (err != 0) {
    // Cut the partial record so the next one lands on a record boundary; if even that fails,
    // stop appending to this file (readers and recovery never go past segment.bytes).
    if (written > 0 && writer_->file.truncate(segment.bytes) != 0) {
      seal_writer_locked();
    }
    return err;
  }
  if (segment.records == 0) {
    segment.min_created_ms = segment.max_created_ms = message.created_unix_ms;
  } else {
    segment.min_created_ms = std::min(segment.min_created_ms, message.created_unix_ms);
    segment.max_created_ms = std::max(segment.max_created_ms, message.created_unix_ms);
  }
  ++segment.records;
  segment.bytes += encode_buffer_.size();
  disk_bytes_ += encode_buffer_.size();
  ++next_id_;
  // push() syncs each record itself under the always policy.
  if (config_.sync != SyncPolicy::always && !writer_->dirty) {
    writer_->dirty = true;
    unsynced_.push_back(writer_);
  }
  return 0;
}

// ---- segment bookkeeping ---------------------------------------------------------------------

DurableQueue::Segment* DurableQueue::segment_of(uint64_t id) {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), id,
                             [](uint64_t v, const Segment& s) { return v < s.first_id; });
  if (it == segments_.begin()) {
    return nullptr;
  }
  --it;
  return it->records > 0 && id <= it->last_id() ? &*it : nullptr;
}

void DurableQueue::remove_segment_locked(size_t index, Removal why) {
  const Segment segment = segments_[index];
  const bool active = writer_ && index + 1 == segments_.size();
  if (active) {
    writer_.reset();
  }
  unsynced_.erase(std::remove_if(unsynced_.begin(), unsynced_.end(),
                                 [&](const auto& f) { return f->first_id == segment.first_id; }),
                  unsynced_.end());
  if (reader_segment_ == segment.first_id) {
    reader_.close();
    reader_segment_ = 0;
  }
  const std::string path = segment_path(segment.first_id);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    spdlog::warn("queue: cannot delete {}: {}", path, std::strerror(errno));
  }
  dir_dirty_ = true;
  disk_bytes_ -= segment.bytes;
  if (why == Removal::dropped && segment.unacked() > 0) {
    dropped_ += segment.unacked();
    spdlog::warn("queue: dropped {} unacknowledged readings (ids {}..{}) to stay within bounds",
                 segment.unacked(), segment.first_id, segment.last_id());
  }
  segments_.erase(segments_.begin() + static_cast<std::ptrdiff_t>(index));

  if (segment.records > 0) {
    const uint64_t first = segment.first_id;
    const uint64_t last = segment.last_id();
    auto in_segment = [&](uint64_t id) { return id >= first && id <= last; };
    for (auto it = read_ahead_.begin(); it != read_ahead_.end();) {
      if (in_segment(it->id)) {
        read_ahead_bytes_ -= queue::encoded_record_size(it->message);
        it = read_ahead_.erase(it);
      } else {
        ++it;
      }
    }
    in_flight_.erase(in_flight_.lower_bound(first), in_flight_.upper_bound(last));
    released_.erase(released_.lower_bound(first), released_.upper_bound(last));
  }
  if (read_segment_ == segment.first_id) {
    if (index < segments_.size()) {
      move_cursor_locked(segments_[index]);
    } else {
      read_segment_ = 0;
      read_next_id_ = next_id_;
    }
  }
  acked_.erase_below(segments_.empty() ? next_id_ : segments_.front().first_id);
}

void DurableQueue::maybe_reclaim_locked(uint64_t id) {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), id,
                             [](uint64_t v, const Segment& s) { return v < s.first_id; });
  if (it == segments_.begin()) {
    return;
  }
  --it;
  const bool active = writer_ && std::next(it) == segments_.end();
  if (!active && it->records > 0 && it->unacked() == 0) {
    remove_segment_locked(static_cast<size_t>(it - segments_.begin()), Removal::reclaimed);
  }
}

void DurableQueue::mark_gone_locked(uint64_t id) {
  Segment* segment = segment_of(id);
  if (segment != nullptr && acked_.insert(id)) {
    pending_acks_.insert(id);  // so it is not counted again after a restart
    ++segment->acked;
    maybe_reclaim_locked(id);
  }
}

void DurableQueue::expire_locked(int64_t now) {
  if (max_age_ms_ <= 0) {
    return;
  }
  while (!segments_.empty() && segments_.front().records > 0 &&
         segments_.front().max_created_ms < now - max_age_ms_) {
    remove_segment_locked(0, Removal::dropped);
  }
}

// ---- reading ---------------------------------------------------------------------------------

void DurableQueue::move_cursor_locked(const Segment& segment) {
  read_segment_ = segment.first_id;
  read_offset_ = queue::kSegmentHeaderSize;
  read_next_id_ = segment.first_id;
}

void DurableQueue::abandon_segment_rest_locked(Segment& segment, const char* why) {
  spdlog::error("queue: segment {} {} at offset {}; its readings from id {} on are dropped",
                segment_path(segment.first_id), why, read_offset_, read_next_id_);
  const uint64_t first = segment.first_id;
  const uint64_t last = segment.last_id();
  dropped_ += (last + 1 - read_next_id_) - acked_.count_in(read_next_id_, last);
  acked_.insert_range(read_next_id_, last);
  segment.acked = acked_.count_in(first, last);
  read_offset_ = segment.bytes;
  read_next_id_ = last + 1;
  reader_.close();
  reader_segment_ = 0;
  maybe_reclaim_locked(first);
}

bool DurableQueue::skip_damage_locked(Segment& segment) {
  // Damage found at open is already counted (its ids are in acked_); damage the card made since
  // is counted here. Either way the reader moves on to the next intact record.
  reader_.seek(read_offset_);
  BufferedMessage record;
  uint64_t resumed_at = 0;
  if (!queue::resync_after_damage(reader_, segment.bytes, read_next_id_, record, resumed_at) ||
      record.id > segment.last_id()) {
    return false;
  }
  if (record.id > read_next_id_) {
    const uint64_t first = read_next_id_;
    const uint64_t last = record.id - 1;
    const uint64_t fresh = (last - first + 1) - acked_.count_in(first, last);
    if (fresh > 0) {
      spdlog::error("queue: segment {} is damaged at offset {}; readings {}..{} are lost",
                    segment_path(segment.first_id), read_offset_, first, last);
      dropped_ += fresh;
      acked_.insert_range(first, last);
      pending_acks_.insert_range(first, last);
      segment.acked = acked_.count_in(segment.first_id, segment.last_id());
    }
  }
  read_offset_ = resumed_at;
  read_next_id_ = record.id;  // read again, in order, by the caller
  return true;
}

void DurableQueue::refill_locked(int64_t now) {
  while (read_segment_ != 0 && read_ahead_.size() < options_.read_ahead_records &&
         read_ahead_bytes_ < options_.read_ahead_bytes) {
    auto it = std::lower_bound(segments_.begin(), segments_.end(), read_segment_,
                               [](const Segment& s, uint64_t v) { return s.first_id < v; });
    if (it == segments_.end()) {
      read_segment_ = 0;
      read_next_id_ = next_id_;
      return;
    }
    if (it->first_id != read_segment_) {
      move_cursor_locked(*it);
    }
    Segment& segment = *it;
    if (read_offset_ >= segment.bytes) {
      if (std::next(it) == segments_.end()) {
        return;  // caught up with the writer
      }
      move_cursor_locked(*std::next(it));
      continue;
    }
    if (reader_segment_ != segment.first_id) {
      uint64_t header_id = 0;
      reader_segment_ = segment.first_id;
      if (reader_.open(segment_path(segment.first_id), header_id) !=
              queue::SegmentReader::OpenResult::ok ||
          header_id != segment.first_id) {
        abandon_segment_rest_locked(segment, "became unreadable");
        continue;
      }
    }
    reader_.seek(read_offset_);
    BufferedMessage record;
    auto result = reader_.next(segment.bytes, record);
    if (result != queue::SegmentReader::ReadResult::record || record.id != read_next_id_) {
      if (!skip_damage_locked(segment)) {
        abandon_segment_rest_locked(segment, "is damaged");  // by the card, after it was written
      }
      continue;
    }
    read_offset_ = reader_.offset();
    read_next_id_ = record.id + 1;
    if (acked_.contains(record.id)) {
      continue;
    }
    if (expired(record.message, now)) {
      ++dropped_;
      mark_gone_locked(record.id);
      continue;
    }
    read_ahead_bytes_ += queue::encoded_record_size(record.message);
    read_ahead_.push_back(std::move(record));
  }
}

// ---- MessageBuffer ---------------------------------------------------------------------------

std::vector<BufferedMessage> DurableQueue::take_unsent(size_t max_count) {
  std::vector<BufferedMessage> out;
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t now = now_ms();
  expire_locked(now);
  // Sized for what is at hand: growing it one message at a time moved every message again.
  out.reserve(std::min(max_count, released_.size() + std::max<size_t>(read_ahead_.size(), 1)));
  while (out.size() < max_count && !released_.empty()) {
    auto node = released_.extract(released_.begin());
    if (expired(node.mapped(), now)) {
      ++dropped_;
      mark_gone_locked(node.key());
      continue;
    }
    out.push_back(BufferedMessage{node.key(), node.mapped()});
    in_flight_.insert(std::move(node));
  }
  while (out.size() < max_count) {
    if (read_ahead_.empty()) {
      refill_locked(now);
      if (read_ahead_.empty()) {
        break;
      }
    }
    BufferedMessage record = std::move(read_ahead_.front());
    read_ahead_.pop_front();
    read_ahead_bytes_ -= queue::encoded_record_size(record.message);
    if (expired(record.message, now)) {
      ++dropped_;
      mark_gone_locked(record.id);
      continue;
    }
    in_flight_.emplace(record.id, record.message);
    out.push_back(std::move(record));
  }
  return out;
}

void DurableQueue::acknowledge(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  in_flight_.erase(id);
  released_.erase(id);
  Segment* segment = segment_of(id);
  if (segment != nullptr && acked_.insert(id)) {
    pending_acks_.insert(id);
    ++segment->acked;
    maybe_reclaim_locked(id);
  }
}

void DurableQueue::release(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto node = in_flight_.extract(id);
  if (!node.empty()) {
    released_.insert(std::move(node));
  }
}

void DurableQueue::release_all() {
  std::lock_guard<std::mutex> lock(mutex_);
  released_.merge(in_flight_);
  in_flight_.clear();
}

BufferStats DurableQueue::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  BufferStats stats;
  const Segment* first_unacked = nullptr;
  for (const auto& segment : segments_) {
    stats.depth += segment.unacked();
    if (first_unacked == nullptr && segment.unacked() > 0) {
      first_unacked = &segment;
    }
  }
  stats.in_flight = in_flight_.size();
  stats.bytes = disk_bytes_ + ack_log_bytes_;
  stats.dropped = dropped_;
  stats.syncs = syncs_;
  // The oldest unacknowledged record is the lowest id in memory, else the first unread one.
  uint64_t best_id = UINT64_MAX;
  auto consider = [&](uint64_t id, const OutgoingMessage& message) {
    if (id < best_id) {
      best_id = id;
      stats.oldest_unix_ms = message.created_unix_ms;
    }
  };
  if (!in_flight_.empty()) {
    consider(in_flight_.begin()->first, in_flight_.begin()->second);
  }
  if (!released_.empty()) {
    consider(released_.begin()->first, released_.begin()->second);
  }
  if (!read_ahead_.empty()) {
    consider(read_ahead_.front().id, read_ahead_.front().message);
  }
  if (best_id == UINT64_MAX && first_unacked != nullptr) {
    stats.oldest_unix_ms = first_unacked->min_created_ms;
  }
  return stats;
}

void DurableQueue::for_each_unacked(const UnackedVisitor& visit) {
  std::lock_guard<std::mutex> lock(mutex_);
  queue::SegmentReader reader;
  BufferedMessage record;
  for (const auto& segment : segments_) {
    if (segment.unacked() == 0) {
      continue;
    }
    uint64_t header_id = 0;
    if (reader.open(segment_path(segment.first_id), header_id) !=
        queue::SegmentReader::OpenResult::ok) {
      continue;
    }
    while (true) {
      auto result = reader.next(segment.bytes, record);
      if (result == queue::SegmentReader::ReadResult::record) {
        if (!acked_.contains(record.id)) {
          visit(record.message.topic, record.message.payload);
        }
      } else if (result == queue::SegmentReader::ReadResult::end ||
                 result == queue::SegmentReader::ReadResult::io_error ||
                 !reader.resync(segment.bytes)) {
        break;
      }
    }
  }
}

DurableQueueDetails DurableQueue::details() const {
  std::lock_guard<std::mutex> lock(mutex_);
  DurableQueueDetails details;
  details.segments = segments_.size();
  details.segment_bytes = segment_bytes_;
  details.next_id = next_id_;
  details.write_errors = write_errors_;
  details.disk_full = disk_full_;
  details.recovered_cut_bytes = recovered_cut_bytes_;
  details.recovered_segments_aside = recovered_aside_;
  details.recovered_skipped_bytes = recovered_skipped_bytes_;
  details.recovered_lost_records = recovered_lost_records_;
  details.ack_log_bytes = ack_log_bytes_;
  return details;
}

}  // namespace sa
