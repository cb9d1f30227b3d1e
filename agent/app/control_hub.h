#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/pipeline.h"
#include "config/config.h"
#include "control/inbox.h"
#include "homeassistant/announcer.h"

namespace sa {

// What arrives from the broker, for one pipeline: Home Assistant discovery (announced on every
// connection and when HA comes online) and commands to the agent. Lives on the main loop.
class ControlHub {
 public:
  // Subscribes through `pipeline`, which must not be started yet and must outlive the hub.
  ControlHub(const Config& config, Pipeline& pipeline, std::string boot_id,
             const std::filesystem::path& model_path);

  // From the main loop: `connected_now` on the first tick of a new connection.
  void tick(bool connected_now);

 private:
  void announce();
  void handle(const InboundMessage& message);

  const Config& config_;
  Pipeline& pipeline_;
  const std::string boot_id_;
  std::shared_ptr<Inbox> inbox_ = std::make_shared<Inbox>();  // shared with the transport
  std::unique_ptr<HaAnnouncer> announcer_;                    // null: discovery off
};

}  // namespace sa
