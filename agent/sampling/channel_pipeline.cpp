#include "sampling/channel_pipeline.h"

#include <cmath>

namespace sa {

ChannelPipeline::ChannelPipeline(const SensorConfig& config,
                                 const std::vector<const ChannelRoute*>& routes) {
  for (const ChannelRoute* route : routes) {
    if (route == nullptr)
      continue;
    TransformConfig transform;
    for (const auto& channel : config.channels) {
      if (channel.name == route->channel)
        transform = channel.transform;
    }
    channels_.emplace(route->channel, Channel{route, ChannelTransform(transform)});
  }
}

ChannelPipeline::Result ChannelPipeline::process(const std::vector<ChannelSample>& samples,
                                                 WallTime sampled_at, bool clock_synchronized,
                                                 SteadyTime now, const ReadingSink& emit) {
  Result result;
  auto reject = [&result](std::string reason) {
    if (result.rejected++ == 0)
      result.error = std::move(reason);
  };
  for (const auto& sample : samples) {
    auto found = channels_.find(sample.channel);
    if (found == channels_.end())
      continue;
    Channel& channel = found->second;
    if (!std::isfinite(sample.value)) {
      reject(sample.channel + ": the driver returned a non-finite value");
      continue;
    }
    double value = sample.value;
    switch (channel.transform.apply(value, now)) {
      case ChannelTransform::Outcome::invalid:
        reject(sample.channel + ": " + channel.transform.invalid_reason());
        break;
      case ChannelTransform::Outcome::suppress:
        break;
      case ChannelTransform::Outcome::publish:
        emit(Reading{channel.route, value, sample.at.value_or(sampled_at), clock_synchronized});
        ++result.published;
        break;
    }
  }
  return result;
}

}  // namespace sa
