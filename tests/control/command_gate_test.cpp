// One test per safety rule: each fails when its rule is taken out of CommandGate::check.
#include "control/command_gate.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

using Clock = CommandGate::Clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

const OutputLimits kBinary{0.0, 1.0};
const std::string kRelay = "sensors/pi/relay/state";

InboundMessage set_message(const std::string& payload, Clock::time_point at) {
  InboundMessage m;
  m.topic = kRelay + "/set";
  m.payload = payload;
  m.received_at = at;
  return m;
}

TEST(CommandGate, aLiveCommandWithinBoundsIsAccepted) {
  CommandGate gate(5);
  const auto now = Clock::now();
  const GateDecision d = gate.check(set_message("ON", now), kRelay, kBinary, now);
  EXPECT_TRUE(d.accepted) << d.reason;
  ASSERT_TRUE(d.command);
  EXPECT_EQ(d.command->value, 1.0);
}

TEST(CommandGate, aRetainedCommandIsIgnored) {
  CommandGate gate(5);
  const auto now = Clock::now();
  InboundMessage m = set_message("ON", now);
  m.retained = true;
  const GateDecision d = gate.check(m, kRelay, kBinary, now);
  EXPECT_FALSE(d.accepted);
  EXPECT_NE(d.reason.find("retained"), std::string::npos) << d.reason;
}

TEST(CommandGate, anExpiredMqtt5CommandIsNotActedOn) {
  CommandGate gate(5);
  const auto received = Clock::now();
  InboundMessage m = set_message("ON", received);
  m.message_expiry = seconds(2);
  EXPECT_TRUE(gate.check(m, kRelay, kBinary, received + milliseconds(1'500)).accepted);
  const GateDecision late = gate.check(m, kRelay, kBinary, received + seconds(2));
  EXPECT_FALSE(late.accepted);
  EXPECT_NE(late.reason.find("expired"), std::string::npos) << late.reason;
}

TEST(CommandGate, anOutOfBoundsValueIsRefusedWithTheBounds) {
  CommandGate gate(5);
  const auto now = Clock::now();
  const OutputLimits pwm{0.0, 255.0};
  EXPECT_TRUE(gate.check(set_message("255", now), kRelay, pwm, now).accepted);
  const GateDecision d = gate.check(set_message("256", now), kRelay, pwm, now);
  EXPECT_FALSE(d.accepted);
  EXPECT_NE(d.reason.find("256 is outside [0, 255]"), std::string::npos) << d.reason;
  EXPECT_FALSE(gate.check(set_message("-1", now), kRelay, pwm, now).accepted);
}

TEST(CommandGate, atMostRateLimitCommandsPerSecondPerOutput) {
  CommandGate gate(3);
  const auto start = Clock::now();
  for (int i = 0; i < 3; ++i) {
    const auto at = start + milliseconds(100 * i);
    EXPECT_TRUE(gate.check(set_message("ON", at), kRelay, kBinary, at).accepted) << i;
  }
  const auto fourth = start + milliseconds(300);
  const GateDecision d = gate.check(set_message("OFF", fourth), kRelay, kBinary, fourth);
  EXPECT_FALSE(d.accepted);
  EXPECT_NE(d.reason.find("per second"), std::string::npos) << d.reason;
  // Another output has its own budget; the first one has budget again a second later.
  EXPECT_TRUE(gate.check(set_message("ON", fourth), "other", kBinary, fourth).accepted);
  const auto later = start + milliseconds(1'000);
  EXPECT_TRUE(gate.check(set_message("ON", later), kRelay, kBinary, later).accepted);
}

TEST(CommandGate, onlyDeclaredOutputsCanBeSet) {
  CommandGate gate(5);
  const auto now = Clock::now();
  const GateDecision d =
      gate.check(set_message("1", now), "sensors/pi/bme/temperature", std::nullopt, now);
  EXPECT_FALSE(d.accepted);
  EXPECT_NE(d.reason.find("not an output"), std::string::npos) << d.reason;
}

TEST(CommandGate, aMalformedPayloadIsRefusedWithTheParseError) {
  CommandGate gate(5);
  const auto now = Clock::now();
  const GateDecision d = gate.check(set_message("sideways", now), kRelay, kBinary, now);
  EXPECT_FALSE(d.accepted);
  EXPECT_EQ(d.reason, parse_set_command("sideways").error);
}

}  // namespace
}  // namespace sa
