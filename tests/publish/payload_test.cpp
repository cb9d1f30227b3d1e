#include "publish/payload.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

namespace sa {
namespace {

using nlohmann::json;

ChannelRoute route(int precision = -1) {
  ChannelRoute r;
  r.sensor = "wave";
  r.channel = "temperature";
  r.unit =
      "\xC2\xB0"
      "C";
  r.topic = "sensors/pi-kitchen/wave/temperature";
  r.precision = precision;
  return r;
}

WallTime at_ms(int64_t unix_ms) {
  return WallTime(std::chrono::milliseconds(unix_ms));
}

std::string shortest(double value) {
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

TEST(Payload, EncodesEveryFieldInOrder) {
  const ChannelRoute r = route();
  const PayloadEncoder encoder("pi-kitchen", r, "boot-1");
  const int64_t ms = 1'795'639'508'123;  // a fixed instant
  const std::string payload = encoder.encode(21.53, at_ms(ms), true, 1234);
  const std::string expected =
      std::string("{\"v\":1,\"device\":\"pi-kitchen\",\"sensor\":\"wave\",") +
      "\"channel\":\"temperature\",\"value\":" + shortest(21.53) + ",\"unit\":\"" + r.unit +
      "\",\"ts\":\"" + format_timestamp(at_ms(ms)) + "\",\"seq\":1234,\"boot\":\"boot-1\"}";
  EXPECT_EQ(payload, expected);
  const json doc = json::parse(payload);
  EXPECT_EQ(doc["value"].get<double>(), 21.53);
  EXPECT_EQ(doc["seq"].get<uint64_t>(), 1234u);
  EXPECT_FALSE(doc.contains("clock_unsynced"));
  EXPECT_FALSE(doc.contains("replay"));
}

TEST(Payload, TimestampIsUtcWithMilliseconds) {
  std::tm tm{};
  tm.tm_year = 2026 - 1900;
  tm.tm_mon = 10;
  tm.tm_mday = 25;
  tm.tm_hour = 20;
  tm.tm_min = 45;
  tm.tm_sec = 8;
  const int64_t seconds = timegm(&tm);
  EXPECT_EQ(format_timestamp(at_ms(seconds * 1000 + 123)), "2026-11-25T20:45:08.123Z");
  EXPECT_EQ(format_timestamp(at_ms(seconds * 1000 + 7)), "2026-11-25T20:45:08.007Z");
  EXPECT_EQ(format_timestamp(at_ms(0)), "1970-01-01T00:00:00.000Z");
}

TEST(Payload, EscapesConfiguredStrings) {
  ChannelRoute r = route();
  r.sensor = "we\"ird\\name";
  r.unit = "line\nbreak";
  const PayloadEncoder encoder("dev\x01ice", r, "b");
  const std::string payload = encoder.encode(1.0, at_ms(0), true, 1);
  const json doc = json::parse(payload);
  EXPECT_EQ(doc["sensor"], r.sensor);
  EXPECT_EQ(doc["unit"], r.unit);
  EXPECT_EQ(doc["device"], "dev\x01ice");
}

TEST(Payload, ShortestRoundTripWithoutPrecision) {
  for (double v : {0.1, 21.53, -3.25e-7, 1e21, 123456789.123456789, 0.0}) {
    const std::string text = format_value(v, -1);
    EXPECT_EQ(std::stod(text), v) << text;
    EXPECT_EQ(text, shortest(v));
  }
}

TEST(Payload, PrecisionRoundsToDecimals) {
  EXPECT_EQ(format_value(21.5349, 2), shortest(21.53));
  EXPECT_EQ(format_value(21.5, 2), shortest(21.5));
  EXPECT_EQ(format_value(2.675, 0), "3");
  EXPECT_EQ(format_value(-0.001, 1), "0");
  EXPECT_EQ(format_value(1013.2567, 1), shortest(1013.3));
}

TEST(Payload, UnsyncedClockIsMarked) {
  const ChannelRoute r = route();
  const PayloadEncoder encoder("d", r, "b");
  const json doc = json::parse(encoder.encode(1.0, at_ms(0), false, 1));
  EXPECT_EQ(doc["clock_unsynced"], true);
}

TEST(Payload, ReplayMarkIsAddedOnce) {
  const ChannelRoute r = route();
  const PayloadEncoder encoder("d", r, "b");
  std::string payload = encoder.encode(1.0, at_ms(0), false, 1);
  const std::string original = payload;
  EXPECT_FALSE(is_replay(payload));
  mark_replay(payload);
  EXPECT_TRUE(is_replay(payload));
  mark_replay(payload);
  EXPECT_EQ(payload.size(), original.size() + std::string(",\"replay\":true").size());
  const json doc = json::parse(payload);
  EXPECT_EQ(doc["replay"], true);
  EXPECT_EQ(doc["clock_unsynced"], true);
}

// The schema file documents the payload: every generated field is declared there with the type
// it has, and every required field is generated.
TEST(Payload, MatchesTheReadingSchema) {
  std::ifstream in(SA_READING_SCHEMA);
  ASSERT_TRUE(in) << SA_READING_SCHEMA;
  const json schema = json::parse(in);
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");

  const ChannelRoute r = route(2);
  const PayloadEncoder encoder("pi-kitchen", r, "boot-1");
  std::string payload = encoder.encode(21.536, at_ms(1'700'000'000'000), false, 7);
  mark_replay(payload);
  const json doc = json::parse(payload);

  for (const auto& name : schema["required"]) {
    EXPECT_TRUE(doc.contains(name.get<std::string>())) << name;
  }
  const json& properties = schema["properties"];
  for (const auto& [name, value] : doc.items()) {
    ASSERT_TRUE(properties.contains(name)) << name << " is not in the schema";
    const std::string type = properties[name]["type"];
    if (type == "integer") {
      EXPECT_TRUE(value.is_number_integer()) << name;
    } else if (type == "number") {
      EXPECT_TRUE(value.is_number()) << name;
    } else if (type == "string") {
      EXPECT_TRUE(value.is_string()) << name;
    } else if (type == "boolean") {
      EXPECT_TRUE(value.is_boolean()) << name;
    } else {
      ADD_FAILURE() << "unexpected type " << type;
    }
    if (properties[name].contains("const")) {
      EXPECT_EQ(value, properties[name]["const"]) << name;
    }
  }
}

}  // namespace
}  // namespace sa
