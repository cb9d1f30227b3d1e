#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sa::collector {

// Counters behind the health message, the journal line and STATUS=.
struct CollectorStats {
  uint64_t stored = 0;
  uint64_t repeats = 0;
  uint64_t bad_payloads = 0;
  uint64_t commits = 0;
  uint64_t failed_commits = 0;
  uint64_t gaps = 0;     // open gaps in the database, refreshed with every health report
  uint64_t backlog = 0;  // readings read but not committed (their acknowledgements held)
  double last_commit_ms = 0.0;
  double max_commit_ms = 0.0;  // since the previous health report
  bool connected = false;
};

// {"name":..,"uptime_s":..,"stored":..,"stored_per_s":..,...}; `stored_per_s` over the interval
// since the previous report (`stored_before` readings then).
std::string health_json(const std::string& name, const CollectorStats& stats,
                        std::chrono::seconds uptime, uint64_t stored_before,
                        std::chrono::milliseconds interval);
// One line for STATUS= and the journal.
std::string status_line(const CollectorStats& stats);

}  // namespace sa::collector
