#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sa::config_detail {

// Like parse_duration/parse_size, but tells a malformed value from one that is too large.
struct DurationParse {
  std::optional<std::chrono::milliseconds> value;
  bool too_large = false;
};
DurationParse parse_duration_checked(std::string_view text);

struct SizeParse {
  std::optional<uint64_t> value;
  bool too_large = false;
};
SizeParse parse_size_checked(std::string_view text);

// The forms named in messages.
inline constexpr const char* kDurationForms =
    "\"250ms\", \"10s\", \"5m\", \"2h\", \"7d\" or combined like \"1m30s\"";
inline constexpr const char* kSizeForms =
    "a byte count or a number with B, kB, MB, GB, TB, KiB, MiB, GiB or TiB, like \"64MiB\"";

// "1m30s" style text for messages.
std::string format_duration(std::chrono::milliseconds value);

}  // namespace sa::config_detail
