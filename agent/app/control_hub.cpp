#include "app/control_hub.h"

#include <spdlog/spdlog.h>

#include "control/agent_commands.h"
#include "publish/topics.h"
#include "sa/version.h"

namespace sa {

ControlHub::ControlHub(const Config& config, Pipeline& pipeline, std::string boot_id,
                       const std::filesystem::path& model_path)
    : config_(config), pipeline_(pipeline), boot_id_(std::move(boot_id)) {
  std::vector<std::string> filters;
  if (config.homeassistant.discovery) {
    announcer_ = std::make_unique<HaAnnouncer>(
        config, std::filesystem::path(config.agent.state_dir) / "homeassistant-announced",
        model_path);
    filters.push_back(announcer_->birth_topic());
  }
  if (config.commands.enabled)
    filters.push_back(topic_prefix(config) + "/cmd/+");
  if (filters.empty())
    return;
  pipeline.set_subscriptions(
      filters, [inbox = inbox_](const InboundMessage& message) { inbox->push(message); });
}

void ControlHub::tick(bool connected_now) {
  if (connected_now && announcer_)
    announce();
  for (const InboundMessage& message : inbox_->take())
    handle(message);
}

void ControlHub::announce() {
  for (RetainedMessage& message : announcer_->announcement())
    pipeline_.publish_control(message.topic, std::move(message.payload), true);
}

void ControlHub::handle(const InboundMessage& message) {
  if (announcer_ && announcer_->is_birth(message.topic, message.payload)) {
    spdlog::info("Home Assistant came online: announcing the entities again");
    announce();
    return;
  }
  const AgentFacts facts{config_.device.id, kVersion, boot_id_, announcer_ != nullptr,
                         pipeline_.sensor_count()};
  std::optional<AgentCommandOutcome> outcome =
      handle_agent_command(message, topic_prefix(config_), facts);
  if (!outcome)
    return;
  if (outcome->reannounce)
    announce();
  if (outcome->read_now)
    pipeline_.read_now();
  pipeline_.publish_reply(outcome->reply_topic, std::move(outcome->reply_payload),
                          std::move(outcome->correlation));
}

}  // namespace sa
