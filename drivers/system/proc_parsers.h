#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sa::system {

// /proc/loadavg: "0.52 0.58 0.59 2/389 12345".
std::optional<std::array<double, 3>> parse_loadavg(std::string_view text);
// One "Key:   value kB" line of /proc/meminfo, in bytes.
std::optional<uint64_t> parse_meminfo_bytes(std::string_view text, std::string_view key);
// /proc/uptime: "350735.47 234388.90", seconds since boot.
std::optional<double> parse_uptime(std::string_view text);

// The aggregate "cpu" line of /proc/stat, in clock ticks.
struct CpuTimes {
  uint64_t busy = 0;
  uint64_t total = 0;
};
std::optional<CpuTimes> parse_cpu_times(std::string_view stat);

// Percent busy between two samples of CpuTimes; the first call reports since boot. When no time
// has passed (two reads within one tick), repeats the last figure.
class CpuUsage {
 public:
  double update(const CpuTimes& now);

 private:
  CpuTimes previous_;
  double last_percent_ = 0.0;
};

}  // namespace sa::system
