#include "ingest/reading_parser.h"

#include <gtest/gtest.h>

namespace sa::collector {
namespace {

constexpr const char* kReading =
    R"({"v":1,"device":"pi-kitchen","sensor":"wave","channel":"temperature","value":21.53,)"
    R"("unit":"°C","ts":"2026-11-25T20:45:08.123Z","seq":1234,"boot":"4e6e2d99"})";

TEST(ReadingParser, OneReadingIsParsedFieldByField) {
  ParsedPayload parsed = parse_payload("sensors/pi-kitchen/wave/temperature", kReading);
  ASSERT_EQ(parsed.kind, PayloadKind::readings) << parsed.problem;
  ASSERT_EQ(parsed.readings.size(), 1u);
  const StoredReading& reading = parsed.readings[0];
  EXPECT_EQ(reading.device, "pi-kitchen");
  EXPECT_EQ(reading.sensor, "wave");
  EXPECT_EQ(reading.channel, "temperature");
  EXPECT_DOUBLE_EQ(reading.value, 21.53);
  EXPECT_EQ(reading.unit, "°C");
  EXPECT_EQ(reading.ts, "2026-11-25T20:45:08.123Z");
  EXPECT_EQ(reading.seq, 1234);
  EXPECT_EQ(reading.boot, "4e6e2d99");
  EXPECT_FALSE(reading.replay);
}

TEST(ReadingParser, PackedReplayGivesEveryReadingMarkedReplay) {
  std::string one = kReading;
  one.insert(one.size() - 1, ",\"replay\":true");
  std::string two = one;
  two.replace(two.find("1234"), 4, "1235");
  ParsedPayload parsed = parse_payload("sensors/x/wave/temperature", "[" + one + "," + two + "]");
  ASSERT_EQ(parsed.kind, PayloadKind::readings) << parsed.problem;
  ASSERT_EQ(parsed.readings.size(), 2u);
  EXPECT_EQ(parsed.readings[0].seq, 1234);
  EXPECT_EQ(parsed.readings[1].seq, 1235);
  EXPECT_TRUE(parsed.readings[0].replay);
  EXPECT_TRUE(parsed.readings[1].replay);
}

TEST(ReadingParser, AgentStatusAndHealthTopicsAreNotReadings) {
  EXPECT_EQ(parse_payload("sensors/pi/status", "online").kind, PayloadKind::not_reading);
  EXPECT_EQ(parse_payload("sensors/pi/wave/status", "stale").kind, PayloadKind::not_reading);
  EXPECT_EQ(parse_payload("sensors/pi/health", "{}").kind, PayloadKind::not_reading);
}

struct BadCase {
  std::string name;
  std::string payload;
  std::string problem_mentions;
};

class ReadingParserBad : public ::testing::TestWithParam<BadCase> {};

std::string with(const std::string& from, const std::string& to) {
  std::string text = kReading;
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST_P(ReadingParserBad, IsRejectedWithTheReason) {
  ParsedPayload parsed = parse_payload("sensors/x/wave/temperature", GetParam().payload);
  EXPECT_EQ(parsed.kind, PayloadKind::bad);
  EXPECT_TRUE(parsed.readings.empty());
  EXPECT_NE(parsed.problem.find(GetParam().problem_mentions), std::string::npos) << parsed.problem;
}

INSTANTIATE_TEST_SUITE_P(
    Payloads, ReadingParserBad,
    ::testing::Values(
        BadCase{"NotJson", "online", "not valid JSON"},
        BadCase{"Truncated", std::string(kReading).substr(0, 40), "not valid JSON"},
        BadCase{"NotUtf8", with("pi-kitchen", "pi-\xff\xfe"), "not valid JSON"},
        BadCase{"WrongVersion", with("\"v\":1", "\"v\":2"), "v=2"},
        BadCase{"VersionAsString", with("\"v\":1", "\"v\":\"1\""), "\"v\""},
        BadCase{"NoSeq", with("\"seq\":1234,", ""), "\"seq\""},
        BadCase{"SeqZero", with("\"seq\":1234", "\"seq\":0"), "\"seq\""},
        BadCase{"NegativeSeq", with("\"seq\":1234", "\"seq\":-5"), "\"seq\""},
        BadCase{"ValueString", with("21.53", "\"21.53\""), "\"value\""},
        BadCase{"EmptyDevice", with("\"pi-kitchen\"", "\"\""), "\"device\""},
        BadCase{"BadTimestamp", with("2026-11-25T20:45:08.123Z", "yesterday"), "\"ts\""},
        BadCase{"NotAnObject", "42", "object"}, BadCase{"EmptyArray", "[]", "empty"},
        BadCase{"OneBadElement", std::string("[") + kReading + ",{\"v\":1}]", "element 1"},
        BadCase{"Huge", std::string(kMaxPayloadBytes + 1, ' '), "larger than"}),
    [](const auto& test_case) { return test_case.param.name; });

}  // namespace
}  // namespace sa::collector
