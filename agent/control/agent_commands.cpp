#include "control/agent_commands.h"

#include <nlohmann/json.hpp>

#include "control/reply_route.h"

namespace sa {

std::optional<AgentCommandOutcome> handle_agent_command(const InboundMessage& message,
                                                        const std::string& topic_prefix,
                                                        const AgentFacts& facts) {
  const std::string base = topic_prefix + "/cmd/";
  if (message.topic.compare(0, base.size(), base) != 0 || message.retained)
    return std::nullopt;
  const std::string name = message.topic.substr(base.size());
  if (name.empty() || name.find('/') != std::string::npos)
    return std::nullopt;  // our own replies on cmd/NAME/reply, or nothing
  AgentCommandOutcome out;
  out.reply_topic = reply_topic(message);
  out.correlation = message.correlation_data;
  if (name == "ping") {
    out.reply_payload = reply_ok(nlohmann::json{
        {"device", facts.device},
        {"version", facts.version},
        {"boot", facts.boot_id}}.dump());
  } else if (name == "read") {
    out.read_now = true;
    out.reply_payload = reply_ok(nlohmann::json{{"sensors", facts.sensors}}.dump());
  } else if (name == "reannounce") {
    if (facts.discovery) {
      out.reannounce = true;
      out.reply_payload = reply_ok();
    } else {
      out.reply_payload =
          reply_error("Home Assistant discovery is off ([homeassistant] discovery)");
    }
  } else {
    out.reply_payload =
        reply_error("unknown command '" + name + "' (known: ping, read, reannounce)");
  }
  return out;
}

}  // namespace sa
