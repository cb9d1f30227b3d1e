// The payload encoder with any double (extremes, denormals, NaN and infinities), any precision,
// any time and any names: finite values give valid JSON whose value reads back; names are valid
// UTF-8 JSON strings whatever the bytes.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "publish/payload.h"

namespace {

void require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

template <typename T>
T take(const uint8_t*& data, size_t& size) {
  T value{};
  const size_t n = std::min(sizeof value, size);
  std::memcpy(&value, data, n);
  data += n;
  size -= n;
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const double value = take<double>(data, size);
  const int8_t precision = take<int8_t>(data, size);
  const int64_t nanos = take<int64_t>(data, size);
  const uint64_t seq = take<uint64_t>(data, size);
  const std::string text(reinterpret_cast<const char*>(data), size);

  const std::string literal = sa::json_string(text);
  const auto parsed_literal = nlohmann::json::parse(literal, nullptr, false);
  require(!parsed_literal.is_discarded() && parsed_literal.is_string());

  const int digits = precision < 0 ? -1 : precision % 20;
  const std::string formatted = sa::format_value(value, digits);
  require(!formatted.empty());
  if (!std::isfinite(value)) {
    return 0;  // never published: the sampler turns them into read errors
  }
  const auto number = nlohmann::json::parse(formatted, nullptr, false);
  require(!number.is_discarded() && number.is_number());
  if (digits < 0) {
    require(number.get<double>() == value || (value == 0.0 && number.get<double>() == 0.0));
  }

  sa::ChannelRoute route;
  route.sensor = text.substr(0, text.size() / 2);
  route.channel = text.substr(text.size() / 2);
  route.unit = text;
  route.topic = "fuzz/topic";
  route.precision = digits;
  const sa::PayloadEncoder encoder("dev-" + text, route, "boot");
  const sa::WallTime at{
      std::chrono::duration_cast<sa::WallTime::duration>(std::chrono::nanoseconds(nanos))};
  std::string payload = encoder.encode(value, at, (seq & 1) != 0, seq);
  sa::mark_replay(payload);
  require(sa::is_replay(payload));
  const auto doc = nlohmann::json::parse(payload, nullptr, false);
  require(!doc.is_discarded() && doc.is_object());
  require(doc.at("seq").get<uint64_t>() == seq);
  require(doc.at("value").is_number());
  return 0;
}
