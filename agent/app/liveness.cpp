#include "app/liveness.h"

#include <algorithm>

namespace sa {

bool LivenessMonitor::alive(SteadyTime now, const PublisherStats& publisher,
                            const std::vector<SensorStatus>& sensors) {
  const bool publisher_alive =
      publisher.loop_heartbeat == SteadyTime{} || now - publisher.loop_heartbeat < publisher_limit_;

  uint64_t progress = 0;
  for (const auto& sensor : sensors) {
    progress += sensor.reads + sensor.errors;
  }
  if (!seen_ || progress != progress_) {
    seen_ = true;
    progress_ = progress;
    last_progress_ = now;
  }
  const bool all_stale =
      !sensors.empty() &&
      std::all_of(sensors.begin(), sensors.end(), [](const SensorStatus& s) { return s.stale; });
  const bool sampler_alive = !all_stale || now - last_progress_ < sampler_limit_;
  return publisher_alive && sampler_alive;
}

}  // namespace sa
