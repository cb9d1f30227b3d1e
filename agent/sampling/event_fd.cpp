#include "sampling/event_fd.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <utility>

namespace sa {

EventFd::EventFd() : fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

EventFd::~EventFd() {
  if (fd_ >= 0)
    close(fd_);
}

EventFd::EventFd(EventFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

EventFd& EventFd::operator=(EventFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0)
      close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void EventFd::signal() {
  const uint64_t one = 1;
  // Only fails when the counter would overflow, and then the fd is readable anyway.
  (void)!write(fd_, &one, sizeof one);
}

void EventFd::drain() {
  uint64_t count = 0;
  (void)!read(fd_, &count, sizeof count);
}

}  // namespace sa
