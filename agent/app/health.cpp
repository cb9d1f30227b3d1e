#include "app/health.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace sa {

std::string health_json(const HealthInputs& inputs) {
  nlohmann::json sensors = nlohmann::json::object();
  for (const auto& sensor : inputs.sensors) {
    sensors[sensor.name] = {
        {"state", to_string(sensor.state)},
        {"stale", sensor.stale},
        {"errors", sensor.errors},
        {"reads", sensor.reads},
        {"missed_deadlines", sensor.missed_deadlines},
        {"last_error", sensor.last_error},
        // Over the sampler's recent window (LatenessWindow): how late reads start.
        {"lateness_us",
         {{"p50", sensor.lateness.p50.count()},
          {"p99", sensor.lateness.p99.count()},
          {"max", sensor.lateness.max.count()},
          {"samples", sensor.lateness.samples}}},
    };
  }
  const auto& buffer = inputs.buffer;
  const int64_t oldest_age_ms =
      buffer.oldest_unix_ms == 0 ? 0
                                 : std::max<int64_t>(0, inputs.now_unix_ms - buffer.oldest_unix_ms);
  const nlohmann::json health = {
      {"device", inputs.device},
      {"boot", inputs.boot_id},
      {"version", inputs.version},
      {"ts", inputs.now_unix_ms},
      {"uptime_s", std::chrono::duration<double>(inputs.uptime).count()},
      {"readings",
       {{"sampled", inputs.sampled}, {"published", inputs.published}, {"dropped", inputs.dropped}}},
      {"buffer",
       {{"depth", buffer.depth},
        {"in_flight", buffer.in_flight},
        {"bytes", buffer.bytes},
        {"oldest_age_s", static_cast<double>(oldest_age_ms) / 1000.0},
        {"drops", buffer.dropped},
        {"syncs", buffer.syncs}}},
      {"reconnects", inputs.reconnects},
      {"connected", inputs.connected},
      {"clock_synchronized", inputs.clock_synchronized},
      {"sensors", sensors},
  };
  return health.dump();
}

}  // namespace sa
