#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "core/clock.h"

namespace sa {

// The per-channel filters of the config (calibrate, scale, offset, valid range, median/mean,
// precision, deadband with heartbeat), applied to each sample in that order.
// - median and mean publish the statistic over the samples seen so far until the window holds N,
//   so a sensor publishes from its first sample; with both set, the mean runs over the medians.
// - Invalid samples enter neither window nor deadband state.
// - The deadband compares against the last published value; the heartbeat republishes a value
//   inside the deadband once that long has passed since the last publish.
// Copies share their state.
class ChannelTransform {
 public:
  enum class Outcome {
    publish,   // `value` holds the transformed value
    suppress,  // inside the deadband and the heartbeat not due
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
