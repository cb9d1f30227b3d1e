#include "internal/topic_rules.h"

#include "loader.h"

namespace sa {
namespace config_detail {

namespace {

constexpr size_t kMaxTopicBytes = 65535;  // MQTT: a UTF-8 string is length-prefixed by 16 bits

// Reason a string breaks the rules shared by topic names and topic levels.
std::string string_problem(std::string_view text) {
  if (text.empty()) {
    return "is empty";
  }
  if (text.size() > kMaxTopicBytes) {
    return "is " + std::to_string(text.size()) + " bytes long; at most " +
           std::to_string(kMaxTopicBytes) + " are allowed";
  }
  if (!valid_utf8(text)) {
    return "is not valid UTF-8";
  }
  if (text.find('\0') != std::string_view::npos) {
    return "contains U+0000, which MQTT forbids";
  }
  if (text.find_first_of("+#") != std::string_view::npos) {
    return "contains the wildcard '" + std::string(1, text[text.find_first_of("+#")]) +
           "', which is only allowed when subscribing";
  }
  return "";
}

}  // namespace

bool valid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t code = 0;
    uint32_t min = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1F;
      min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0F;
      min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07;
      min = 0x10000;
    } else {
      return false;
    }
    if (i + length > text.size()) {
      return false;
    }
    for (size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) {
        return false;
      }
      code = (code << 6) | (next & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

std::string topic_level_problem(std::string_view name) {
  std::string problem = string_problem(name);
  if (problem.empty() && name.find('/') != std::string_view::npos) {
    problem = "contains '/'; it must be a single topic level";
  }
  return problem;
}

std::string topic_name_warning(std::string_view topic) {
  if (!topic.empty() && topic.front() == '/') {
    return "starts with '/', which makes an empty first topic level";
  }
  if (!topic.empty() && topic.front() == '$') {
    return "starts with '$'; brokers reserve such topics (like $SYS) and wildcard "
           "subscriptions do not match them";
  }
  return "";
}

}  // namespace config_detail

std::string topic_name_problem(std::string_view topic) {
  return config_detail::string_problem(topic);
}

}  // namespace sa
