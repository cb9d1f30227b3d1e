#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>

namespace sa::test {

// Evaluates the only template shape the agent announces, `{{ value_json.a.b }}` with an optional
// `| int` filter, against a payload as Home Assistant would; nullopt for any other shape.
inline std::optional<nlohmann::json> eval_value_template(const std::string& tmpl,
                                                         const std::string& payload) {
  static const std::regex shape(R"(^\{\{ value_json\.([A-Za-z0-9_.]+)( \| int)? \}\}$)");
  std::smatch match;
  if (!std::regex_match(tmpl, match, shape))
    return std::nullopt;
  nlohmann::json node = nlohmann::json::parse(payload);
  const std::string path = match[1];
  size_t start = 0;
  while (start <= path.size()) {
    const size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (!node.is_object() || !node.contains(key))
      return std::nullopt;
    node = node[key];
    if (dot == std::string::npos)
      break;
    start = dot + 1;
  }
  if (match[2].matched)
    return nlohmann::json(static_cast<int64_t>(node.get<double>()));
  return node;
}

}  // namespace sa::test
