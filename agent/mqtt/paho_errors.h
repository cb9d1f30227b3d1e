#pragma once

#include <string>

namespace sa {

// Paho C return codes (MQTTASYNC_*) in words a person can act on. Empty when the code carries no
// more meaning than the number. The protocol's own codes: mqtt/mqtt_words.h.
std::string paho_return_code_words(int rc);

// Token failures after which the message is certainly still ours to send: -3 disconnected,
// -11 operation incomplete (session discarded), -12 Paho's own buffer full.
bool paho_not_delivered(int rc);

}  // namespace sa
