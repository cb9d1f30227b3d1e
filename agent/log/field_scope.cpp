#include <algorithm>

#include "log/fields.h"
#include "log/log.h"

namespace sa::log {
namespace {

std::vector<std::pair<std::string, std::string>>& thread_fields() {
  thread_local std::vector<std::pair<std::string, std::string>> fields;
  return fields;
}

}  // namespace

FieldScope::FieldScope(std::initializer_list<std::pair<const char*, std::string>> fields)
    : previous_size_(thread_fields().size()) {
  auto& stack = thread_fields();
  for (const auto& [key, value] : fields)
    stack.emplace_back(key, value);
}

FieldScope::~FieldScope() {
  thread_fields().resize(previous_size_);
}

const std::vector<std::pair<std::string, std::string>>& current_fields() {
  return thread_fields();
}

std::vector<std::pair<std::string, std::string>> effective_fields() {
  std::vector<std::pair<std::string, std::string>> result;
  for (const auto& [key, value] : thread_fields()) {
    auto same_key = [&key = key](const auto& field) { return field.first == key; };
    auto existing = std::find_if(result.begin(), result.end(), same_key);
    if (existing == result.end()) {
      result.emplace_back(key, value);
    } else {
      existing->second = value;
    }
  }
  return result;
}

}  // namespace sa::log
