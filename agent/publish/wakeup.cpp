#include "publish/wakeup.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <system_error>

namespace sa {

Wakeup::Wakeup() : event_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (event_fd_ < 0)
    throw std::system_error(errno, std::generic_category(), "eventfd");
}

Wakeup::~Wakeup() {
  close(event_fd_);
}

void Wakeup::notify() {
  if (!sleeping_.exchange(false))
    return;
  const uint64_t one = 1;
  // Cannot fail short of a counter overflow, which would still leave it readable.
  (void)!write(event_fd_, &one, sizeof one);
}

Wakeup::Ready Wakeup::sleep_until(SteadyTime deadline, int fd, bool want_write) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - SteadyClock::now());
  const int timeout_ms = static_cast<int>(std::clamp<int64_t>(left.count(), 0, INT_MAX));
  pollfd fds[2] = {{event_fd_, POLLIN, 0},
                   {fd, static_cast<short>(POLLIN | (want_write ? POLLOUT : 0)), 0}};
  const int count = poll(fds, fd >= 0 ? 2 : 1, timeout_ms);
  sleeping_.store(false);
  Ready ready;
  if (count <= 0)
    return ready;  // timed out or interrupted: the caller looks again either way
  if (fds[0].revents != 0) {
    uint64_t value = 0;
    (void)!read(event_fd_, &value, sizeof value);
  }
  if (fd >= 0) {
    ready.readable = (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
    ready.writable = (fds[1].revents & POLLOUT) != 0;
  }
  return ready;
}

}  // namespace sa
