#pragma once

#include <chrono>
#include <string>

#include "core/clock.h"

namespace sa {

// sd_notify() for the service manager; every call is a no-op when not started by systemd.
class SystemdNotifier {
 public:
  SystemdNotifier();

  void ready();
  void reloading();
  void stopping();
  // STATUS=; sent only when it changed, and at most once per second unless `force`. The main
  // loop calls it every tick, so a change held back is sent on a later tick.
  void status(const std::string& line, SteadyTime now, bool force = false);
  // Zero when the unit has no WatchdogSec=.
  std::chrono::microseconds watchdog_interval() const { return watchdog_interval_; }
  // WATCHDOG=1 when half the interval has passed since the last one.
  void watchdog(SteadyTime now);

 private:
  void notify(const std::string& state);

  std::chrono::microseconds watchdog_interval_{0};
  SteadyTime last_watchdog_{};
  SteadyTime last_status_{};
  std::string status_;
};

}  // namespace sa
