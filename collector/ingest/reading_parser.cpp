#include "ingest/reading_parser.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace sa::collector {

namespace {

using nlohmann::json;

// 2026-11-25T20:45:08.123Z, as the schema's pattern.
bool valid_timestamp(const std::string& ts) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (ts.size() != kShape.size()) {
    return false;
  }
  for (size_t i = 0; i < ts.size(); ++i) {
    bool digit = ts[i] >= '0' && ts[i] <= '9';
    if (kShape[i] == 'd' ? !digit : ts[i] != kShape[i]) {
      return false;
    }
  }
  return true;
}

bool text_field(const json& object, const char* key, bool may_be_empty, std::string& out,
                std::string& problem) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    problem = std::string("\"") + key + "\" missing or not a string";
    return false;
  }
  out = it->get<std::string>();
  if (out.empty() && !may_be_empty) {
    problem = std::string("\"") + key + "\" is empty";
    return false;
  }
  return true;
}

bool read_one(const json& object, StoredReading& out, std::string& problem) {
  if (!object.is_object()) {
    problem = "a reading must be a JSON object";
    return false;
  }
  auto v = object.find("v");
  if (v == object.end() || !v->is_number_integer()) {
    problem = "\"v\" missing or not an integer";
    return false;
  }
  if (v->get<int64_t>() != 1) {
    problem = "unsupported payload version v=" + v->dump();
    return false;
  }
  if (!text_field(object, "device", false, out.device, problem) ||
      !text_field(object, "sensor", false, out.sensor, problem) ||
      !text_field(object, "channel", false, out.channel, problem) ||
      !text_field(object, "unit", true, out.unit, problem) ||
      !text_field(object, "boot", false, out.boot, problem) ||
      !text_field(object, "ts", false, out.ts, problem)) {
    return false;
  }
  if (!valid_timestamp(out.ts)) {
    problem = "\"ts\" is not YYYY-MM-DDTHH:MM:SS.mmmZ";
    return false;
  }
  auto value = object.find("value");
  if (value == object.end() || !value->is_number() || !std::isfinite(value->get<double>())) {
    problem = "\"value\" missing or not a finite number";
    return false;
  }
  out.value = value->get<double>();
  auto seq = object.find("seq");
  if (seq == object.end() || !seq->is_number_unsigned() || seq->get<uint64_t>() < 1 ||
      seq->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    problem = "\"seq\" missing or not a positive integer";
    return false;
  }
  out.seq = static_cast<int64_t>(seq->get<uint64_t>());
  auto replay = object.find("replay");
  out.replay = replay != object.end() && replay->is_boolean() && replay->get<bool>();
  return true;
}

}  // namespace

bool is_agent_service_topic(std::string_view topic) {
  size_t slash = topic.rfind('/');
  std::string_view last = slash == std::string_view::npos ? topic : topic.substr(slash + 1);
  return last == "status" || last == "health" || last == "probe";
}

ParsedPayload parse_payload(std::string_view topic, std::string_view payload) {
  ParsedPayload out;
  if (is_agent_service_topic(topic)) {
    out.kind = PayloadKind::not_reading;
    return out;
  }
  if (payload.size() > kMaxPayloadBytes) {
    out.problem = "payload of " + std::to_string(payload.size()) + " bytes is larger than " +
                  std::to_string(kMaxPayloadBytes);
    return out;
  }
  // Invalid UTF-8 inside strings is a parse error too.
  json document = json::parse(payload.begin(), payload.end(), nullptr, false);
  if (document.is_discarded()) {
    out.problem = "not valid JSON (or not UTF-8)";
    return out;
  }
  if (document.is_array()) {
    if (document.empty()) {
      out.problem = "empty packed replay array";
      return out;
    }
    for (const json& item : document) {
      StoredReading reading;
      if (!read_one(item, reading, out.problem)) {
        out.problem =
            "packed replay element " + std::to_string(out.readings.size()) + ": " + out.problem;
        out.readings.clear();
        return out;
      }
      out.readings.push_back(std::move(reading));
    }
  } else {
    StoredReading reading;
    if (!read_one(document, reading, out.problem)) {
      return out;
    }
    out.readings.push_back(std::move(reading));
  }
  out.kind = PayloadKind::readings;
  return out;
}

}  // namespace sa::collector
