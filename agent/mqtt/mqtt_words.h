#pragma once

#include <chrono>
#include <string>

#include "config/config.h"

namespace sa {

// What both MQTT clients say and compute the same way: the broker's address as a URI, timeouts
// in whole seconds, and the protocol's codes in words a person can act on.

// tcp://host:port or ssl://host:port; an IPv6 literal in brackets.
std::string server_uri(const BrokerConfig& broker);

// Whole seconds, rounded up: a 1500 ms keepalive or timeout must not become 1 s.
int seconds_ceil(std::chrono::milliseconds ms);

// "0x87": how MQTT 5 reason codes are written in the specification and in broker logs.
std::string hex_code(int code);

// MQTT 3.1.1 CONNACK return codes 1..5 and MQTT 5 reason codes (>= 0x80 are failures). Empty
// when the code carries no more meaning than the number.
std::string connack_return_code_words(int code);
std::string reason_code_words(int reason_code);

// Whether the reason code of a PUBACK, PUBREC or PUBCOMP means the broker has the message.
// PUBCOMP's one error, 0x92 (Packet Identifier not found), answers a PUBREL sent again after the
// broker completed the exchange and its PUBCOMP was lost (a broker restarted in between does
// this): a PUBREL only follows a PUBREC that accepted the message, so it was delivered. Sending
// it again would deliver a QoS 2 reading twice.
bool broker_has_message(int reason_code);

}  // namespace sa
