#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "core/clock.h"

namespace sa {

// The per-channel filters of the config (calibrate, scale, offset, valid range, median/mean,
// precision, deadband with heartbeat), applied to each sample in that order.
class ChannelTransform {
 public:
  enum class Outcome {
    publish,   // `value` holds the transformed value
    suppress,  // inside the deadband and heartbeat not due, or the window not full yet
    invalid,   // outside valid_min/valid_max: a read error, counted, not published
  };

  explicit ChannelTransform(const TransformConfig& config);
  Outcome apply(double& value, SteadyTime now);
  // Why the last sample was invalid.
  const std::string& invalid_reason() const;

 private:
  class State;
  std::shared_ptr<State> state_;
};

}  // namespace sa
