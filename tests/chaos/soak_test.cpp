// Soak: the agent at 1,000 readings/s for an hour (SA_SOAK_SECONDS) with a fault every few
// minutes (SA_SOAK_FAULT_SECONDS): broker restart, link cut, SIGHUP reload and a full disk, in
// turn. Memory (RSS) and open file descriptors must stay flat after warm-up, and no QoS 1/2
// reading may be lost beyond what the queue counted as dropped while the disk was full.
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "chaos_rig.h"
#include "small_tmpfs.h"

namespace sa::test {
namespace {

using std::chrono::seconds;
using std::chrono::steady_clock;

int env_seconds(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && std::atoi(text) > 0 ? std::atoi(text) : fallback;
}

// VmRSS in KiB, and the number of open descriptors, of a process.
struct Footprint {
  long rss_kib = 0;
  long fds = 0;
};

Footprint footprint(pid_t pid) {
  Footprint out;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      out.rss_kib = std::atol(line.c_str() + 6);
    }
  }
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++out.fds;
  }
  return out;
}

// Takes every free byte of the file system holding `path` until released.
class DiskFiller {
 public:
  explicit DiskFiller(std::filesystem::path path) : path_(std::move(path)) {
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const std::string block(64 * 1024, '\0');
    while (fd >= 0 && ::write(fd, block.data(), block.size()) > 0) {
    }
    size_t small = 4096;
    while (fd >= 0 && small > 0) {
      if (::write(fd, block.data(), small) <= 0) {
        small /= 2;
      }
    }
    if (fd >= 0) {
      ::close(fd);
    }
  }
  ~DiskFiller() { std::filesystem::remove(path_); }

 private:
  std::filesystem::path path_;
};

enum class Fault { broker_restart, link_cut, reload, disk_full };

const char* name_of(Fault fault) {
  switch (fault) {
    case Fault::broker_restart:
      return "broker restart";
    case Fault::link_cut:
      return "link cut";
    case Fault::reload:
      return "SIGHUP reload";
    case Fault::disk_full:
      return "disk full";
  }
  return "?";
}

