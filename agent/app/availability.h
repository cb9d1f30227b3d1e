#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/health.h"

namespace sa {

// Retained per-sensor availability on {topic_prefix}/{sensor}/status: "online", "stale" or
// "failed". Reports a sensor the first time it is seen and whenever its availability changes.
class AvailabilityTracker {
 public:
  struct Change {
    std::string sensor;
    std::string status;
  };

  static const char* availability(const SensorStatus& health);

  std::vector<Change> update(const std::vector<SensorStatus>& sensors);
  // Forget what was published (after a reconnect or reload everything is sent again).
  void reset() { published_.clear(); }

 private:
  std::map<std::string, std::string> published_;
};

}  // namespace sa
