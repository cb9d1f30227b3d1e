#include "internal/units.h"

#include <array>
#include <limits>

#include "loader.h"

namespace sa {
namespace config_detail {

namespace {

struct Unit {
  std::string_view name;
  uint64_t factor;
};

// Largest first: a duration lists its parts in this order, each at most once.
constexpr std::array<Unit, 5> kDurationUnits{{
    {"d", 86'400'000},
    {"h", 3'600'000},
    {"m", 60'000},
    {"s", 1'000},
    {"ms", 1},
}};

constexpr std::array<Unit, 9> kSizeUnits{{
    {"B", 1},
    {"kB", 1'000},
    {"MB", 1'000'000},
    {"GB", 1'000'000'000},
    {"TB", 1'000'000'000'000},
    {"KiB", 1ull << 10},
    {"MiB", 1ull << 20},
    {"GiB", 1ull << 30},
    {"TiB", 1ull << 40},
}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Reads the digits at `pos`; false when there are none. Sets `overflow` past uint64.
bool read_number(std::string_view text, size_t& pos, uint64_t& number, bool& overflow) {
  size_t start = pos;
  number = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    auto digit = static_cast<uint64_t>(text[pos] - '0');
    if (number > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
      overflow = true;
    } else {
      number = number * 10 + digit;
    }
    ++pos;
  }
  return pos > start;
}

bool multiply_add(uint64_t& total, uint64_t number, uint64_t factor, uint64_t limit) {
  if (factor != 0 && number > limit / factor) {
    return false;
  }
  uint64_t part = number * factor;
  if (total > limit - part) {
    return false;
  }
  total += part;
  return true;
}

}  // namespace

DurationParse parse_duration_checked(std::string_view text) {
  DurationParse result;
  if (text == "0") {
    result.value = std::chrono::milliseconds{0};
    return result;
  }
  constexpr auto kLimit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  uint64_t total = 0;
  size_t next_unit = 0;  // index into kDurationUnits the next part may use
  size_t pos = 0;
  bool overflow = false;
  while (pos < text.size()) {
    uint64_t number = 0;
    if (!read_number(text, pos, number, overflow)) {
      return result;
    }
    size_t unit_start = pos;
    while (pos < text.size() && is_letter(text[pos])) {
      ++pos;
    }
    std::string_view unit = text.substr(unit_start, pos - unit_start);
    size_t index = next_unit;
    while (index < kDurationUnits.size() && kDurationUnits[index].name != unit) {
      ++index;
    }
    if (index == kDurationUnits.size()) {
      return result;  // no unit, an unknown one, or units out of order
    }
    next_unit = index + 1;
    if (!multiply_add(total, number, kDurationUnits[index].factor, kLimit)) {
      overflow = true;
    }
  }
  if (text.empty()) {
    return result;
  }
  if (overflow) {
    result.too_large = true;
    return result;
  }
  result.value = std::chrono::milliseconds{static_cast<int64_t>(total)};
  return result;
}

SizeParse parse_size_checked(std::string_view text) {
  SizeParse result;
  size_t pos = 0;
  uint64_t number = 0;
  bool overflow = false;
  if (!read_number(text, pos, number, overflow)) {
    return result;
  }
  size_t number_end = pos;
  while (pos < text.size() && text[pos] == ' ') {
    ++pos;
  }
  std::string_view unit = text.substr(pos);
  uint64_t factor = unit.empty() && pos == number_end ? 1 : 0;
  for (const Unit& candidate : kSizeUnits) {
    if (candidate.name == unit) {
      factor = candidate.factor;
    }
  }
  if (factor == 0) {
    return result;
  }
  uint64_t total = 0;
  if (overflow || !multiply_add(total, number, factor, std::numeric_limits<uint64_t>::max())) {
    result.too_large = true;
    return result;
  }
  result.value = total;
  return result;
}

std::string format_duration(std::chrono::milliseconds value) {
  if (value.count() == 0) {
    return "0s";
  }
  std::string text;
  auto rest = static_cast<uint64_t>(value.count());
  if (value.count() < 0) {
    rest = 0 - rest;
  }
  for (const Unit& unit : kDurationUnits) {
    if (rest >= unit.factor) {
      text += std::to_string(rest / unit.factor) + std::string(unit.name);
      rest %= unit.factor;
    }
  }
  return value.count() < 0 ? "-" + text : text;
}

}  // namespace config_detail

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  return config_detail::parse_duration_checked(text).value;
}

std::optional<uint64_t> parse_size(std::string_view text) {
  return config_detail::parse_size_checked(text).value;
}

}  // namespace sa
