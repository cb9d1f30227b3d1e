#include "drivers/sht4x/sht4x_math.h"

#include <algorithm>

namespace sa::sht4x {

uint8_t measure_command(Precision precision) {
  switch (precision) {
    case Precision::high:
      return kMeasureHigh;
    case Precision::medium:
      return kMeasureMedium;
    case Precision::low:
      return kMeasureLow;
  }
  return kMeasureHigh;
}

std::chrono::microseconds max_measurement_time(Precision precision) {
  switch (precision) {
    case Precision::high:
      return std::chrono::microseconds(8300);
    case Precision::medium:
      return std::chrono::microseconds(4500);
    case Precision::low:
      return std::chrono::microseconds(1600);
  }
  return std::chrono::microseconds(8300);
}

double temperature_celsius(uint16_t raw) {
  return -45.0 + 175.0 * raw / 65535.0;
}

double humidity_percent(uint16_t raw) {
  return std::clamp(-6.0 + 125.0 * raw / 65535.0, 0.0, 100.0);
}

}  // namespace sa::sht4x
