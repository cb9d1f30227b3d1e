#include "drivers/lm75/lm75_math.h"

#include <cmath>

namespace sa::lm75 {

double temperature_celsius(uint16_t reg, int resolution_bits) {
  // The value in counts of the resolution (rounded towards minus infinity, as dropping the low
  // bits of a two's complement number does); one count is 2^-(bits - 8) °C.
  const double counts =
      std::floor(static_cast<int16_t>(reg) / std::ldexp(1.0, 16 - resolution_bits));
  return std::ldexp(counts, 8 - resolution_bits);
}

}  // namespace sa::lm75
