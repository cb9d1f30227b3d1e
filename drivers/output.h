#pragma once

#include <optional>

#include "core/status.h"

namespace sa {

// A sensor whose one channel can also be set (`.../set` commands). Implemented next to Sensor
// by output drivers; set() is called from the agent's main loop while read() runs on the
// sensor's thread, so implementations lock.
class Output {
 public:
  virtual ~Output() = default;
  virtual double min() const = 0;
  virtual double max() const = 0;
  // Within [min, max] (checked by the caller); the channel's next read shows the result.
  virtual Status set(double value) = 0;
  // The last value written (initial or set); what a pulse goes back to.
  virtual std::optional<double> written() const = 0;
};

}  // namespace sa