TEST(Soak, FlatMemoryAndNoQos12LossUnderFaults) {
  const int duration = env_seconds("SA_SOAK_SECONDS", 3600);
  const int fault_every = env_seconds("SA_SOAK_FAULT_SECONDS", std::min(180, duration / 6));
  TempDir mount_dir("sa-soak-tmpfs");
  SmallTmpfs tmpfs(mount_dir.path() / "queue", "64m");

  RigOptions options;
  options.channels = {{"q1", 1, ""}, {"q2", 2, ""}};
  options.interval = "2ms";   // 500 readings/s per channel, 1,000 in all
  options.max_inflight = "";  // the agent's defaults
  if (tmpfs.mounted()) {
    options.queue_dir = (mount_dir.path() / "queue").string();
    options.queue_toml = "max_bytes = \"256MiB\"\non_full = \"drop_oldest\"";
  } else {
    // No tmpfs without root: a bounded queue stands in for the full disk.
    options.queue_toml = "max_bytes = \"4MiB\"\non_full = \"drop_oldest\"";
  }
  ChaosRig rig(options);
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(100, kSettle));

  const auto start = steady_clock::now();
  const auto end = start + seconds(duration);
  const auto warm_up = start + seconds(std::max(30, duration / 5));
  std::vector<Footprint> early;  // the first minute after warm-up
  std::vector<Footprint> late;   // the last minute
  const std::vector<Fault> cycle = {Fault::broker_restart, Fault::link_cut, Fault::reload,
                                    Fault::disk_full};
  size_t next_fault = 0;
  auto fault_at = start + seconds(fault_every);
  while (steady_clock::now() < end) {
    std::this_thread::sleep_for(seconds(2));
    ASSERT_TRUE(rig.agent_running()) << rig.describe();
    const auto now = steady_clock::now();
    const Footprint sample = footprint(rig.agent_pid());
    if (now >= warm_up && now < warm_up + seconds(60)) {
      early.push_back(sample);
    }
    if (now >= end - seconds(60)) {
      late.push_back(sample);
    }
    if (now >= fault_at && now < end - seconds(75)) {
      const Fault fault = cycle[next_fault++ % cycle.size()];
      std::cout << "[ soak ] " << std::chrono::duration_cast<seconds>(now - start).count()
                << " s: " << name_of(fault) << "; RSS " << sample.rss_kib << " KiB, " << sample.fds
                << " fds" << std::endl;
      switch (fault) {
        case Fault::broker_restart:
          ASSERT_TRUE(rig.broker().restart()) << rig.broker().log();
          break;
        case Fault::link_cut:
          rig.proxy().set_mode(FaultProxy::Mode::blackhole);
          std::this_thread::sleep_for(seconds(5));
          rig.proxy().set_mode(FaultProxy::Mode::pass);
          break;
        case Fault::reload:
          rig.signal_agent(SIGHUP);
          break;
        case Fault::disk_full:
          if (tmpfs.mounted()) {
            DiskFiller filler(mount_dir.path() / "queue" / "filler");
            std::this_thread::sleep_for(seconds(20));
          } else {
            ASSERT_TRUE(rig.broker().stop());  // the bounded queue fills instead
            std::this_thread::sleep_for(seconds(20));
            ASSERT_TRUE(rig.broker().restart()) << rig.broker().log();
          }
          break;
      }
      fault_at += seconds(fault_every);
    }
  }

  // Everything sampled before now must arrive.
  const int64_t done_at = now_unix_ms();
  for (const std::string& topic : rig.topics()) {
    ASSERT_TRUE(rig.ledger().wait_for(
        [&](const std::vector<LedgerEntry>& entries) {
          return std::any_of(entries.begin(), entries.end(), [&](const LedgerEntry& entry) {
            return entry.topic == topic && entry.sampled_unix_ms > done_at + 2000;
          });
        },
        kSettle, "a reading sampled after the end on " + topic))
        << rig.describe();
  }
  const size_t reports = rig.ledger().health_reports();
  ASSERT_TRUE(rig.ledger().wait_for_health_reports(reports + 1, kSettle));
  const int64_t drops = health_number(rig.ledger(), "/buffer/drops");

  auto peak = [](const std::vector<Footprint>& samples, long Footprint::*field) {
    long out = 0;
    for (const Footprint& sample : samples) {
      out = std::max(out, sample.*field);
    }
    return out;
  };
  ASSERT_FALSE(early.empty());
  ASSERT_FALSE(late.empty());
  const long rss_early = peak(early, &Footprint::rss_kib);
  const long rss_late = peak(late, &Footprint::rss_kib);
  const long fds_early = peak(early, &Footprint::fds);
  const long fds_late = peak(late, &Footprint::fds);
  std::cout << "[ soak ] " << duration << " s at 1,000 readings/s, a fault every " << fault_every
            << " s; peak RSS " << rss_early << " KiB after warm-up, " << rss_late
            << " KiB in the last minute; fds " << fds_early << " -> " << fds_late
            << "; queue drops " << drops << "\n";
  EXPECT_LE(rss_late, rss_early + rss_early / 50) << "RSS grew more than 2 %";
  EXPECT_LE(fds_late, fds_early + std::max(1L, fds_early / 50)) << "open fds grew";

  for (const auto& [topic, channel] : rig.ledger().report()) {
    if (topic.find("/wave/") == std::string::npos) {
      continue;
    }
    std::cout << "[ soak ] " << topic << ": " << channel.describe() << "\n";
    EXPECT_LE(static_cast<int64_t>(channel.missing.size()), std::max<int64_t>(drops, 0))
        << "lost beyond the counted drops: " << channel.describe();
    EXPECT_EQ(channel.conflicts, 0u) << channel.describe();
    EXPECT_EQ(channel.seq_reused, 0u) << channel.describe();
  }
}

}  // namespace
}  // namespace sa::test
