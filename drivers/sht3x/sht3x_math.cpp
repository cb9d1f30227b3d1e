#include "drivers/sht3x/sht3x_math.h"

namespace sa::sht3x {

uint16_t single_shot_command(Repeatability repeatability) {
  switch (repeatability) {
    case Repeatability::high:
      return 0x2400;
    case Repeatability::medium:
      return 0x240B;
    case Repeatability::low:
      return 0x2416;
  }
  return 0x2400;
}

std::chrono::microseconds max_measurement_time(Repeatability repeatability) {
  switch (repeatability) {
    case Repeatability::high:
      return std::chrono::microseconds(15500);
    case Repeatability::medium:
      return std::chrono::microseconds(6500);
    case Repeatability::low:
      return std::chrono::microseconds(4500);
  }
  return std::chrono::microseconds(15500);
}

uint8_t crc8(const uint8_t* data, size_t len) {
  uint8_t crc = 0xFF;
  for (size_t i = 0; i < len; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) {
      crc = static_cast<uint8_t>((crc & 0x80) != 0 ? (crc << 1) ^ 0x31 : crc << 1);
    }
  }
  return crc;
}

double temperature_celsius(uint16_t raw) {
  return -45.0 + 175.0 * raw / 65535.0;
}

double humidity_percent(uint16_t raw) {
  return 100.0 * raw / 65535.0;
}

}  // namespace sa::sht3x
