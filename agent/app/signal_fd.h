#pragma once

#include <signal.h>

#include <chrono>
#include <initializer_list>
#include <optional>

namespace sa {

// Blocks the given signals in the calling thread (threads created afterwards inherit the mask)
// and delivers them through a signalfd, so the main loop handles them synchronously.
// Construct it before any thread exists. Move-only. The signals stay blocked after it is gone:
// a late SIGTERM must not kill a process that is already shutting down cleanly.
class SignalFd {
 public:
  explicit SignalFd(std::initializer_list<int> signals);
  ~SignalFd();
  SignalFd(SignalFd&& other) noexcept;
  SignalFd& operator=(SignalFd&& other) noexcept;
  SignalFd(const SignalFd&) = delete;
  SignalFd& operator=(const SignalFd&) = delete;

  bool valid() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  // The next pending signal, waiting up to `timeout`; nullopt when none arrived.
  std::optional<int> wait(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

}  // namespace sa
