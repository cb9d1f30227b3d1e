#include "control/disconnect_fallback.h"

#include <utility>

namespace sa {

DisconnectFallback::DisconnectFallback(std::vector<Output> outputs)
    : outputs_(std::move(outputs)), applied_(outputs_.size(), false) {}

std::vector<DisconnectFallback::Output> DisconnectFallback::due(bool connected, SteadyTime now) {
  std::vector<Output> result;
  if (connected) {
    down_since_.reset();
    applied_.assign(outputs_.size(), false);
    return result;
  }
  if (!down_since_)
    down_since_ = now;
  for (size_t i = 0; i < outputs_.size(); ++i) {
    if (!applied_[i] && now - *down_since_ >= outputs_[i].after) {
      applied_[i] = true;
      result.push_back(outputs_[i]);
    }
  }
  return result;
}

}  // namespace sa
