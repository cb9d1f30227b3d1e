#include "app/systemd_notifier.h"

#include <systemd/sd-daemon.h>

#include <cstdint>

namespace sa {

SystemdNotifier::SystemdNotifier() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0) {
    watchdog_interval_ = std::chrono::microseconds(usec);
  }
}

void SystemdNotifier::notify(const std::string& state) {
  sd_notify(0, state.c_str());
}

void SystemdNotifier::ready() {
  notify("READY=1");
}

void SystemdNotifier::reloading() {
  notify("RELOADING=1");
}

void SystemdNotifier::stopping() {
  notify("STOPPING=1");
}

void SystemdNotifier::status(const std::string& line, SteadyTime now, bool force) {
  if (line == status_ && !force) {
    return;
  }
  if (!force && now - last_status_ < std::chrono::seconds(1)) {
    return;
  }
  status_ = line;
  last_status_ = now;
  notify("STATUS=" + line);
}

void SystemdNotifier::watchdog(SteadyTime now) {
  if (watchdog_interval_.count() == 0 || now - last_watchdog_ < watchdog_interval_ / 2) {
    return;
  }
  last_watchdog_ = now;
  notify("WATCHDOG=1");
}

}  // namespace sa
