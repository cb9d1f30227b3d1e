#include "app/availability.h"

namespace sa {

const char* AvailabilityTracker::availability(const SensorStatus& health) {
  if (health.state == SensorState::failed) {
    return "failed";
  }
  return health.stale ? "stale" : "online";
}

std::vector<AvailabilityTracker::Change> AvailabilityTracker::update(
    const std::vector<SensorStatus>& sensors) {
  std::vector<Change> changes;
  for (const auto& sensor : sensors) {
    const std::string status = availability(sensor);
    auto it = published_.find(sensor.name);
    if (it == published_.end() || it->second != status) {
      published_[sensor.name] = status;
      changes.push_back({sensor.name, status});
    }
  }
  return changes;
}

}  // namespace sa
