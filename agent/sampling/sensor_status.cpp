#include "sampling/sensor_status.h"

namespace sa {

const char* to_string(SensorState state) {
  switch (state) {
    case SensorState::ok:
      return "ok";
    case SensorState::warning:
      return "warning";
    case SensorState::failed:
      return "failed";
  }
  return "unknown";
}

}  // namespace sa
