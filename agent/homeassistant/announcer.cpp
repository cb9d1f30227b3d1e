#include "homeassistant/announcer.h"

#include <spdlog/spdlog.h>

#include "homeassistant/entities.h"

namespace sa {

HaAnnouncer::HaAnnouncer(const Config& config, std::filesystem::path state_file,
                         const std::filesystem::path& model_path)
    : device_(ha_device(config, model_path)),
      entities_(ha_entities(config)),
      state_(std::move(state_file)) {}

std::vector<RetainedMessage> HaAnnouncer::announcement() {
  std::vector<std::string> topics;
  for (const HaEntity& entity : entities_)
    topics.push_back(discovery_topic(device_, entity));
  std::vector<RetainedMessage> out;
  for (std::string& gone : topics_to_clear(state_.load(), topics))
    out.push_back(RetainedMessage{std::move(gone), {}});
  for (size_t i = 0; i < entities_.size(); ++i)
    out.push_back(RetainedMessage{topics[i], discovery_payload(device_, entities_[i])});
  if (Status saved = state_.save(topics); !saved)
    spdlog::warn("Home Assistant discovery state not saved: {}", saved.reason());
  return out;
}

}  // namespace sa
