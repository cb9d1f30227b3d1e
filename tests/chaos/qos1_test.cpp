// QoS 1 with the durable queue: no reading is lost whatever happens to the broker, the link or
// the agent; a reading comes twice only when it was in flight, and then with the same seq.
#include <iostream>
#include <set>
#include <thread>

#include "chaos_rig.h"

namespace sa::test {
namespace {

constexpr size_t kMaxInflight = 16;        // the rig's max_inflight
constexpr size_t kReadingsPerSecond = 20;  // the rig's 50 ms interval

void expect_clean(const ChaosRig& rig, size_t max_duplicates) {
  for (const auto& [topic, channel] : const_cast<ChaosRig&>(rig).ledger().report()) {
    EXPECT_TRUE(channel.missing.empty()) << topic << ": " << channel.describe();
    EXPECT_EQ(channel.conflicts, 0u) << topic << ": " << channel.describe();
    EXPECT_EQ(channel.out_of_order, 0u) << topic << ": " << channel.describe();
    EXPECT_LE(channel.duplicates, max_duplicates) << topic << ": " << channel.describe();
  }
}

TEST(ChaosQos1, NoReadingLostAcrossBrokerRestarts) {
  ChaosRig rig;
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(10, kSettle));
  constexpr int kRestarts = 2;
  for (int i = 0; i < kRestarts; ++i) {
    ASSERT_TRUE(rig.broker().stop());
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // readings pile up
    ASSERT_TRUE(rig.broker().restart()) << rig.broker().log();
    ASSERT_TRUE(rig.wait_for_more(10, kSettle));
  }
  ASSERT_TRUE(rig.wait_complete());
  expect_clean(rig, kRestarts * kMaxInflight);
}

// The link goes silent without FIN or RST: only the missing acknowledgement tells.
TEST(ChaosQos1, NoReadingLostAcrossHalfOpenLinks) {
  ChaosRig rig;
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(10, kSettle));
  constexpr int kCuts = 2;
  for (int i = 0; i < kCuts; ++i) {
    rig.proxy().set_mode(FaultProxy::Mode::blackhole);
    std::this_thread::sleep_for(std::chrono::milliseconds(3500));  // past ack_timeout (2 s)
    rig.proxy().set_mode(FaultProxy::Mode::pass);
    ASSERT_TRUE(rig.wait_for_more(10, kSettle));
  }
  ASSERT_TRUE(rig.wait_complete());
  expect_clean(rig, kCuts * kMaxInflight);
  EXPECT_GE(health_number(rig.ledger(), "/reconnects"), kCuts) << rig.describe();
}

// Killed with SIGKILL and started again with the same config: the queue on disk sends what the
// broker had not acknowledged. Repeats are bounded by the in-flight window plus the readings
// acknowledged in the last acknowledgement-log interval (200 ms).
TEST(ChaosQos1, NoReadingLostAcrossAgentKills) {
  ChaosRig rig;
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(10, kSettle));
  constexpr int kKills = 3;
  for (int i = 0; i < kKills; ++i) {
    rig.kill_agent();
    ASSERT_TRUE(rig.start_agent());
    ASSERT_TRUE(rig.wait_for_more(10, kSettle));
  }
  ASSERT_TRUE(rig.wait_complete());
  expect_clean(rig, kKills * (kMaxInflight + kReadingsPerSecond));
  // Every restart is a new boot id; the queue resent readings of the boots before it.
  std::set<std::string> boots;
  for (const LedgerEntry& entry : rig.ledger().entries()) {
    boots.insert(entry.boot);
  }
  EXPECT_EQ(boots.size(), static_cast<size_t>(kKills + 1)) << rig.describe();
}

