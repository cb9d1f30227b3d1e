#include "app/collector_stats.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace sa::collector {

std::string health_json(const std::string& name, const CollectorStats& stats,
                        std::chrono::seconds uptime, uint64_t stored_before,
                        std::chrono::milliseconds interval) {
  const double seconds = std::max<double>(1e-3, static_cast<double>(interval.count()) / 1000.0);
  nlohmann::json health = {
      {"name", name},
      {"uptime_s", uptime.count()},
      {"connected", stats.connected},
      {"stored", stats.stored},
      {"stored_per_s", static_cast<double>(stats.stored - stored_before) / seconds},
      {"repeats", stats.repeats},
      {"bad_payloads", stats.bad_payloads},
      {"gaps", stats.gaps},
      {"backlog", stats.backlog},
      {"commits", stats.commits},
      {"failed_commits", stats.failed_commits},
      {"batch_commit_ms", {{"last", stats.last_commit_ms}, {"max", stats.max_commit_ms}}},
  };
  return health.dump();
}

std::string status_line(const CollectorStats& stats) {
  return std::string(stats.connected ? "connected" : "disconnected") + ", " +
         std::to_string(stats.stored) + " stored, " + std::to_string(stats.repeats) + " repeats, " +
         std::to_string(stats.bad_payloads) + " bad payloads, " + std::to_string(stats.gaps) +
         " gaps";
}

}  // namespace sa::collector
