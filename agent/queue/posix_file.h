#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace sa::queue {

// An owned file descriptor. Calls return 0 or an errno value, so the queue can apply its disk-full
// policy instead of unwinding.
class PosixFile {
 public:
  PosixFile() = default;
  explicit PosixFile(int fd) : fd_(fd) {}
  ~PosixFile();
  PosixFile(PosixFile&& other) noexcept;
  PosixFile& operator=(PosixFile&& other) noexcept;
  PosixFile(const PosixFile&) = delete;
  PosixFile& operator=(const PosixFile&) = delete;

  // open(2) with O_CLOEXEC added; errno on failure.
  static int open(const std::string& path, int flags, PosixFile& out, mode_t mode = 0644);

  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  void close();

  // Writes everything at the current position; a short write reports ENOSPC. `written` says how
  // much reached the file so the caller can cut it back.
  int write_all(const void* data, size_t size, size_t& written);
  // Reads up to `size` bytes at `offset`; `got` is less only at end of file.
  int pread_full(void* data, size_t size, uint64_t offset, size_t& got) const;
  int datasync() const;
  int sync() const;
  int truncate(uint64_t size) const;
  int seek_end(uint64_t& size) const;
  int size(uint64_t& out) const;

 private:
  int fd_ = -1;
};

// fsync of a directory, so created, renamed and deleted entries survive a power cut.
int sync_directory(const std::string& dir);

}  // namespace sa::queue
