#include "internal/expand.h"

namespace sa::config_detail {

namespace {

constexpr std::string_view kDevicePlaceholder = "{device}";

bool valid_variable_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
    return false;
  }
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

Expanded expand_value(std::string_view raw, const std::optional<std::string>& device_id,
                      const LoadEnvironment& env) {
  Expanded result;
  size_t i = 0;
  while (i < raw.size()) {
    if (raw.compare(i, 2, "$$") == 0) {
      result.text += '$';
      i += 2;
    } else if (raw.compare(i, 2, "${") == 0) {
      size_t close = raw.find('}', i + 2);
      if (close == std::string_view::npos) {
        result.problem = "'${' is not closed by '}' (write \"$$\" for a literal '$')";
        return result;
      }
      std::string name(raw.substr(i + 2, close - i - 2));
      if (!valid_variable_name(name)) {
        result.problem = "'${" + name + "}' is not a valid variable name (letters, digits, '_')";
        return result;
      }
      std::optional<std::string> value = env.variable(name);
      if (!value) {
        result.problem = "environment variable '" + name + "' is not set";
        return result;
      }
      result.text += *value;
      i = close + 1;
    } else if (raw.compare(i, kDevicePlaceholder.size(), kDevicePlaceholder) == 0) {
      if (!device_id) {
        result.problem = "{device} cannot be used here: it is the device id itself";
        return result;
      }
      result.text += *device_id;
      i += kDevicePlaceholder.size();
    } else {
      result.text += raw[i];
      ++i;
    }
  }
  return result;
}

}  // namespace sa::config_detail
