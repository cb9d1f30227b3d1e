#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/reading.h"

namespace sa {

// Encodes readings of one channel as reading-v1 JSON (agent/schema/reading-v1.schema.json):
// {"v":1,"device":..,"sensor":..,"channel":..,"value":..,"unit":..,"ts":..,"seq":..,"boot":..}
// The constant parts are escaped once at construction, so encode() only formats numbers.
class PayloadEncoder {
 public:
  PayloadEncoder(const std::string& device, const ChannelRoute& route, const std::string& boot_id);

  // `value` must be finite: NaN and infinities are read errors and never published.
  std::string encode(double value, WallTime sampled_at, bool clock_synchronized,
                     uint64_t seq) const;

 private:
  std::string prefix_;  // {"v":1,...,"value":
  std::string middle_;  // ,"unit":"..","ts":"
  std::string suffix_;  // ,"boot":".."
  int precision_;
};

// The value as the shortest text that reads back to the same double; with precision >= 0 the
// value is first rounded to that many decimals (so 21.5 with precision 2 stays "21.5").
std::string format_value(double value, int precision);
// UTC, millisecond resolution: 2026-11-25T20:45:08.123Z.
std::string format_timestamp(WallTime time);
// A JSON string literal (quotes included), invalid UTF-8 replaced.
std::string json_string(const std::string& text);

// Adds "replay":true before the final '}' (no-op when already marked).
void mark_replay(std::string& payload);
bool is_replay(const std::string& payload);

}  // namespace sa
