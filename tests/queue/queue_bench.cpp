// Prints what the durable queue costs: enqueue rate and bytes sent to storage per reading for
// each sync policy, and memory with an empty queue and with a million readings queued.
//   sa_queue_bench [directory on the disk to measure (default /var/tmp)] [backlog (1000000)]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "process_stats.h"
#include "queue/durable_queue.h"
#include "queue/record_format.h"
#include "queue_test_util.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

sa::OutgoingMessage sample(uint64_t seq) {
  sa::OutgoingMessage message;
  message.topic = "sensors/pi-greenhouse/bme280/temperature";
  char payload[160];
  std::snprintf(payload, sizeof payload,
                "{\"device\":\"pi-greenhouse\",\"boot\":\"5f0c\",\"seq\":%llu,\"ts\":"
                "1700000000123,\"value\":21.37,\"unit\":\"C\",\"sync\":true}",
                static_cast<unsigned long long>(seq));
  message.payload = payload;
  message.qos = 1;
  message.created_unix_ms = 1'700'000'000'123;
  return message;
}

const char* name(sa::SyncPolicy policy) {
  switch (policy) {
    case sa::SyncPolicy::always:
      return "always";
    case sa::SyncPolicy::batch:
      return "batch (200 ms)";
    case sa::SyncPolicy::none:
      return "none";
  }
  return "?";
}

void enqueue_row(const std::filesystem::path& base, sa::SyncPolicy policy, uint64_t max_count,
                 double max_seconds) {
  sa::test::QueueDir dir(base);
  sa::QueueConfig config = sa::test::queue_config(dir.str(), policy);
  config.sync_interval = std::chrono::milliseconds(200);
  config.max_bytes = 1ull << 30;
  auto queue = sa::test::open_queue(config);
  const uint64_t written_before = sa::test::storage_write_bytes();
  const uint64_t syncs_before = queue->stats().syncs;
  const auto start = Clock::now();
  uint64_t count = 0;
  while (count < max_count && (count % 64 != 0 || seconds_since(start) < max_seconds)) {
    queue->push(sample(++count));
  }
  const double push_seconds = seconds_since(start);
  queue->flush();
  const uint64_t syncs = queue->stats().syncs - syncs_before;
  queue.reset();
  const uint64_t written = sa::test::storage_write_bytes() - written_before;
  std::printf("| %-14s | %9llu | %12.0f | %7llu | %8zu | %8zu | %14.1f |\n", name(policy),
              static_cast<unsigned long long>(count), static_cast<double>(count) / push_seconds,
              static_cast<unsigned long long>(syncs), sample(count).payload.size(),
              sa::queue::encoded_record_size(sample(count)),
              static_cast<double>(written) / static_cast<double>(count));
}

void memory_rows(const std::filesystem::path& base, uint64_t backlog) {
  sa::test::QueueDir dir(base);
  sa::QueueConfig config = sa::test::queue_config(dir.str(), sa::SyncPolicy::batch);
  config.sync_interval = std::chrono::milliseconds(200);
  config.max_bytes = 4ull << 30;
  const uint64_t rss_start = sa::test::resident_bytes();
  auto queue = sa::test::open_queue(config);
  const uint64_t rss_empty = sa::test::resident_bytes();
  auto start = Clock::now();
  for (uint64_t seq = 1; seq <= backlog; ++seq) {
    queue->push(sample(seq));
  }
  queue->flush();
  const double push_seconds = seconds_since(start);
  const sa::BufferStats full = queue->stats();
  const uint64_t rss_full = sa::test::resident_bytes();
  queue.reset();

  start = Clock::now();
  queue = sa::test::open_queue(config);
  const double open_seconds = seconds_since(start);
  const uint64_t rss_reopened = sa::test::resident_bytes();
  start = Clock::now();
  uint64_t drained = 0;
  while (true) {
    auto batch = queue->take_unsent(64);
    if (batch.empty()) {
      break;
    }
    for (const auto& message : batch) {
      queue->acknowledge(message.id);
    }
    drained += batch.size();
  }
  const double drain_seconds = seconds_since(start);
  const uint64_t rss_drained = sa::test::resident_bytes();
  const sa::BufferStats empty = queue->stats();

  auto mib = [](uint64_t bytes) { return static_cast<double>(bytes) / (1 << 20); };
  std::printf("\nBacklog of %llu readings (%.1f MiB on disk, %llu segments of 4 MiB):\n",
              static_cast<unsigned long long>(full.depth), mib(full.bytes),
              static_cast<unsigned long long>((full.bytes + (4 << 20) - 1) / (4 << 20)));
  std::printf("| %-36s | %10s |\n", "measure", "value");
  std::printf("|--------------------------------------|------------|\n");
  std::printf("| %-36s | %7.1f MiB |\n", "RSS before opening", mib(rss_start));
  std::printf("| %-36s | %7.1f MiB |\n", "RSS, empty queue open", mib(rss_empty));
  std::printf("| %-36s | %7.1f MiB |\n", "RSS, 1M backlog (after pushing)", mib(rss_full));
  std::printf("| %-36s | %7.1f MiB |\n", "RSS, 1M backlog (reopened)", mib(rss_reopened));
  std::printf("| %-36s | %7.1f MiB |\n", "RSS, after draining it", mib(rss_drained));
  std::printf("| %-36s | %8.0f/s |\n", "push rate (batch)",
              static_cast<double>(backlog) / push_seconds);
  std::printf("| %-36s | %8.2f s |\n", "open (recovery scan) with backlog", open_seconds);
  std::printf("| %-36s | %8.0f/s |\n", "drain rate (take + acknowledge)",
              static_cast<double>(drained) / drain_seconds);
  std::printf("| %-36s | %10llu |\n", "readings drained", static_cast<unsigned long long>(drained));
  std::printf("| %-36s | %6.1f KiB |\n", "disk left after draining",
              static_cast<double>(empty.bytes) / 1024);
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path base = argc > 1 ? argv[1] : "/var/tmp";
  const uint64_t backlog = argc > 2 ? std::stoull(argv[2]) : 1'000'000;
  std::printf("Queue directory under %s\n\n", base.c_str());
  std::printf("| %-14s | %9s | %12s | %7s | %8s | %8s | %14s |\n", "sync policy", "readings",
              "readings/s", "fsyncs", "payload", "record", "written/reading");
  std::printf(
      "|----------------|-----------|--------------|---------|----------|----------|"
      "-----------------|\n");
  enqueue_row(base, sa::SyncPolicy::always, 20'000, 5.0);
  enqueue_row(base, sa::SyncPolicy::batch, 200'000, 5.0);
  enqueue_row(base, sa::SyncPolicy::none, 200'000, 5.0);
  memory_rows(base, backlog);
  return 0;
}
