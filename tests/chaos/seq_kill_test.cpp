// A consumer checks per-channel seq monotonicity: after an agent killed with SIGKILL, the next
// boot must continue above every seq the killed one issued, on channels the queue covers and on
// channels it does not (QoS 0 without queue).
#include <algorithm>
#include <csignal>
#include <map>
#include <thread>

#include "chaos_rig.h"

namespace sa::test {
namespace {

struct BootRange {
  uint64_t min = 0;
  uint64_t max = 0;
};

TEST(ChaosSeq, NeverReissuedAcrossAgentKills) {
  RigOptions options;
  options.channels = {{"unqueued", 0, "queue = false"}, {"queued", 1, ""}};
  options.interval = "10ms";
  ChaosRig rig(options);
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(20, kSettle));
  constexpr int kKills = 4;
  for (int i = 0; i < kKills; ++i) {
    // Long enough to use more than one reservation block, short of any periodic save.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    rig.kill_agent();
    ASSERT_TRUE(rig.start_agent());
    ASSERT_TRUE(rig.wait_for_more(20, kSettle)) << rig.describe();
  }
  ASSERT_TRUE(rig.wait_complete());
  ASSERT_TRUE(rig.stop_agent());

  const std::vector<LedgerEntry> entries = rig.ledger().entries();
  for (const std::string& topic : rig.topics()) {
    SCOPED_TRACE(topic);
    // Boots in the order they started: the order of their first reading.
    std::vector<std::string> order;
    std::map<std::string, BootRange> ranges;
    for (const LedgerEntry& entry : entries) {
      if (entry.topic != topic) {
        continue;
      }
      auto [it, fresh] = ranges.emplace(entry.boot, BootRange{entry.seq, entry.seq});
      if (fresh) {
        order.push_back(entry.boot);
      }
      it->second.min = std::min(it->second.min, entry.seq);
      it->second.max = std::max(it->second.max, entry.seq);
    }
    ASSERT_EQ(order.size(), static_cast<size_t>(kKills + 1)) << rig.describe();
    for (size_t i = 1; i < order.size(); ++i) {
      EXPECT_GT(ranges[order[i]].min, ranges[order[i - 1]].max)
          << "boot " << i << " reissued seq values of boot " << i - 1;
    }
    const ChannelLedger report = rig.ledger().report().at(topic);
    EXPECT_EQ(report.seq_reused, 0u) << report.describe();
    EXPECT_EQ(report.conflicts, 0u) << report.describe();
    if (topic == rig.topic("queued")) {
      EXPECT_TRUE(report.missing.empty()) << report.describe();
    }
    std::cout << "[ seq across kills ] " << topic << ": " << report.describe() << "\n";
  }
}

// A reload (SIGHUP) builds a new publisher in the same boot: it must go on from where the old one
// stopped, never back to a seq already used with this boot id.
TEST(ChaosSeq, NeverReissuedAcrossReloads) {
  TempDir queue_dir("sa-chaos-queue");
  RigOptions options;
  options.channels = {{"unqueued", 0, "queue = false"}, {"queued", 1, ""}};
  // The queue outside the state directory: nothing but the seq counters needs that directory.
  options.queue_dir = (queue_dir.path() / "queue").string();
  options.interval = "2ms";
  ChaosRig rig(options);
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(20, kSettle));
  constexpr int kReloads = 3;
  for (int i = 0; i < kReloads; ++i) {
    // Long enough at this rate for the reservation blocks to have grown.
    std::this_thread::sleep_for(std::chrono::milliseconds(i == 0 ? 8000 : 1500));
    rig.signal_agent(SIGHUP);
    ASSERT_TRUE(rig.wait_for_more(50, kSettle)) << rig.describe();
  }
  ASSERT_TRUE(rig.ledger().wait_until_complete(rig.topic("queued"), now_unix_ms(), kSettle));
  EXPECT_EQ(rig.agent_log_lines("reloaded:"), static_cast<size_t>(kReloads)) << rig.describe();
  for (const auto& [topic, report] : rig.ledger().report()) {
    if (topic.find("/wave/") == std::string::npos) {
      continue;
    }
    EXPECT_EQ(report.conflicts, 0u) << topic << ": " << report.describe();
    EXPECT_EQ(report.out_of_order, 0u) << topic << ": " << report.describe();
    std::cout << "[ seq across reloads ] " << topic << ": " << report.describe() << "\n";
  }
}

}  // namespace
}  // namespace sa::test
