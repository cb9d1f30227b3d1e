#include "drivers/system/proc_parsers.h"

#include <algorithm>

#include "drivers/sysfs/sysfs_reader.h"

namespace sa::system {

namespace {

// Splits on whitespace without allocating.
class Fields {
 public:
  explicit Fields(std::string_view text) : rest_(text) {}

  std::optional<std::string_view> next() {
    size_t start = rest_.find_first_not_of(" \t\n");
    if (start == std::string_view::npos) {
      return std::nullopt;
    }
    rest_.remove_prefix(start);
    const size_t end = std::min(rest_.find_first_of(" \t\n"), rest_.size());
    std::string_view field = rest_.substr(0, end);
    rest_.remove_prefix(end);
    return field;
  }

 private:
  std::string_view rest_;
};

std::optional<double> next_number(Fields& fields) {
  const auto field = fields.next();
  return field ? sysfs::parse_number(*field) : std::nullopt;
}

std::optional<uint64_t> next_ticks(Fields& fields) {
  const auto field = fields.next();
  if (!field) {
    return std::nullopt;
  }
  const auto value = sysfs::parse_integer(*field);
  if (!value || *value < 0) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(*value);
}

}  // namespace

std::optional<std::array<double, 3>> parse_loadavg(std::string_view text) {
  Fields fields(text);
  std::array<double, 3> loads{};
  for (double& load : loads) {
    const auto value = next_number(fields);
    if (!value || *value < 0) {
      return std::nullopt;
    }
    load = *value;
  }
  return loads;
}

std::optional<uint64_t> parse_meminfo_bytes(std::string_view text, std::string_view key) {
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) {
      line_end = text.size();
    }
    std::string_view line = text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || line.substr(0, colon) != key) {
      continue;
    }
    Fields fields(line.substr(colon + 1));
    const auto amount = next_ticks(fields);
    if (!amount) {
      return std::nullopt;
    }
    const auto unit = fields.next();
    if (!unit) {
      return *amount;
    }
    if (*unit == "kB") {
      return *amount * 1024;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> parse_uptime(std::string_view text) {
  Fields fields(text);
  const auto value = next_number(fields);
  if (!value || *value < 0) {
    return std::nullopt;
  }
  return value;
}

std::optional<CpuTimes> parse_cpu_times(std::string_view stat) {
  Fields fields(stat);
  if (fields.next() != std::optional<std::string_view>("cpu")) {
    return std::nullopt;
  }
  // user nice system idle iowait irq softirq steal; guest time is already counted in user.
  constexpr int kFields = 8;
  constexpr int kIdle = 3;
  constexpr int kIowait = 4;
  CpuTimes times;
  for (int i = 0; i < kFields; ++i) {
    const auto ticks = next_ticks(fields);
    if (!ticks) {
      // Old kernels stop after idle; four fields are the minimum.
      if (i > kIdle) {
        break;
      }
      return std::nullopt;
    }
    times.total += *ticks;
    if (i != kIdle && i != kIowait) {
      times.busy += *ticks;
    }
  }
  return times;
}

double CpuUsage::update(const CpuTimes& now) {
  if (now.total > previous_.total && now.busy >= previous_.busy) {
    const double busy = static_cast<double>(now.busy - previous_.busy);
    const double total = static_cast<double>(now.total - previous_.total);
    last_percent_ = std::min(100.0, 100.0 * busy / total);
  }
  previous_ = now;
  return last_percent_;
}

}  // namespace sa::system
