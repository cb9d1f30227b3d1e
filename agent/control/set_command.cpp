#include "control/set_command.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "config/loader.h"

namespace sa {
namespace {

std::string trimmed_lower(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos)
    return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  std::string out = text.substr(first, last - first + 1);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<double> word_or_number(const std::string& text) {
  const std::string word = trimmed_lower(text);
  if (word == "on" || word == "true")
    return 1.0;
  if (word == "off" || word == "false")
    return 0.0;
  if (word.empty())
    return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(word.c_str(), &end);
  if (end != word.c_str() + word.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

SetCommandParse failure(std::string error) {
  return SetCommandParse{std::nullopt, std::move(error)};
}

SetCommandParse parse_json(const std::string& payload) {
  const nlohmann::json doc = nlohmann::json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return failure("payload is not valid JSON object");
  const auto value = doc.find("value");
  if (value == doc.end())
    return failure("JSON payload has no \"value\"");
  SetCommand command;
  if (value->is_boolean()) {
    command.value = value->get<bool>() ? 1.0 : 0.0;
  } else if (value->is_number()) {
    command.value = value->get<double>();
  } else if (value->is_string()) {
    const std::optional<double> parsed = word_or_number(value->get<std::string>());
    if (!parsed)
      return failure("\"value\" must be a number, true/false or ON/OFF");
    command.value = *parsed;
  } else {
    return failure("\"value\" must be a number, true/false or ON/OFF");
  }
  if (const auto pulse = doc.find("pulse"); pulse != doc.end()) {
    const std::optional<std::chrono::milliseconds> duration =
        pulse->is_string() ? parse_duration(pulse->get<std::string>()) : std::nullopt;
    if (!duration || duration->count() <= 0)
      return failure("\"pulse\" must be a positive duration such as \"500ms\"");
    command.pulse = duration;
  }
  return SetCommandParse{command, {}};
}

}  // namespace

SetCommandParse parse_set_command(const std::string& payload) {
  const std::string word = trimmed_lower(payload);
  if (!word.empty() && word.front() == '{')
    return parse_json(payload);
  const std::optional<double> value = word_or_number(payload);
  if (!value)
    return failure("payload must be ON, OFF, a number or JSON {\"value\": ...}");
  return SetCommandParse{SetCommand{*value, std::nullopt}, {}};
}

}  // namespace sa
