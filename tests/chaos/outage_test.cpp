// What is not queued is dropped and counted; a full queue applies its policy and the agent stays
// healthy.
#include <sys/mount.h>
#include <unistd.h>

#include <iostream>
#include <thread>

#include "chaos_rig.h"
#include "small_tmpfs.h"

namespace sa::test {
namespace {

// QoS 0 without queue: readings sampled while the broker is away are dropped, counted in the
// health topic, and nothing else happens (no replay, live readings resume).
TEST(ChaosQos0, ReadingsDuringAnOutageAreDroppedAndCounted) {
  RigOptions options;
  options.channels = {{"c", 0, "queue = false"}};
  ChaosRig rig(options);
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(10, kSettle));

  rig.proxy().set_mode(FaultProxy::Mode::reset);
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  rig.proxy().set_mode(FaultProxy::Mode::pass);
  ASSERT_TRUE(rig.wait_for_more(20, kSettle));
  // A health report from after the outage says how many were dropped.
  const size_t reports = rig.ledger().health_reports();
  ASSERT_TRUE(rig.ledger().wait_for_health_reports(reports + 1, kSettle));

  const auto report = rig.ledger().report().at(rig.topic("c"));
  EXPECT_FALSE(report.missing.empty()) << "an outage of 2 s at 20 readings/s must drop some";
  EXPECT_EQ(report.duplicates, 0u) << report.describe();
  EXPECT_EQ(report.replayed, 0u) << report.describe();
  const int64_t dropped = health_number(rig.ledger(), "/readings/dropped");
  std::cout << "[ QoS 0 outage ] " << report.describe() << "; health readings.dropped " << dropped
            << "\n";
  // Every gap is a counted drop; a reading may also be dropped at the edge of the outage after
  // it was written to a socket that was already dead (counted as published, lost on the wire).
  EXPECT_GE(dropped, static_cast<int64_t>(report.missing.size()) - 16)
      << report.describe() << "\n"
      << rig.ledger().latest_health().value_or("");
  EXPECT_GT(dropped, 0) << rig.ledger().latest_health().value_or("");
  EXPECT_EQ(health_number(rig.ledger(), "/buffer/depth"), 0);
}

// The queue directory is a 256 KiB tmpfs (max_bytes larger than the disk): the disk fills during
// the outage, the oldest readings go, the drops are counted in the health topic, sampling and
// live publishing go on.
TEST(ChaosDiskFull, QueueOnAFullDiskDropsOldestCountsAndRecovers) {
  TempDir mount_dir("sa-chaos-tmpfs");
  SmallTmpfs tmpfs(mount_dir.path() / "queue", "256k");
  if (!tmpfs.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs (needs root)";
  }
  RigOptions options;
  options.interval = "5ms";  // fills 256 KiB in a few seconds
  options.queue_dir = (mount_dir.path() / "queue").string();
  options.queue_toml = "max_bytes = \"64MiB\"\non_full = \"drop_oldest\"";
  ChaosRig rig(options);
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(10, kSettle));

  ASSERT_TRUE(rig.broker().stop());
  std::this_thread::sleep_for(std::chrono::seconds(6));
  ASSERT_TRUE(rig.agent_running());
  ASSERT_TRUE(rig.broker().restart()) << rig.broker().log();
  const int64_t back_at = now_unix_ms();
  ASSERT_TRUE(rig.ledger().wait_for(
      [&](const std::vector<LedgerEntry>& entries) {
        size_t live = 0;
        for (const LedgerEntry& entry : entries) {
          live += entry.sampled_unix_ms > back_at + 1000 ? 1 : 0;
        }
        return live >= 20;
      },
      kSettle, "live readings after the broker came back"))
      << rig.describe();
  const size_t reports = rig.ledger().health_reports();
  ASSERT_TRUE(rig.ledger().wait_for_health_reports(reports + 1, kSettle));

  const auto report = rig.ledger().report().at(rig.topic("a"));
  const int64_t drops = health_number(rig.ledger(), "/buffer/drops");
  std::cout << "[ disk full ] " << report.describe() << "; health buffer.drops " << drops << "\n";
  EXPECT_GT(drops, 0) << rig.ledger().latest_health().value_or("") << rig.describe();
  // The oldest were dropped: what is missing is what the queue says it dropped, no more.
  EXPECT_LE(static_cast<int64_t>(report.missing.size()), drops) << report.describe();
  EXPECT_EQ(report.conflicts, 0u);
  EXPECT_TRUE(rig.agent_running());
}

}  // namespace
}  // namespace sa::test
