#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "support/agent_config.h"
#include "support/mqtt_recorder.h"

namespace sa::test {

// Generous bounds: the machine may be a loaded 2-core box running a sanitizer build.
inline constexpr std::chrono::milliseconds kArrival{45'000};
inline constexpr std::chrono::milliseconds kExit{30'000};

// The payload as JSON, or a failure naming the text that did not parse.
::testing::AssertionResult parse_payload(const std::string& payload, nlohmann::json& out);

// Every field a reading carries, with the value this device, sensor and channel must have.
::testing::AssertionResult is_reading(const nlohmann::json& reading, const std::string& device,
                                      const std::string& sensor, const std::string& channel,
                                      const std::string& unit);

// The seq values must count up by one (a gap or a step back is reported).
::testing::AssertionResult seq_without_gaps(const std::vector<ReceivedMessage>& messages);

// Readings received on `topic`: at least `count` of them, each a reading of sensor/channel.
::testing::AssertionResult readings_arrived(const MqttRecorder& recorder, const AgentConfig& config,
                                            const std::string& sensor, const std::string& channel,
                                            size_t count);

std::string channel_topic(const AgentConfig& config, const std::string& sensor,
                          const std::string& channel);

}  // namespace sa::test
