#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "app/collector_stats.h"
#include "app/signal_fd.h"
#include "app/systemd_notifier.h"
#include "collector_config.h"
#include "log/log.h"
#include "mqtt/ack_gated_client.h"
#include "store/store.h"

namespace sa::collector {

// `sensor-collector run`: readings from the broker into the store in batches; a message is
// acknowledged to the broker only after the transaction holding it committed, so a crash at any
// point leaves it at the broker, which sends it again.
class Collector {
 public:
  Collector(const CollectorConfig& config, Store& store);

  // Until SIGTERM or SIGINT; the exit code.
  int run(SignalFd& signals, SystemdNotifier& notifier);

 private:
  void on_message(IncomingMessage&& message);
  // Commits what was read; on success the held acknowledgements may go.
  bool commit();
  void connect_with_backoff(SignalFd& signals, bool& stop);
  // Waits, sending WATCHDOG meanwhile; a SIGTERM or SIGINT sets `stop` and ends it.
  void pause(SignalFd& signals, std::chrono::milliseconds total, bool& stop);
  void periodic(SteadyTime now, SystemdNotifier& notifier);
  void apply_retention();

  const CollectorConfig& config_;
  Store& store_;
  AckGatedClient client_;
  SystemdNotifier* notifier_ = nullptr;  // set by run()
  std::chrono::milliseconds retry_wait_;
  std::vector<StoredReading> pending_;
  uint64_t unacknowledged_ = 0;  // messages read since the last commit, bad ones included
  SteadyTime batch_started_{};
  CollectorStats stats_;
  SteadyTime started_ = SteadyClock::now();
  SteadyTime last_health_{};
  SteadyTime last_retention_{};
  uint64_t stored_at_last_health_ = 0;
  log::RateLimiter bad_payload_log_{std::chrono::seconds(10)};
  log::RateLimiter commit_failure_log_{std::chrono::seconds(10)};
};

// UTC ISO 8601 with milliseconds, as the agent writes ts.
std::string utc_now_text();

}  // namespace sa::collector
