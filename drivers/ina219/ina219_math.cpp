#include "drivers/ina219/ina219_math.h"

#include <cmath>

namespace sa::ina219 {

std::optional<Calibration> calibrate(double shunt_ohms, double max_current) {
  if (!(shunt_ohms > 0.0) || !(max_current > 0.0)) {
    return std::nullopt;
  }
  Calibration calibration;
  calibration.current_lsb = max_current / 32768.0;
  const double cal = std::trunc(0.04096 / (calibration.current_lsb * shunt_ohms));
  if (cal < 2.0 || cal > 65534.0) {
    return std::nullopt;
  }
  calibration.register_value = static_cast<uint16_t>(static_cast<uint16_t>(cal) & 0xFFFE);
  // The register holds a truncated value: the current LSB the chip really uses follows from it.
  calibration.current_lsb = 0.04096 / (calibration.register_value * shunt_ohms);
  calibration.power_lsb = 20.0 * calibration.current_lsb;
  return calibration;
}

std::optional<uint16_t> shunt_range(double shunt_ohms, double max_current) {
  const double volts = shunt_ohms * max_current;
  for (uint16_t pga = 0; pga < 4; ++pga) {
    if (volts <= 0.040 * (1 << pga) + 1e-12) {
      return pga;
    }
  }
  return std::nullopt;
}

uint16_t configuration(bool bus_32v, uint16_t pga) {
  return static_cast<uint16_t>((bus_32v ? 1u << 13 : 0u) | (pga & 0x3u) << 11 | 0x3u << 7 |
                               0x3u << 3 | 0x7u);
}

double bus_voltage(uint16_t reg) {
  return (reg >> 3) * kBusVoltageLsb;
}

double shunt_voltage(uint16_t reg) {
  return static_cast<int16_t>(reg) * kShuntVoltageLsb;
}

double current(uint16_t reg, const Calibration& calibration) {
  return static_cast<int16_t>(reg) * calibration.current_lsb;
}

double power(uint16_t reg, const Calibration& calibration) {
  return reg * calibration.power_lsb;
}

}  // namespace sa::ina219
