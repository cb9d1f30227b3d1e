#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/reading.h"
#include "drivers/driver.h"
#include "sampling/transform.h"

namespace sa {

using ReadingSink = std::function<void(const Reading&)>;

// Turns the samples of one read into readings: maps each sample to its configured channel by
// name (samples of unconfigured channels are ignored), rejects NaN and infinities, applies the
// channel's transform.
class ChannelPipeline {
 public:
  ChannelPipeline(const SensorConfig& config, const std::vector<const ChannelRoute*>& routes);

  struct Result {
    size_t published = 0;
    size_t rejected = 0;
    std::string error;  // the reason of the first rejected sample
  };

  Result process(const std::vector<ChannelSample>& samples, WallTime sampled_at,
                 bool clock_synchronized, SteadyTime now, const ReadingSink& emit);

 private:
  struct Channel {
    const ChannelRoute* route;
    ChannelTransform transform;
  };
  std::map<std::string, Channel, std::less<>> channels_;
};

}  // namespace sa
