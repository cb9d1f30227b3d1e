#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace sa::ds18b20 {

// What the kernel's w1_therm driver reports, in milli-°C, when the answer is not a temperature.
constexpr int64_t kPowerOnResetMilli = 85000;  // scratchpad default: no conversion ran
constexpr int64_t kDisconnectedMilli = -127000;

// Parses the two lines of w1_slave:
//   72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
//   72 01 4b 46 7f ff 0e 10 57 t=23125
// into °C. A failed CRC, an all-zero scratchpad (the bus read nothing), a missing t= and the
// sentinel values are errors.
Status parse_w1_slave(std::string_view text, double& celsius);

// Checks a milli-°C figure from w1_slave or the temperature attribute, and converts it.
Status milli_celsius_to_celsius(int64_t milli, double& celsius);

}  // namespace sa::ds18b20
