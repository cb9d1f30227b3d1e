#include "log/stderr_format.h"

#include <spdlog/pattern_formatter.h>

#include <cctype>

#include "log/fields.h"

namespace sa::log {
namespace {

bool needs_quotes(const std::string& value) {
  if (value.empty())
    return true;
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\t' || c == '\n')
      return true;
  }
  return false;
}

class FieldsFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& /*msg*/, const std::tm& /*time*/,
              spdlog::memory_buf_t& dest) override {
    std::string text = format_fields(effective_fields());
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<FieldsFlag>();
  }
};

}  // namespace

std::string format_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string text;
  for (const auto& [key, value] : fields) {
    text.push_back(' ');
    for (char c : key)
      text.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    text.push_back('=');
    if (!needs_quotes(value)) {
      text += value;
      continue;
    }
    text.push_back('"');
    for (char c : value) {
      if (c == '"' || c == '\\')
        text.push_back('\\');
      text.push_back(c == '\n' ? ' ' : c);
    }
    text.push_back('"');
  }
  return text;
}

std::unique_ptr<spdlog::formatter> make_stderr_formatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<FieldsFlag>('*').set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-8l%$ %v%*");
  return formatter;
}

}  // namespace sa::log
