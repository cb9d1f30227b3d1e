#pragma once

#include <atomic>

#include "core/clock.h"

namespace sa {

// Puts one thread to sleep in poll() until another thread notifies it, a file descriptor (the
// MQTT client's socket when the publisher drives it) is ready, or a deadline passes. notify()
// makes a system call only while that thread sleeps, so a busy publisher costs its producers
// nothing but an atomic exchange.
//
// The sleeper checks its condition under its own mutex, calls arm() before releasing it, then
// sleep_until(). A notifier changes the condition under the same mutex, then calls notify().
class Wakeup {
 public:
  Wakeup();
  ~Wakeup();
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;

  struct Ready {
    bool readable = false;  // the extra descriptor: readable, hung up or in error
    bool writable = false;
  };

  // Any thread.
  void notify();
  // The sleeper, with its mutex held and nothing to do.
  void arm() { sleeping_.store(true); }
  // The sleeper, mutex released. fd < 0: no descriptor but the wake-up's own.
  Ready sleep_until(SteadyTime deadline, int fd, bool want_write);

 private:
  int event_fd_ = -1;
  std::atomic<bool> sleeping_{false};
};

}  // namespace sa
