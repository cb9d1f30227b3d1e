// queue.replay_pack: after an outage the backlog arrives as JSON arrays of one channel's readings,
// and the guarantees stay those of one reading per message: nothing lost, order kept per channel,
// QoS 2 exactly once across link drops and broker restarts.
#include <iostream>
#include <thread>

#include "chaos_rig.h"

namespace sa::test {
namespace {

constexpr size_t kMaxInflight = 16;  // the rig's max_inflight

RigOptions packed() {
  RigOptions options;
  options.channels = {{"a", 1, ""}, {"b", 2, ""}};
  options.interval = "20ms";
  options.queue_toml = "replay_pack = 25";
  return options;
}

TEST(ChaosReplayPack, BacklogArrivesPackedOnceEachAndInOrder) {
  ChaosRig rig(packed());
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(10, kSettle));

  rig.proxy().set_mode(FaultProxy::Mode::reset);
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  rig.proxy().set_mode(FaultProxy::Mode::pass);
  ASSERT_TRUE(rig.wait_for_more(20, kSettle));

  ASSERT_TRUE(rig.broker().stop());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_TRUE(rig.broker().restart()) << rig.broker().log();
  ASSERT_TRUE(rig.wait_for_more(20, kSettle));
  ASSERT_TRUE(rig.wait_complete());

  // Only where the MQTT library forced a new session (Paho, tests/chaos/README.md) is what was in
  // flight sent again: up to a window of packs may repeat, and arrive after newer readings.
  const size_t new_sessions = rig.agent_log_lines("started a new MQTT session");
  const size_t resent_per_session = kMaxInflight * 25;
  for (const auto& [topic, channel] : rig.ledger().report()) {
    EXPECT_TRUE(channel.missing.empty()) << topic << ": " << channel.describe();
    EXPECT_EQ(channel.conflicts, 0u) << topic << ": " << channel.describe();
    if (new_sessions == 0) {
      EXPECT_EQ(channel.out_of_order, 0u) << topic << ": " << channel.describe();
    } else {
      std::cout << "[ " << new_sessions << " new MQTT session(s) ] " << topic << ": "
                << channel.describe() << "\n";
    }
    const size_t allowed =
        (topic == rig.topic("b") ? 0 : 2 * resent_per_session) + new_sessions * resent_per_session;
    EXPECT_LE(channel.duplicates, allowed) << topic << ": " << channel.describe() << rig.describe();
  }
  size_t packed_readings = 0;
  for (const LedgerEntry& entry : rig.ledger().entries()) {
    if (entry.packed) {
      ++packed_readings;
      EXPECT_TRUE(entry.replay) << entry.payload;
      EXPECT_TRUE(entry.replay_property) << entry.payload;
    }
  }
  // Two seconds of outage at 50 readings/s per channel: most of the backlog travels packed.
  EXPECT_GE(packed_readings, 50u) << rig.describe();
}

}  // namespace
}  // namespace sa::test
