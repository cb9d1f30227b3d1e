#include "publish/topics.h"

namespace sa {

std::string expand_device(std::string text, const std::string& device) {
  static const std::string kPlaceholder = "{device}";
  for (auto at = text.find(kPlaceholder); at != std::string::npos;
       at = text.find(kPlaceholder, at + device.size())) {
    text.replace(at, kPlaceholder.size(), device);
  }
  return text;
}

std::string topic_prefix(const Config& config) {
  return expand_device(config.device.topic_prefix, config.device.id);
}

std::string status_topic(const Config& config) {
  return topic_prefix(config) + "/status";
}
std::string probe_topic(const Config& config) {
  return topic_prefix(config) + "/probe";
}

std::string client_id(const Config& config) {
  return expand_device(config.broker.client_id, config.device.id);
}

}  // namespace sa
