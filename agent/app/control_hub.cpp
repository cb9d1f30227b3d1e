#include "app/control_hub.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "control/agent_commands.h"
#include "control/reply_route.h"
#include "publish/topics.h"
#include "sa/version.h"

namespace sa {
namespace {

// Output channels whose sensor has `on_disconnect` (the drivers require a safe_state with it).
std::vector<DisconnectFallback::Output> disconnect_outputs(const Config& config) {
  std::vector<DisconnectFallback::Output> outputs;
  for (const SensorConfig& sensor : config.sensors) {
    if (!sensor.options.has("on_disconnect") || !sensor.options.has("safe_state"))
      continue;
    for (const ChannelConfig& channel : sensor.channels) {
      outputs.push_back({channel.topic,
                         sensor.options.duration("on_disconnect", std::chrono::milliseconds(0)),
                         sensor.options.number("safe_state", 0.0)});
    }
  }
  return outputs;
}

}  // namespace

ControlHub::ControlHub(const Config& config, Pipeline& pipeline, std::string boot_id,
                       const std::filesystem::path& model_path)
    : config_(config),
      pipeline_(pipeline),
      boot_id_(std::move(boot_id)),
      gate_(config.commands.rate_limit),
      fallback_(disconnect_outputs(config)) {
  std::vector<std::string> filters;
  if (config.homeassistant.discovery) {
    announcer_ = std::make_unique<HaAnnouncer>(
        config, std::filesystem::path(config.agent.state_dir) / "homeassistant-announced",
        model_path);
    filters.push_back(announcer_->birth_topic());
  }
  // Outputs need the command topics as well; set messages for other channels are refused.
  if (config.commands.enabled || pipeline.has_outputs())
    filters.push_back(topic_prefix(config) + "/cmd/+");
  if (pipeline.has_outputs())
    filters.push_back(topic_prefix(config) + "/+/+/set");
  if (filters.empty())
    return;
  pipeline.set_subscriptions(
      filters, [inbox = inbox_](const InboundMessage& message) { inbox->push(message); });
}

void ControlHub::tick(bool connected, bool connected_now) {
  if (connected_now && announcer_)
    announce();
  for (const InboundMessage& message : inbox_->take())
    handle(message);
  const SteadyTime now = SteadyClock::now();
  finish_pulses(now);
  apply_disconnect_fallback(connected, now);
}

void ControlHub::apply_disconnect_fallback(bool connected, SteadyTime now) {
  for (const DisconnectFallback::Output& due : fallback_.due(connected, now)) {
    const Pipeline::OutputChannel* channel = pipeline_.output_at(due.topic);
    if (channel == nullptr)
      continue;
    // A pulse ending later must not undo the safe state.
    pulses_.erase(std::remove_if(pulses_.begin(), pulses_.end(),
                                 [&](const Pulse& pulse) { return pulse.topic == due.topic; }),
                  pulses_.end());
    spdlog::warn("broker link down: {} goes to its safe state {}", due.topic, due.safe_state);
    if (Status done = channel->output->set(due.safe_state); !done)
      spdlog::warn("safe state of {}: {}", due.topic, done.reason());
    pipeline_.read_now(channel->sensor);
  }
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
  const std::string set_suffix = "/set";
  if (message.topic.size() > set_suffix.size() &&
      message.topic.compare(message.topic.size() - set_suffix.size(), set_suffix.size(),
                            set_suffix) == 0) {
    handle_set(message);
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

void ControlHub::handle_set(const InboundMessage& message) {
  const std::string topic = message.topic.substr(0, message.topic.size() - 4);
  const Pipeline::OutputChannel* channel = pipeline_.output_at(topic);
  std::optional<OutputLimits> limits;
  if (channel != nullptr)
    limits = OutputLimits{channel->output->min(), channel->output->max()};
  const GateDecision decision = gate_.check(message, topic, limits, SteadyClock::now());
  // A pulse goes back to what the output held before it (its lower bound when never written).
  const double back = channel != nullptr ? channel->output->written().value_or(limits->min) : 0.0;
  Status done = decision.accepted ? channel->output->set(decision.command->value)
                                  : Status::error(decision.reason);
  if (!done) {
    spdlog::warn("command on {} not carried out: {}", message.topic, done.reason());
  } else {
    if (decision.command->pulse)
      pulses_.push_back(Pulse{SteadyClock::now() + *decision.command->pulse, topic, back});
    // The new state goes out as a reading of what the output now holds.
    pipeline_.read_now(channel->sensor);
  }
  if (!message.response_topic.empty() && !message.retained) {
    pipeline_.publish_reply(message.response_topic, done ? reply_ok() : reply_error(done.reason()),
                            message.correlation_data);
  }
}

void ControlHub::finish_pulses(SteadyTime now) {
  for (auto it = pulses_.begin(); it != pulses_.end();) {
    if (now < it->until) {
      ++it;
      continue;
    }
    if (const Pipeline::OutputChannel* channel = pipeline_.output_at(it->topic)) {
      if (Status back = channel->output->set(it->back_to); !back)
        spdlog::warn("end of pulse on {}: {}", it->topic, back.reason());
      pipeline_.read_now(channel->sensor);
    }
    it = pulses_.erase(it);
  }
}

}  // namespace sa