// A broker killed with SIGKILL forgets what it acknowledged since its last snapshot: that loss is
// the broker's. The agent reconnects and keeps sampling, and every reading sampled after the kill
// arrives.
TEST(ChaosQos1, AgentRecoversFromABrokerKilledWithSigkill) {
  ChaosRig rig;
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(20, kSettle));
  const int64_t killed_at = now_unix_ms();
  rig.broker().kill();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_TRUE(rig.broker().start()) << rig.broker().log();  // same port, persistence kept
  ASSERT_TRUE(rig.wait_for_more(10, kSettle));
  // Gaps before the kill may never fill: wait only for a reading sampled from here on.
  const int64_t back_at = now_unix_ms();
  ASSERT_TRUE(rig.ledger().wait_for(
      [&](const std::vector<LedgerEntry>& entries) {
        return !entries.empty() && entries.back().sampled_unix_ms > back_at;
      },
      kSettle, "a reading sampled after the broker came back"))
      << rig.describe();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  const std::string topic = rig.topic("a");
  const auto after = rig.ledger().report(
      [&](const LedgerEntry& entry) { return entry.sampled_unix_ms > killed_at; });
  ASSERT_EQ(after.count(topic), 1u) << rig.describe();
  EXPECT_TRUE(after.at(topic).missing.empty())
      << "readings sampled after the broker was killed were lost by the agent: "
      << after.at(topic).describe();
  // Whatever is missing before the kill is the broker's loss: counted, not asserted.
  const auto all = rig.ledger().report();
  RecordProperty("lost_by_broker_sigkill", static_cast<int>(all.at(topic).missing.size()));
  std::cout << "[ broker SIGKILL ] " << topic << ": " << all.at(topic).describe() << "\n";
  EXPECT_TRUE(rig.agent_running());
}

// Readings sampled while the broker was away are marked as replayed, in the JSON and (MQTT 5)
// in a user property; live ones are not.
TEST(ChaosQos1, ReadingsDeliveredAfterAnOutageAreMarkedAsReplay) {
  ChaosRig rig;
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(10, kSettle));
  rig.proxy().set_mode(FaultProxy::Mode::reset);
  const int64_t down_from = now_unix_ms();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const int64_t down_until = now_unix_ms();
  rig.proxy().set_mode(FaultProxy::Mode::pass);
  ASSERT_TRUE(rig.wait_complete());

  size_t outage = 0;
  for (const LedgerEntry& entry : rig.ledger().entries()) {
    if (entry.sampled_unix_ms > down_from + 300 && entry.sampled_unix_ms < down_until) {
      ++outage;
      EXPECT_TRUE(entry.replay) << entry.payload;
      EXPECT_TRUE(entry.replay_property) << entry.payload;
    }
    if (entry.sampled_unix_ms < down_from - 1000 && !entry.mqtt_dup) {
      EXPECT_FALSE(entry.replay) << "live reading marked as replay: " << entry.payload;
      EXPECT_FALSE(entry.replay_property) << entry.payload;
    }
  }
  EXPECT_GE(outage, 10u) << rig.describe();
  expect_clean(rig, kMaxInflight);
}

// MQTT 3.1.1 has no Receive Maximum: a mosquitto with its default max_inflight_messages (20)
// refuses a QoS 1/2 PUBLISH over that limit and, in 3.1.1, answers it as if accepted. The agent's
// default window, with room for its control messages, stays below, so a backlog drained at full
// speed loses nothing. Arrival order is the broker's: mosquitto keeps it only with
// max_inflight_messages 1 (its documentation), so it is reported, not asserted, here.
TEST(ChaosQos1, DefaultWindowLosesNothingToABrokerWithDefaultLimitsOverMqtt311) {
  RigOptions options;
  options.protocol = "3.1.1";
  options.max_inflight.clear();
  options.interval = "20ms";
  options.channels = {{"a", 1, ""}, {"b", 2, ""}, {"c", 1, ""}, {"d", 2, ""}};
  ChaosRig rig(options);
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(10, kSettle));
  rig.proxy().set_mode(FaultProxy::Mode::reset);
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));  // a backlog of about 400
  rig.proxy().set_mode(FaultProxy::Mode::pass);
  // Judged on what was sampled before the drain settled: live readings keep coming meanwhile.
  const int64_t settled_from = now_unix_ms();
  ASSERT_TRUE(rig.wait_complete());
  const auto sampled_before = [&](const LedgerEntry& entry) {
    return entry.sampled_unix_ms <= settled_from;
  };
  for (const auto& [topic, channel] : rig.ledger().report(sampled_before)) {
    EXPECT_TRUE(channel.missing.empty()) << topic << ": " << channel.describe();
    EXPECT_EQ(channel.conflicts, 0u) << topic << ": " << channel.describe();
    EXPECT_LE(channel.duplicates, kMaxInflight) << topic << ": " << channel.describe();
    std::cout << "[ 3.1.1 backlog ] " << topic << ": " << channel.describe() << "\n";
  }
}
}  // namespace
}  // namespace sa::test
