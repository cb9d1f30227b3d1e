#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"
#include "homeassistant/announced_state.h"
#include "homeassistant/discovery.h"

namespace sa {

struct RetainedMessage {
  std::string topic;
  std::string payload;  // empty: clears the retained message
};

// Home Assistant discovery for one config: what to publish (retained) on connect and whenever HA
// announces itself on {prefix}/status, and what to clear because the config no longer has it.
class HaAnnouncer {
 public:
  HaAnnouncer(const Config& config, std::filesystem::path state_file,
              const std::filesystem::path& model_path);

  // {prefix}/status: HA publishes "online" there when it starts.
  std::string birth_topic() const { return device_.prefix + "/status"; }
  bool is_birth(const std::string& topic, const std::string& payload) const {
    return topic == birth_topic() && payload == "online";
  }

  // Clears first (entities gone since the last announcement), then every config; records what
  // was announced in the state file.
  std::vector<RetainedMessage> announcement();

 private:
  HaDevice device_;
  std::vector<HaEntity> entities_;
  AnnouncedState state_;
};

}  // namespace sa
