#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "mqtt/transport.h"

namespace sa {

// What the agent knows when it answers a command.
struct AgentFacts {
  std::string device;
  std::string version;
  std::string boot_id;
  bool discovery = false;  // Home Assistant discovery on
  size_t sensors = 0;
};

struct AgentCommandOutcome {
  std::string reply_topic;
  std::string reply_payload;
  std::string correlation;  // MQTT 5 Correlation Data, returned as received
  bool reannounce = false;  // the caller publishes the discovery configs again
  bool read_now = false;    // the caller has every sensor read now
};

// `{topic_prefix}/cmd/NAME`: ping, read, reannounce; nullopt when `message` is not on such a topic.
// A retained command is not carried out (it was not sent now) and gets no reply.
std::optional<AgentCommandOutcome> handle_agent_command(const InboundMessage& message,
                                                        const std::string& topic_prefix,
                                                        const AgentFacts& facts);

}  // namespace sa
