#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace sa {

// Outputs with `on_disconnect`: once the broker link has been down that long (or never came up
// since the start), nobody can switch them off remotely, so they go to their safe state. Each
// output is due once per outage.
class DisconnectFallback {
 public:
  struct Output {
    std::string topic;  // the output channel's topic, as the pipeline knows it
    std::chrono::milliseconds after{0};
    double safe_state = 0.0;
  };

  explicit DisconnectFallback(std::vector<Output> outputs);

  bool empty() const { return outputs_.empty(); }
  // The outputs whose safe state is due at `now`, given whether the link is up.
  std::vector<Output> due(bool connected, SteadyTime now);

 private:
  std::vector<Output> outputs_;
  std::vector<bool> applied_;
  std::optional<SteadyTime> down_since_;
};

}  // namespace sa
