#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace mqtt {
class async_client;
}

namespace sa::test {

// One reading as the ledger received it.
struct LedgerEntry {
  std::string topic;
  std::string boot;
  uint64_t seq = 0;
  int64_t sampled_unix_ms = 0;   // the reading's "ts"
  bool replay = false;           // "replay":true in the JSON
  bool replay_property = false;  // MQTT 5 user property replay=true
  bool mqtt_dup = false;         // DUP flag on the PUBLISH the ledger got
  bool packed = false;           // one of several readings in a JSON array (queue.replay_pack)
  int64_t received_unix_ms = 0;  // when the ledger got it
  std::string payload;
  std::string identity;  // the reading without its replay mark, for telling repeats from conflicts
};

// What the ledger saw on one channel topic.
struct ChannelLedger {
  size_t received = 0;
  size_t unique = 0;  // distinct (boot, seq)
  // The same reading received again, as a new PUBLISH from the broker: the agent sent it twice.
  size_t duplicates = 0;
  // The same reading received again with the DUP flag: the broker re-sent it to this subscriber
  // (its own session, e.g. after a broker restart), not the agent.
  size_t broker_redeliveries = 0;
  // Seq values (over all boots) between the lowest and the highest received that never arrived.
  std::vector<uint64_t> missing;
  // First deliveries whose seq is below one already received from the same boot.
  size_t out_of_order = 0;
  size_t replayed = 0;
  // Seq values issued by two boots: must never happen.
  size_t seq_reused = 0;
  // Seq values between the highest received from one boot and the lowest of the next: reserved
  // by an agent that was killed, never issued (at most one reservation block per kill).
  uint64_t skipped_at_restart = 0;
  // The same (boot, seq) with two different readings: must never happen.
  size_t conflicts = 0;
  uint64_t min_seq = 0;
  uint64_t max_seq = 0;

  std::string describe() const;
};

struct LedgerOptions {
  std::string url;  // mqtt://127.0.0.1:PORT
  // Readings and health of one device: "{prefix}/#".
  std::string topic_filter = "#";
};

// A subscriber that never misses a reading: QoS 2, a persistent session under a fixed client id
// (so a broker restarted with SIGTERM keeps what it queued for it), automatic reconnects and a
// fresh subscription after every reconnect (a broker killed with SIGKILL forgets sessions).
// Records every reading (a JSON payload with "seq") and the latest health report, and tells
// lost, duplicated and out-of-order readings apart per channel topic.
class Ledger {
 public:
  explicit Ledger(LedgerOptions options);
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  ::testing::AssertionResult start();
  void stop();

  std::vector<LedgerEntry> entries() const;
  // Per channel topic, over the entries `keep` accepts (all when empty).
  std::map<std::string, ChannelLedger> report(
      const std::function<bool(const LedgerEntry&)>& keep = {}) const;
  // The latest {prefix}/health payload, parsed; nullopt before the first.
  std::optional<std::string> latest_health() const;
  size_t health_reports() const;

  // Waits until `done` holds for the entries received so far.
  ::testing::AssertionResult wait_for(
      const std::function<bool(const std::vector<LedgerEntry>&)>& done,
      std::chrono::milliseconds timeout, const std::string& what) const;
  // Waits until `topic` has no missing seq and at least one reading sampled after `after_unix_ms`
  // (so everything before it was sent).
  ::testing::AssertionResult wait_until_complete(const std::string& topic, int64_t after_unix_ms,
                                                 std::chrono::milliseconds timeout) const;
  // Waits until more than `count` health reports arrived in all.
  ::testing::AssertionResult wait_for_health_reports(size_t count,
                                                     std::chrono::milliseconds timeout) const;
  std::string summary() const;

 private:
  void on_message(const std::string& topic, const std::string& payload, bool replay_property,
                  bool dup);
  void subscribe();

  LedgerOptions options_;
  std::string client_id_;
  std::unique_ptr<mqtt::async_client> client_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<LedgerEntry> entries_;
  std::optional<std::string> health_;
  size_t health_count_ = 0;
};

// Wall clock now, in unix milliseconds (to compare with "ts").
int64_t now_unix_ms();
// "2026-01-02T03:04:05.678Z" -> unix ms; 0 when malformed.
int64_t parse_iso_ms(const std::string& text);

}  // namespace sa::test
