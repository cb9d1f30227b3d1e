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

// The unit as Home Assistant spells it for its device classes ("%RH" is "%"; µg/m³ with the
// Greek mu), so it accepts the entity without a unit warning.
std::string ha_unit(const std::string& unit);

}  // namespace sa
