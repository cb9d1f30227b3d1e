#include "publish/payload.h"

#include <charconv>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

namespace sa {
namespace {

constexpr const char kReplayTail[] = ",\"replay\":true}";

void append_uint(std::string& out, uint64_t value) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

void append_padded(std::string& out, long value, int width) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof buf, value);
  for (auto digits = result.ptr - buf; digits < width; ++digits)
    out.push_back('0');
  out.append(buf, result.ptr);
}

void append_value(std::string& out, double value, int precision) {
  char buf[64];
  if (precision >= 0) {
    // Round in decimal (exactly, by to_chars), then print the rounded value in its shortest form.
    auto fixed = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, precision);
    if (fixed.ec == std::errc()) {
      double rounded = value;
      std::from_chars(buf, fixed.ptr, rounded);
      value = rounded == 0.0 ? 0.0 : rounded;  // no "-0" after rounding -0.001
    }
  }
  auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

// Writes `width` decimal digits of `value` (zero-padded) ending just before `end`.
void put_digits(char* end, long value, int width) {
  for (int i = 0; i < width; ++i) {
    *--end = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// Formats into a fixed buffer and appends once: this runs for every reading.
void append_timestamp(std::string& out, WallTime time) {
  using std::chrono::milliseconds;
  const int64_t ms = std::chrono::duration_cast<milliseconds>(time.time_since_epoch()).count();
  int64_t seconds = ms / 1000;
  int64_t millis = ms % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const long year = tm.tm_year + 1900L;
  if (year < 0 || year > 9999) {  // outside what four digits hold: the general path
    append_padded(out, year, 4);
    out.push_back('-');
    append_padded(out, tm.tm_mon + 1L, 2);
    out.push_back('-');
    append_padded(out, tm.tm_mday, 2);
    out.push_back('T');
    append_padded(out, tm.tm_hour, 2);
    out.push_back(':');
    append_padded(out, tm.tm_min, 2);
    out.push_back(':');
    append_padded(out, tm.tm_sec, 2);
    out.push_back('.');
    append_padded(out, static_cast<long>(millis), 3);
    out.push_back('Z');
    return;
  }
  char buf[] = "0000-00-00T00:00:00.000Z";
  put_digits(buf + 4, year, 4);
  put_digits(buf + 7, tm.tm_mon + 1L, 2);
  put_digits(buf + 10, tm.tm_mday, 2);
  put_digits(buf + 13, tm.tm_hour, 2);
  put_digits(buf + 16, tm.tm_min, 2);
  put_digits(buf + 19, tm.tm_sec, 2);
  put_digits(buf + 23, static_cast<long>(millis), 3);
  out.append(buf, sizeof buf - 1);
}

}  // namespace

std::string json_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

PayloadEncoder::PayloadEncoder(const std::string& device, const ChannelRoute& route,
                               const std::string& boot_id)
    : prefix_("{\"v\":1,\"device\":" + json_string(device) +
              ",\"sensor\":" + json_string(route.sensor) +
              ",\"channel\":" + json_string(route.channel) + ",\"value\":"),
      middle_(",\"unit\":" + json_string(route.unit) + ",\"ts\":\""),
      suffix_(",\"boot\":" + json_string(boot_id)),
      precision_(route.precision) {}

std::string PayloadEncoder::encode(double value, WallTime sampled_at, bool clock_synchronized,
                                   uint64_t seq) const {
  std::string out;
  out.reserve(prefix_.size() + middle_.size() + suffix_.size() + 96);
  out += prefix_;
  append_value(out, value, precision_);
  out += middle_;
  append_timestamp(out, sampled_at);
  out += "\",\"seq\":";
  append_uint(out, seq);
  out += suffix_;
  if (!clock_synchronized)
    out += ",\"clock_unsynced\":true";
  out.push_back('}');
  return out;
}

std::string format_value(double value, int precision) {
  std::string out;
  append_value(out, value, precision);
  return out;
}

std::string format_timestamp(WallTime time) {
  std::string out;
  append_timestamp(out, time);
  return out;
}

void mark_replay(std::string& payload) {
  if (payload.empty() || payload.back() != '}' || is_replay(payload))
    return;
  payload.pop_back();
  payload += kReplayTail;
}

bool is_replay(const std::string& payload) {
  const std::string_view tail(kReplayTail);
  return payload.size() >= tail.size() &&
         std::string_view(payload).substr(payload.size() - tail.size()) == tail;
}

}  // namespace sa
