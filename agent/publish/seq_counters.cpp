#include "publish/seq_counters.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sa {
namespace {

std::string errno_text(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

Status write_all(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return Status::error(errno_text("cannot write", path));
    }
    done += static_cast<size_t>(n);
  }
  return Status::ok();
}

Status fsync_directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : path.substr(0, slash);
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return Status::error(errno_text("cannot open directory", dir));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0)
    return Status::error(errno_text("cannot fsync directory", dir));
  return Status::ok();
}

// Temp file, fsync, rename over the old file, fsync the directory: after a power cut the file
// is either the old or the new version, never a torn mix.
Status write_atomically(const std::string& path, const std::string& data) {
  const std::string temp = path + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ENOENT) {
    // The state directory is made by whoever uses it first; with the queue elsewhere that is us.
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  if (fd < 0)
    return Status::error(errno_text("cannot create", temp));
  Status status = write_all(fd, data, temp);
  if (status && ::fsync(fd) != 0)
    status = Status::error(errno_text("cannot fsync", temp));
  ::close(fd);
  if (!status) {
    ::unlink(temp.c_str());
    return status;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const Status failed = Status::error(errno_text("cannot rename to", path));
    ::unlink(temp.c_str());
    return failed;
  }
  return fsync_directory_of(path);
}

// The last next values of every counter file this process used. A reload replaces the
// publisher, and with it the counters, within one boot id: the new ones must go on from the old
// ones even when the file could not be written (a read-only or missing state directory).
std::mutex floors_mutex;
std::map<std::string, std::map<std::string, uint64_t>>& floors() {
  static std::map<std::string, std::map<std::string, uint64_t>> by_path;
  return by_path;
}

}  // namespace

SeqCounters::SeqCounters(std::string path) : path_(std::move(path)) {}

SeqCounters::~SeqCounters() {
  remember_in_process();
}

void SeqCounters::remember_in_process() const {
  std::lock_guard<std::mutex> floors_lock(floors_mutex);
  std::lock_guard<std::mutex> lock(mutex_);
  auto& floor = floors()[path_];
  for (const auto& [topic, counter] : counters_) {
    uint64_t& value = floor[topic];
    value = std::max(value, counter.next);
  }
}

Status SeqCounters::load() {
  {
    std::lock_guard<std::mutex> floors_lock(floors_mutex);
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [topic, next] : floors()[path_]) {
      Counter& counter = counters_[topic];
      counter.next = std::max(counter.next, next);
      counter.durable = counter.next;
    }
  }
  std::ifstream in(path_);
  if (!in) {
    if (errno == ENOENT)
      return Status::ok();
    return Status::error(errno_text("cannot open", path_));
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("next") || !doc["next"].is_object()) {
    return Status::error(path_ + ": not a seq counter file");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [topic, value] : doc["next"].items()) {
    if (!value.is_number_unsigned())
      return Status::error(path_ + ": bad seq for " + topic);
    Counter& counter = counters_[topic];
    counter.next = std::max(counter.next, value.get<uint64_t>());
    // The file covers nothing beyond what it says; the first take() reserves again.
    counter.durable = counter.next;
  }
  return Status::ok();
}

Status SeqCounters::save() {
  // Takes wait while the exact values are written: one issued meanwhile would be above them.
  std::lock_guard<std::mutex> write_lock(write_mutex_);
  std::lock_guard<std::mutex> lock(mutex_);
  if (!dirty_)
    return Status::ok();
  nlohmann::json doc;
  doc["version"] = 1;
  doc["next"] = nlohmann::json::object();
  for (const auto& [topic, counter] : counters_)
    doc["next"][topic] = counter.next;
  Status status = write_atomically(path_, doc.dump(1) + "\n");
  if (!status)
    return status;  // dirty_ stays set: tried again next time; the reservations still stand
  dirty_ = false;
  for (auto& [topic, counter] : counters_)
    counter.durable = counter.next;  // what the file says now; the next take reserves again
  return status;
}

Status SeqCounters::reserve(bool all_due) {
  std::lock_guard<std::mutex> write_lock(write_mutex_);
  const auto now = std::chrono::steady_clock::now();
  nlohmann::json doc;
  std::unordered_map<std::string, uint64_t> marks;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    bool due = false;
    for (auto& [topic, counter] : counters_) {
      const uint64_t left = counter.durable > counter.next ? counter.durable - counter.next : 0;
      if (left == 0 || (all_due && left <= counter.block / 2)) {
        due = true;
        // Aim at one reservation per topic every 30 to 120 s, whatever the rate.
        if (counter.reserved_before) {
          const auto since = now - counter.reserved_at;
          if (since < std::chrono::seconds(30))
            counter.block = std::min(counter.block * 2, kMaxBlock);
          else if (since > std::chrono::seconds(120))
            counter.block = std::max(counter.block / 2, kMinBlock);
        }
        marks[topic] = counter.next + counter.block;
      } else {
        marks[topic] = counter.durable;
      }
    }
    if (!due)
      return Status::ok();
    doc["version"] = 1;
    doc["next"] = nlohmann::json::object();
    for (const auto& [topic, mark] : marks)
      doc["next"][topic] = mark;
  }
  const Status status = write_atomically(path_, doc.dump(1) + "\n");
  std::lock_guard<std::mutex> lock(mutex_);
  ++reservation_writes_;
  for (auto& [topic, counter] : counters_) {
    const auto it = marks.find(topic);
    if (it == marks.end() || it->second <= counter.durable)
      continue;
    // On failure the values are issued all the same (readings must flow); the caller reports it.
    counter.durable = it->second;
    counter.reserved_before = true;
    counter.reserved_at = now;
  }
  dirty_ = true;  // the file is ahead of next: a clean stop writes the exact values
  return status;
}

Status SeqCounters::top_up() {
  return reserve(true);
}

uint64_t SeqCounters::take(const std::string& topic) {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      Counter& counter = counters_[topic];
      if (counter.next < counter.durable) {
        dirty_ = true;
        return counter.next++;
      }
    }
    if (Status status = reserve(false); !status) {
      spdlog::warn(
          "seq counters: cannot reserve seq values ahead ({}); a crash now could issue "
          "some twice",
          status.reason());
    }
  }
}

uint64_t SeqCounters::peek(const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = counters_.find(topic);
  return it == counters_.end() ? kFirstSeq : it->second.next;
}

void SeqCounters::ensure_at_least(const std::string& topic, uint64_t next) {
  std::lock_guard<std::mutex> lock(mutex_);
  Counter& counter = counters_[topic];
  if (counter.next < next) {
    counter.next = next;  // at or past durable: the next take() reserves first
    dirty_ = true;
  }
}

uint64_t SeqCounters::reservation_writes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return reservation_writes_;
}

}  // namespace sa
