#include "drivers/aht20/aht20_math.h"

namespace sa::aht20 {

Raw unpack(const uint8_t* data) {
  Raw raw;
  raw.humidity = (static_cast<uint32_t>(data[1]) << 12) | (static_cast<uint32_t>(data[2]) << 4) |
                 (static_cast<uint32_t>(data[3]) >> 4);
  raw.temperature = ((static_cast<uint32_t>(data[3]) & 0x0F) << 16) |
                    (static_cast<uint32_t>(data[4]) << 8) | data[5];
  return raw;
}

double humidity_percent(uint32_t raw) {
  return raw / 1048576.0 * 100.0;
}

double temperature_celsius(uint32_t raw) {
  return raw / 1048576.0 * 200.0 - 50.0;
}

}  // namespace sa::aht20
