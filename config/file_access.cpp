#include "internal/file_access.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace sa::config_detail {

namespace {

std::string errno_text(int error) {
  return std::generic_category().message(error);
}

// Closes the descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&&) = delete;
  Fd& operator=(Fd&&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Opens a regular file for reading; on failure sets `problem`.
int open_regular(const std::string& path, std::string& problem) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    problem = errno_text(errno);
    return -1;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    problem = errno_text(errno);
    ::close(fd);
    return -1;
  }
  if (S_ISDIR(info.st_mode)) {
    problem = "is a directory, not a file";
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

std::string readable_file_problem(const std::string& path) {
  std::string problem;
  Fd fd(open_regular(path, problem));
  return problem;
}

bool read_whole_file(const std::string& path, std::string& text, std::string& problem) {
  Fd fd(open_regular(path, problem));
  if (fd.get() < 0) {
    return false;
  }
  text.clear();
  char buffer[4096];
  for (;;) {
    ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      problem = errno_text(errno);
      return false;
    }
    if (got == 0) {
      return true;
    }
    text.append(buffer, static_cast<size_t>(got));
  }
}

}  // namespace sa::config_detail
