#pragma once

#include <string_view>
#include <vector>

#include "driver.h"

namespace sa {

// Every driver the agent knows (drivers/*/ with an sa_add_driver() line), in folder order, as
// `sensor-agent drivers` lists them.
const std::vector<Driver>& all_drivers();
const Driver* find_driver(std::string_view name);

}  // namespace sa
