#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "ingest/stored_reading.h"

namespace sa::collector {

struct BatchOutcome {
  uint64_t stored = 0;
  uint64_t repeats = 0;  // already stored: counted, not stored twice
};

// One run of missing seq values of a (device, sensor, channel, boot).
struct Gap {
  std::string boot;
  int64_t first_missing = 0;
  int64_t last_missing = 0;
  std::string open_since;  // received_at of the reading after the gap: when it became visible
};

struct ChannelReport {
  std::string device;
  std::string sensor;
  std::string channel;
  uint64_t stored = 0;
  uint64_t repeats = 0;
  std::string last_seen;  // latest received_at
  std::vector<Gap> gaps;
};

// Where readings go. One instance is used from one thread. Schema (readings table, unique key,
// index, channel_stats, gaps view) is created by open().
class Store {
 public:
  Store() = default;
  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  Store(Store&&) = delete;
  Store& operator=(Store&&) = delete;
  virtual Status open() = 0;
  // Stores the readings in one transaction: all or nothing. `received_at` is UTC ISO 8601.
  virtual Status write_batch(const std::vector<StoredReading>& readings,
                             const std::string& received_at, BatchOutcome& outcome) = 0;
  virtual Status report(std::vector<ChannelReport>& out) = 0;
  virtual Status count_gaps(uint64_t& gaps) = 0;
  // Deletes readings sampled before `cutoff` (UTC ISO 8601); `deleted` counts them.
  virtual Status delete_before(const std::string& cutoff, uint64_t& deleted) = 0;
};

struct DatabaseConfig;
std::unique_ptr<Store> make_store(const DatabaseConfig& database);

}  // namespace sa::collector
