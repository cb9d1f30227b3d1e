#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "driver.h"

namespace sa {

// What `sensor-agent drivers` prints: per driver its summary, channels with units and every
// option with type, default and description, aligned like a man page section.
std::string describe_drivers(const std::vector<Driver>& drivers);

// The same for `sensor-agent drivers --json`: an array with one object per driver.
nlohmann::json describe_drivers_json(const std::vector<Driver>& drivers);

// "boolean", "integer", "number", "string", "duration".
const char* option_type_name(OptionType type);

}  // namespace sa
