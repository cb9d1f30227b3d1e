#include "control/reply_route.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sa {
namespace {

TEST(ReplyRoute, mqtt5ResponseTopicWinsOtherwiseTheReplySubtopic) {
  InboundMessage command;
  command.topic = "sensors/pi/cmd/ping";
  EXPECT_EQ(reply_topic(command), "sensors/pi/cmd/ping/reply");
  command.response_topic = "app/replies/7";
  EXPECT_EQ(reply_topic(command), "app/replies/7");
}

TEST(ReplyRoute, repliesSayOkOrCarryTheError) {
  const auto ok = nlohmann::json::parse(reply_ok(R"({"sensors": 3})"));
  EXPECT_EQ(ok["ok"], true);
  EXPECT_EQ(ok["sensors"], 3);
  const auto bad = nlohmann::json::parse(reply_error("unknown command"));
  EXPECT_EQ(bad["ok"], false);
  EXPECT_EQ(bad["error"], "unknown command");
}

}  // namespace
}  // namespace sa
