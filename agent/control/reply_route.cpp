#include "control/reply_route.h"

#include <nlohmann/json.hpp>

namespace sa {

std::string reply_topic(const InboundMessage& command) {
  if (!command.response_topic.empty())
    return command.response_topic;
  return command.topic + "/reply";
}

std::string reply_ok(const std::string& fields_json) {
  nlohmann::json reply = nlohmann::json::parse(fields_json, nullptr, false);
  if (reply.is_discarded() || !reply.is_object())
    reply = nlohmann::json::object();
  reply["ok"] = true;
  return reply.dump();
}

std::string reply_error(const std::string& error) {
  return nlohmann::json{{"ok", false}, {"error", error}}.dump();
}

}  // namespace sa
