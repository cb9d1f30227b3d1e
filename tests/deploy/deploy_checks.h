#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "support/mosquitto_broker.h"
#include "support/mqtt_recorder.h"
#include "support/subprocess.h"

namespace sa::test {

// Generous bounds: a loaded 2-core machine, maybe a sanitizer build.
inline constexpr std::chrono::milliseconds kDeployArrival{45'000};

// What a refused CONNECT looks like in words, from mosquitto_pub or the agent.
bool says_not_authorised(const std::string& text);
// What a failed TLS handshake or certificate check looks like in words.
bool says_certificate_problem(const std::string& text);

// mosquitto_pub of one message at QoS 1 (MQTT 5, so a refused publish is reported) to
// 127.0.0.1:port, as `who` (anonymous when the user name is empty); `extra` adds TLS options.
CommandResult publish_as(const Credentials& who, int port, const std::string& topic,
                         const std::string& message, const std::filesystem::path& scratch,
                         const std::vector<std::string>& extra = {});

// Messages whose topic starts with `prefix`.
std::vector<ReceivedMessage> under(const std::vector<ReceivedMessage>& messages,
                                   const std::string& prefix);

// The file's permission bits, like 0640.
unsigned mode_of(const std::filesystem::path& path);

}  // namespace sa::test
