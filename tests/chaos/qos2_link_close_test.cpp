// QoS 2 exactly once when the link to a broker that keeps the session is closed (FIN) or reset
// (RST) while messages are in flight at every stage of the flow: PUBLISH written (or only half
// written to a socket the peer already closed), PUBREC on its way, PUBREL sent, PUBCOMP on its
// way. Many short cuts at a high reading rate hit each stage many times.
//
// One case stays: a PUBLISH whose write fails on the dying socket is kept by Paho C 1.3.12 in a
// form it cannot resend, so the next connection starts a new session (the agent logs it) and a
// reading whose PUBREL the broker had already acted on, with its PUBCOMP lost, is sent again.
// Repeats are allowed only then, at most one window per new session.
#include <iostream>
#include <thread>

#include "chaos_rig.h"

namespace sa::test {
namespace {

constexpr int kCuts = 30;
constexpr size_t kWindow = 16;  // the rig's max_inflight
constexpr char kNewSession[] = "started a new MQTT session";

RigOptions fast_qos2() {
  RigOptions options;
  options.channels = {{"b", 2, ""}};
  options.interval = "5ms";  // about 200 readings a second: the window is always full
  return options;
}

void expect_exactly_once(ChaosRig& rig) {
  ASSERT_TRUE(rig.wait_complete());
  const size_t new_sessions = rig.agent_log_lines(kNewSession);
  for (const auto& [topic, channel] : rig.ledger().report()) {
    std::cout << "[ QoS 2 link cuts ] " << topic << ": " << channel.describe()
              << "; new sessions after a failed write " << new_sessions << "\n";
    ::testing::Test::RecordProperty("qos2_repeats", static_cast<int>(channel.duplicates));
    ::testing::Test::RecordProperty("new_sessions", static_cast<int>(new_sessions));
    EXPECT_TRUE(channel.missing.empty()) << topic << ": " << channel.describe();
    EXPECT_LE(channel.duplicates, new_sessions * kWindow)
        << topic << ": " << channel.describe() << rig.describe();
    EXPECT_EQ(channel.conflicts, 0u) << topic << ": " << channel.describe();
  }
  EXPECT_EQ(rig.broker().log().find("malformed packet"), std::string::npos)
      << "the agent resent a message the MQTT library had freed\n"
      << rig.broker().log();
}

void cut_repeatedly(ChaosRig& rig, FaultProxy::Mode mode) {
  for (int i = 0; i < kCuts; ++i) {
    // Short outages, varied so that the cut falls at a different point of the flow each time.
    std::this_thread::sleep_for(std::chrono::milliseconds(40 + (i * 37) % 200));
    rig.proxy().set_mode(mode);
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + (i * 53) % 150));
    rig.proxy().set_mode(FaultProxy::Mode::pass);
    ASSERT_TRUE(rig.wait_for_more(5, kSettle)) << "after cut " << i;
  }
}

TEST(ChaosQos2LinkCuts, ExactlyOnceWhenTheLinkIsClosedWithMessagesInFlight) {
  ChaosRig rig(fast_qos2());
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(20, kSettle));
  cut_repeatedly(rig, FaultProxy::Mode::close);
  expect_exactly_once(rig);
}

TEST(ChaosQos2LinkCuts, ExactlyOnceWhenTheLinkIsResetWithMessagesInFlight) {
  ChaosRig rig(fast_qos2());
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(20, kSettle));
  cut_repeatedly(rig, FaultProxy::Mode::reset);
  expect_exactly_once(rig);
}

}  // namespace
}  // namespace sa::test
