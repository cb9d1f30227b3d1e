// The built agent with `[broker] client = "mosquitto"` against a real mosquitto through the fault
// proxy: the same delivery guarantees as with Paho (QoS 1: nothing lost; QoS 2: nothing lost and
// nothing twice) across link resets, closes, half-open links and broker restarts.
#include <iostream>
#include <thread>

#include "chaos_rig.h"

namespace sa::test {
namespace {

constexpr size_t kMaxInflight = 16;  // the rig's max_inflight

void cut_the_link_every_way(ChaosRig& rig) {
  for (FaultProxy::Mode mode : {FaultProxy::Mode::reset, FaultProxy::Mode::close}) {
    rig.proxy().set_mode(mode);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    rig.proxy().set_mode(FaultProxy::Mode::pass);
    ASSERT_TRUE(rig.wait_for_more(10, kSettle)) << rig.describe();
  }
  rig.proxy().set_mode(FaultProxy::Mode::blackhole);
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));  // past ack_timeout (2 s)
  rig.proxy().set_mode(FaultProxy::Mode::pass);
  ASSERT_TRUE(rig.wait_for_more(10, kSettle)) << rig.describe();

  ASSERT_TRUE(rig.broker().stop());
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  ASSERT_TRUE(rig.broker().restart()) << rig.broker().log();
  ASSERT_TRUE(rig.wait_for_more(10, kSettle)) << rig.describe();
}

class ChaosMosquittoClient : public ::testing::TestWithParam<std::string> {};

TEST_P(ChaosMosquittoClient, Qos1NothingLostAndQos2ExactlyOnceAcrossLinkFaults) {
  RigOptions options;
  options.client = "mosquitto";
  options.protocol = GetParam();
  options.channels = {{"a", 1, ""}, {"b", 2, ""}};
  ChaosRig rig(options);
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(10, kSettle)) << rig.describe();
  cut_the_link_every_way(rig);
  ASSERT_TRUE(rig.wait_complete()) << rig.describe();
  for (const auto& [topic, channel] : rig.ledger().report()) {
    EXPECT_TRUE(channel.missing.empty()) << topic << ": " << channel.describe() << rig.describe();
    EXPECT_EQ(channel.conflicts, 0u) << topic << ": " << channel.describe();
    // Not asserted: mosquitto 2.0.11 sends what it queues for a subscriber with more than
    // max_inflight_messages (20) in flight out of order, which this client's faster backlog drain
    // causes (tests/publish/mosquitto_transport_test.cpp checks the order the agent sends in).
    std::cout << "[ client = mosquitto, MQTT " << GetParam() << " ] " << topic << ": "
              << channel.describe() << "\n";
    if (topic == rig.topic("b")) {
      EXPECT_EQ(channel.duplicates, 0u) << topic << ": " << channel.describe() << rig.describe();
    } else {
      EXPECT_LE(channel.duplicates, 4 * kMaxInflight) << topic << ": " << channel.describe();
    }
  }
  EXPECT_GE(health_number(rig.ledger(), "/reconnects"), 4) << rig.describe();
  // The ledger stops with nothing in flight to it.
  EXPECT_TRUE(rig.stop_agent());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
}

std::string protocol_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param == "5" ? "v5" : "v3_1_1";
}

INSTANTIATE_TEST_SUITE_P(Protocols, ChaosMosquittoClient, ::testing::Values("3.1.1", "5"),
                         protocol_name);

}  // namespace
}  // namespace sa::test
