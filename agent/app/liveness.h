#pragma once

#include <cstdint>
#include <vector>

#include "core/clock.h"
#include "publish/publisher.h"
#include "sampling/sensor_status.h"

namespace sa {

// Decides whether the systemd watchdog may be fed: the publisher thread still goes round its
// loop, and the sampler still makes progress. One hung sensor is isolated by its runner and does
// not count; only when every sensor is stale and none has completed a read, a failed read or a
// setup attempt for `sampler_limit` is the sampler considered dead. Failed sensors retry setup
// with a backoff of minutes, so the limit must exceed that backoff, or missing hardware would
// make systemd restart the agent in a loop.
class LivenessMonitor {
 public:
  LivenessMonitor(SteadyClock::duration publisher_limit, SteadyClock::duration sampler_limit)
      : publisher_limit_(publisher_limit), sampler_limit_(sampler_limit) {}

  bool alive(SteadyTime now, const PublisherStats& publisher,
             const std::vector<SensorStatus>& sensors);

 private:
  SteadyClock::duration publisher_limit_;
  SteadyClock::duration sampler_limit_;
  uint64_t progress_ = 0;
  SteadyTime last_progress_{};
  bool seen_ = false;
};

}  // namespace sa
