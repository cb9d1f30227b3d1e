#pragma once

#include <string>

namespace sa {

// Paho C return codes (MQTTASYNC_*), MQTT 3.1.1 CONNACK return codes and MQTT 5 reason codes in
// words a person can act on. Empty when the code carries no more meaning than the number.
std::string paho_return_code_words(int rc);
std::string connack_return_code_words(int code);  // MQTT 3.1.1, 1..5
std::string reason_code_words(int reason_code);   // MQTT 5, >= 0x80 are failures

// Token failures after which the message is certainly still ours to send: -3 disconnected,
// -11 operation incomplete (session discarded), -12 Paho's own buffer full.
bool paho_not_delivered(int rc);

}  // namespace sa
