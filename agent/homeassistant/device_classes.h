#pragma once

#include <string>

namespace sa {

// Home Assistant's device_class and state_class for a channel, from its name and unit; empty when
// none fits (HA then shows a plain number with the unit).
struct HaClasses {
  std::string device_class;
  std::string state_class;
};

HaClasses ha_classes(const std::string& channel, const std::string& unit);

}  // namespace sa
