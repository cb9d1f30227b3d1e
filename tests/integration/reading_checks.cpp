#include "reading_checks.h"

#include <ctime>
#include <regex>

namespace sa::test {
namespace {

// 2026-11-25T20:45:08.123Z, read back to a time point.
bool parse_utc(const std::string& text, std::chrono::system_clock::time_point& out) {
  static const std::regex kFormat(R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z)");
  std::smatch match;
  if (!std::regex_match(text, match, kFormat)) {
    return false;
  }
  std::tm tm{};
  tm.tm_year = std::stoi(match[1]) - 1900;
  tm.tm_mon = std::stoi(match[2]) - 1;
  tm.tm_mday = std::stoi(match[3]);
  tm.tm_hour = std::stoi(match[4]);
  tm.tm_min = std::stoi(match[5]);
  tm.tm_sec = std::stoi(match[6]);
  out = std::chrono::system_clock::from_time_t(timegm(&tm));
  return true;
}

}  // namespace

::testing::AssertionResult parse_payload(const std::string& payload, nlohmann::json& out) {
  out = nlohmann::json::parse(payload, nullptr, false);
  if (out.is_discarded() || !out.is_object()) {
    return ::testing::AssertionFailure() << "not a JSON object: " << payload;
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult is_reading(const nlohmann::json& reading, const std::string& device,
                                      const std::string& sensor, const std::string& channel,
                                      const std::string& unit) {
  auto fail = [&](const std::string& why) {
    return ::testing::AssertionFailure() << why << " in " << reading.dump();
  };
  if (reading.value("v", 0) != 1) {
    return fail("\"v\" is not 1");
  }
  if (reading.value("device", "") != device) {
    return fail("\"device\" is not \"" + device + "\"");
  }
  if (reading.value("sensor", "") != sensor || reading.value("channel", "") != channel) {
    return fail("\"sensor\"/\"channel\" are not " + sensor + "/" + channel);
  }
  if (!reading.contains("value") || !reading["value"].is_number()) {
    return fail("\"value\" is not a number");
  }
  if (!unit.empty() && reading.value("unit", "") != unit) {
    return fail("\"unit\" is not \"" + unit + "\"");
  }
  std::chrono::system_clock::time_point sampled;
  if (!reading.contains("ts") || !reading["ts"].is_string() ||
      !parse_utc(reading["ts"].get<std::string>(), sampled)) {
    return fail("\"ts\" is not an RFC 3339 UTC time");
  }
  // Stamped when sampled, by this machine's clock: close to the test's own clock.
  auto skew = std::chrono::system_clock::now() - sampled;
  if (skew > std::chrono::minutes(10) || skew < -std::chrono::minutes(10)) {
    return fail("\"ts\" is more than 10 minutes away from now");
  }
  if (!reading.contains("seq") || !reading["seq"].is_number_unsigned()) {
    return fail("\"seq\" is not an unsigned integer");
  }
  if (!reading.contains("boot") || !reading["boot"].is_string() ||
      reading["boot"].get<std::string>().empty()) {
    return fail("\"boot\" is not a non-empty string");
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult seq_without_gaps(const std::vector<ReceivedMessage>& messages) {
  bool first = true;
  uint64_t previous = 0;
  for (const ReceivedMessage& message : messages) {
    nlohmann::json reading;
    if (auto parsed = parse_payload(message.payload, reading); !parsed) {
      return parsed;
    }
    uint64_t seq = reading.value("seq", uint64_t{0});
    if (!first && seq != previous + 1) {
      return ::testing::AssertionFailure() << "seq " << seq << " follows " << previous << " on "
                                           << message.topic << "; " << describe(messages);
    }
    first = false;
    previous = seq;
  }
  return ::testing::AssertionSuccess();
}

std::string channel_topic(const AgentConfig& config, const std::string& sensor,
                          const std::string& channel) {
  return config.expanded_prefix() + "/" + sensor + "/" + channel;
}

::testing::AssertionResult readings_arrived(const MqttRecorder& recorder, const AgentConfig& config,
                                            const std::string& sensor, const std::string& channel,
                                            size_t count) {
  std::string topic = channel_topic(config, sensor, channel);
  if (auto arrived = recorder.wait_for_count(topic, count, kArrival); !arrived) {
    return arrived;
  }
  std::string unit;
  for (const SimSensor& configured : config.sensors) {
    for (const SimChannel& configured_channel : configured.channels) {
      if (configured.name == sensor && configured_channel.name == channel) {
        unit = configured_channel.unit;
      }
    }
  }
  for (const ReceivedMessage& message : recorder.on_topic(topic)) {
    nlohmann::json reading;
    if (auto parsed = parse_payload(message.payload, reading); !parsed) {
      return parsed;
    }
    if (auto valid = is_reading(reading, config.device_id, sensor, channel, unit); !valid) {
      return valid;
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace sa::test
