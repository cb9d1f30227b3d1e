#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "loader.h"

namespace sa::config_detail {

struct Expanded {
  std::string text;
  std::string problem;  // set when expansion failed; `text` is then meaningless
};

// Replaces {device} with `device_id` and ${NAME} with the environment variable NAME; "$$" is a
// literal "$". Without a device id ({device} used in device.id itself) {device} is a problem.
Expanded expand_value(std::string_view raw, const std::optional<std::string>& device_id,
                      const LoadEnvironment& env);

}  // namespace sa::config_detail
