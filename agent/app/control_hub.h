#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/pipeline.h"
#include "config/config.h"
#include "control/command_gate.h"
#include "control/disconnect_fallback.h"
#include "control/inbox.h"
#include "core/clock.h"
#include "homeassistant/announcer.h"

namespace sa {

// What arrives from the broker, for one pipeline: Home Assistant discovery (announced on every
// connection and when HA comes online) and commands to the agent. Lives on the main loop.
class ControlHub {
 public:
  // Subscribes through `pipeline`, which must not be started yet and must outlive the hub.
  ControlHub(const Config& config, Pipeline& pipeline, std::string boot_id,
             const std::filesystem::path& model_path);

  // From the main loop: whether the broker link is up; `connected_now` on the first tick of a
  // new connection.
  void tick(bool connected, bool connected_now);

 private:
  void announce();
  void handle(const InboundMessage& message);
  // `{topic_prefix}/{sensor}/{channel}/set`: through the safety rules to the output.
  void handle_set(const InboundMessage& message);
  void finish_pulses(SteadyTime now);
  void apply_disconnect_fallback(bool connected, SteadyTime now);

  struct Pulse {
    SteadyTime until;
    std::string topic;
    double back_to = 0.0;
  };

  const Config& config_;
  Pipeline& pipeline_;
  const std::string boot_id_;
  std::shared_ptr<Inbox> inbox_ = std::make_shared<Inbox>();  // shared with the transport
  std::unique_ptr<HaAnnouncer> announcer_;                    // null: discovery off
  CommandGate gate_;
  std::vector<Pulse> pulses_;
  DisconnectFallback fallback_;
};

}  // namespace sa
