#include "queue/posix_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace sa::queue {

PosixFile::~PosixFile() {
  close();
}

PosixFile::PosixFile(PosixFile&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

PosixFile& PosixFile::operator=(PosixFile&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

int PosixFile::open(const std::string& path, int flags, PosixFile& out, mode_t mode) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd < 0) {
    return errno;
  }
  out = PosixFile(fd);
  return 0;
}

void PosixFile::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

int PosixFile::write_all(const void* data, size_t size, size_t& written) {
  written = 0;
  const auto* bytes = static_cast<const char*>(data);
  while (written < size) {
    ssize_t n = ::write(fd_, bytes + written, size - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    if (n == 0) {
      return ENOSPC;
    }
    written += static_cast<size_t>(n);
  }
  return 0;
}

int PosixFile::pread_full(void* data, size_t size, uint64_t offset, size_t& got) const {
  got = 0;
  auto* bytes = static_cast<char*>(data);
  while (got < size) {
    ssize_t n = ::pread(fd_, bytes + got, size - got, static_cast<off_t>(offset + got));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    if (n == 0) {
      break;
    }
    got += static_cast<size_t>(n);
  }
  return 0;
}

int PosixFile::datasync() const {
  return ::fdatasync(fd_) == 0 ? 0 : errno;
}

int PosixFile::sync() const {
  return ::fsync(fd_) == 0 ? 0 : errno;
}

int PosixFile::truncate(uint64_t size) const {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
    return errno;
  }
  return ::lseek(fd_, static_cast<off_t>(size), SEEK_SET) < 0 ? errno : 0;
}

int PosixFile::seek_end(uint64_t& size) const {
  off_t end = ::lseek(fd_, 0, SEEK_END);
  if (end < 0) {
    return errno;
  }
  size = static_cast<uint64_t>(end);
  return 0;
}

int PosixFile::size(uint64_t& out) const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    return errno;
  }
  out = static_cast<uint64_t>(st.st_size);
  return 0;
}

int sync_directory(const std::string& dir) {
  PosixFile file;
  int err = PosixFile::open(dir, O_RDONLY | O_DIRECTORY, file);
  if (err != 0) {
    return err;
  }
  return file.sync();
}

}  // namespace sa::queue
