#include "app/signal_fd.h"

#include <poll.h>
#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace sa {

SignalFd::SignalFd(std::initializer_list<int> signals) {
  sigset_t mask;
  sigemptyset(&mask);
  for (int signal_number : signals) {
    sigaddset(&mask, signal_number);
  }
  pthread_sigmask(SIG_BLOCK, &mask, nullptr);
  fd_ = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
}

SignalFd::~SignalFd() {
  if (fd_ >= 0) {
    close(fd_);
  }
}

SignalFd::SignalFd(SignalFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

SignalFd& SignalFd::operator=(SignalFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      close(fd_);
    }
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

std::optional<int> SignalFd::wait(std::chrono::milliseconds timeout) {
  if (fd_ < 0) {
    return std::nullopt;
  }
  pollfd waiting{fd_, POLLIN, 0};
  const int ready = poll(&waiting, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) {
    return std::nullopt;
  }
  signalfd_siginfo info{};
  const ssize_t got = read(fd_, &info, sizeof(info));
  if (got != static_cast<ssize_t>(sizeof(info))) {
    return std::nullopt;
  }
  return static_cast<int>(info.ssi_signo);
}

}  // namespace sa
