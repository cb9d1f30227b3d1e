#pragma once

#include <string>

#include "mqtt/transport.h"

namespace sa {

// Where the answer to an agent command goes: the MQTT 5 Response Topic when the sender gave one,
// otherwise `{command topic}/reply` (MQTT 3.1.1 has no response topic).
std::string reply_topic(const InboundMessage& command);

// `{"ok": true, ...fields}` or `{"ok": false, "error": "..."}`.
std::string reply_ok(const std::string& fields_json = "{}");
std::string reply_error(const std::string& error);

}  // namespace sa
