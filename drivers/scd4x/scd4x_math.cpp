#include "drivers/scd4x/scd4x_math.h"

namespace sa::scd4x {

bool data_ready(uint16_t status) {
  return (status & 0x07FF) != 0;
}

double co2_ppm(uint16_t word) {
  return word;
}

double temperature_celsius(uint16_t word) {
  return -45.0 + 175.0 * word / 65535.0;
}

double humidity_percent(uint16_t word) {
  return 100.0 * word / 65535.0;
}

}  // namespace sa::scd4x
