#include "control/agent_commands.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sa {
namespace {

const AgentFacts kFacts{"pi-7", "1.2.3", "boot-1", true, 4};

InboundMessage command(const std::string& name) {
  InboundMessage m;
  m.topic = "sensors/pi-7/cmd/" + name;
  return m;
}

TEST(AgentCommands, pingAnswersWithTheDeviceAndKeepsTheCorrelationData) {
  InboundMessage ping = command("ping");
  ping.response_topic = "app/replies";
  ping.correlation_data = "req-1";
  const auto outcome = handle_agent_command(ping, "sensors/pi-7", kFacts);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->reply_topic, "app/replies");
  EXPECT_EQ(outcome->correlation, "req-1");
  const auto reply = nlohmann::json::parse(outcome->reply_payload);
  EXPECT_EQ(reply["ok"], true);
  EXPECT_EQ(reply["device"], "pi-7");
}

TEST(AgentCommands, readAndReannounceAskTheCallerToAct) {
  const auto read = handle_agent_command(command("read"), "sensors/pi-7", kFacts);
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->read_now);
  EXPECT_EQ(nlohmann::json::parse(read->reply_payload)["sensors"], 4);
  const auto again = handle_agent_command(command("reannounce"), "sensors/pi-7", kFacts);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->reannounce);
  AgentFacts without_discovery = kFacts;
  without_discovery.discovery = false;
  const auto refused =
      handle_agent_command(command("reannounce"), "sensors/pi-7", without_discovery);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->reannounce);
  EXPECT_EQ(nlohmann::json::parse(refused->reply_payload)["ok"], false);
}

TEST(AgentCommands, unknownCommandsAreAnsweredRetainedOnesAndOtherTopicsAreNot) {
  const auto unknown = handle_agent_command(command("reboot"), "sensors/pi-7", kFacts);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->reply_topic, "sensors/pi-7/cmd/reboot/reply");
  EXPECT_EQ(nlohmann::json::parse(unknown->reply_payload)["ok"], false);
  InboundMessage retained = command("ping");
  retained.retained = true;
  EXPECT_FALSE(handle_agent_command(retained, "sensors/pi-7", kFacts));
  EXPECT_FALSE(handle_agent_command(command("ping/reply"), "sensors/pi-7", kFacts));
  InboundMessage other;
  other.topic = "homeassistant/status";
  EXPECT_FALSE(handle_agent_command(other, "sensors/pi-7", kFacts));
}

}  // namespace
}  // namespace sa
