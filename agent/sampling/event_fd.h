#pragma once

namespace sa {

// A non-blocking eventfd used to wake a thread out of poll(). Move-only owner of the descriptor.
class EventFd {
 public:
  EventFd();
  ~EventFd();
  EventFd(EventFd&& other) noexcept;
  EventFd& operator=(EventFd&& other) noexcept;
  EventFd(const EventFd&) = delete;
  EventFd& operator=(const EventFd&) = delete;

  bool valid() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  void signal();
  void drain();

 private:
  int fd_ = -1;
};

}  // namespace sa
