#include "control/set_command.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

double value_of(const std::string& payload) {
  const SetCommandParse parsed = parse_set_command(payload);
  EXPECT_TRUE(parsed.command) << payload << ": " << parsed.error;
  return parsed.command ? parsed.command->value : -1.0;
}

TEST(SetCommand, wordsAndNumbersBecomeValues) {
  EXPECT_EQ(value_of("ON"), 1.0);
  EXPECT_EQ(value_of("off"), 0.0);
  EXPECT_EQ(value_of("1"), 1.0);
  EXPECT_EQ(value_of("0"), 0.0);
  EXPECT_EQ(value_of(" 42.5\n"), 42.5);
  EXPECT_EQ(value_of("true"), 1.0);
}

TEST(SetCommand, jsonCarriesValueAndPulse) {
  const SetCommandParse parsed = parse_set_command(R"({"value": "ON", "pulse": "500ms"})");
  ASSERT_TRUE(parsed.command) << parsed.error;
  EXPECT_EQ(parsed.command->value, 1.0);
  ASSERT_TRUE(parsed.command->pulse);
  EXPECT_EQ(parsed.command->pulse->count(), 500);
  EXPECT_EQ(value_of(R"({"value": 128})"), 128.0);
  EXPECT_EQ(value_of(R"({"value": false})"), 0.0);
}

TEST(SetCommand, garbageIsRefusedWithAReason) {
  for (const char* payload : {"", "maybe", "1x", "{", R"({"pulse": "1s"})", R"({"value": [1]})",
                              R"({"value": 1, "pulse": "soon"})", "nan"}) {
    const SetCommandParse parsed = parse_set_command(payload);
    EXPECT_FALSE(parsed.command) << payload;
    EXPECT_FALSE(parsed.error.empty()) << payload;
  }
}

}  // namespace
}  // namespace sa
