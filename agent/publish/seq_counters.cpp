#include "publish/seq_counters.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
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
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
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

}  // namespace

SeqCounters::SeqCounters(std::string path) : path_(std::move(path)) {}

Status SeqCounters::load() {
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
    uint64_t& next = next_.try_emplace(topic, kFirstSeq).first->second;
    next = std::max(next, value.get<uint64_t>());
  }
  return Status::ok();
}

Status SeqCounters::save() {
  nlohmann::json doc;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!dirty_)
      return Status::ok();
    doc["version"] = 1;
    doc["next"] = nlohmann::json::object();
    for (const auto& [topic, next] : next_)
      doc["next"][topic] = next;
    dirty_ = false;
  }
  Status status = write_atomically(path_, doc.dump(1) + "\n");
  if (!status) {
    std::lock_guard<std::mutex> lock(mutex_);
    dirty_ = true;  // try again next time
  }
  return status;
}

uint64_t SeqCounters::take(const std::string& topic) {
  std::lock_guard<std::mutex> lock(mutex_);
  dirty_ = true;
  return next_.try_emplace(topic, kFirstSeq).first->second++;
}

uint64_t SeqCounters::peek(const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = next_.find(topic);
  return it == next_.end() ? kFirstSeq : it->second;
}

void SeqCounters::ensure_at_least(const std::string& topic, uint64_t next) {
  std::lock_guard<std::mutex> lock(mutex_);
  uint64_t& current = next_.try_emplace(topic, kFirstSeq).first->second;
  if (current < next) {
    current = next;
    dirty_ = true;
  }
}

}  // namespace sa
