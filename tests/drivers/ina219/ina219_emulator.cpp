#include "ina219_emulator.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace sa::emul {

void Ina219Emulator::set_physical(const std::string& channel, double value) {
  if (channel == "bus_voltage") {
    bus_volts_ = value;
  } else if (channel == "current") {
    amperes_ = value;
  }
}

double Ina219Emulator::tolerance(const std::string& channel) const {
  if (channel == "bus_voltage") {
    return 0.004 / 2;
  }
  if (channel == "shunt_voltage") {
    return 10e-6 / 2;
  }
  // Current: half a shunt step through the shunt, plus one count of the current register that
  // the chip's division truncates. The current LSB is 0.04096 / (Cal * R).
  const double current_lsb = 0.04096 / (std::max<uint16_t>(registers_[5], 1) * shunt_ohms_);
  if (channel == "current") {
    return 10e-6 / 2 / shunt_ohms_ + current_lsb;
  }
  // Power: one count truncated, plus the current's and the bus voltage's error carried through.
  return 20.0 * current_lsb + tolerance("current") * bus_volts_ +
         tolerance("bus_voltage") * std::fabs(amperes_);
}

void Ina219Emulator::convert() {
  // Shunt: 10 µV steps, clamped to the PGA range of the configuration.
  const int pga = (registers_[0] >> 11) & 0x3;
  const double range_counts = 4000.0 * (1 << pga);
  const double shunt_counts =
      std::clamp(std::round(amperes_ * shunt_ohms_ / 10e-6), -range_counts, range_counts);
  const auto shunt = static_cast<int16_t>(shunt_counts);
  registers_[1] = static_cast<uint16_t>(shunt);
  const auto bus_counts =
      static_cast<uint16_t>(std::clamp(std::round(bus_volts_ / 0.004), 0.0, 8191.0));
  // Section 8.5.1: Current = Shunt * Cal / 4096; Power = Current * Bus / 5000.
  const int32_t current = static_cast<int32_t>(shunt) * registers_[5] / 4096;
  const int64_t power = static_cast<int64_t>(std::abs(current)) * bus_counts / 5000;
  const bool overflow = overflow_ || current > 32767 || current < -32768 || power > 65535;
  registers_[4] = static_cast<uint16_t>(static_cast<int16_t>(std::clamp(current, -32768, 32767)));
  registers_[3] = static_cast<uint16_t>(std::min<int64_t>(power, 65535));
  ready_ = !never_ready_;
  registers_[2] = static_cast<uint16_t>(bus_counts << 3 | (ready_ ? 0x2 : 0) | (overflow ? 1 : 0));
}

int Ina219Emulator::on_write(const uint8_t* data, size_t len) {
  if (data[0] > 5) {
    return EREMOTEIO;
  }
  pointer_ = data[0];
  if (len == 1) {
    return 0;
  }
  if (len != 3 || pointer_ == 1 || pointer_ == 2 || pointer_ == 3 || pointer_ == 4) {
    return EREMOTEIO;  // the measurement registers are read-only
  }
  const auto value = static_cast<uint16_t>((data[1] << 8) | data[2]);
  if (pointer_ == 0 && (value & 0x8000) != 0) {
    std::fill(std::begin(registers_), std::end(registers_), 0);
    registers_[0] = 0x399F;  // reset clears every register, configuration to its default
    return 0;
  }
  registers_[pointer_] = pointer_ == 5 ? static_cast<uint16_t>(value & 0xFFFE) : value;
  return 0;
}

int Ina219Emulator::on_read(uint8_t* data, size_t len) {
  if (pointer_ == 2) {
    convert();  // continuous mode: a conversion has completed since the last read
  }
  const uint16_t value = registers_[pointer_];
  if (pointer_ == 3) {
    ready_ = false;  // reading power clears the conversion-ready bit
    registers_[2] = static_cast<uint16_t>(registers_[2] & ~0x2);
  }
  for (size_t i = 0; i < len; ++i) {
    data[i] = i % 2 == 0 ? static_cast<uint8_t>(value >> 8) : static_cast<uint8_t>(value);
  }
  return 0;
}

}  // namespace sa::emul
