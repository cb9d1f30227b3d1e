#include "bme680_emulator.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>

#include "drivers/bme680/bme680_math.h"
#include "emul/monotonic_search.h"

namespace sa::emul {

namespace {

void put16(uint8_t* regs, uint8_t address, int value) {
  regs[address] = static_cast<uint8_t>(value & 0xFF);  // least significant byte first
  regs[address + 1] = static_cast<uint8_t>((value >> 8) & 0xFF);
}

}  // namespace

Bme680Emulator::Bme680Emulator() {
  load_calibration();
}

void Bme680Emulator::load_calibration() {
  std::fill(std::begin(regs_), std::end(regs_), 0);
  regs_[0xD0] = 0x61;
  // A plausible set of coefficients, at the addresses of the datasheet's tables.
  put16(regs_, 0xE9, 26151);   // par_t1
  put16(regs_, 0x8A, 26276);   // par_t2
  regs_[0x8C] = 3;             // par_t3
  put16(regs_, 0x8E, 36393);   // par_p1
  put16(regs_, 0x90, -10464);  // par_p2
  regs_[0x92] = 88;            // par_p3
  put16(regs_, 0x94, 7183);    // par_p4
  put16(regs_, 0x96, -48);     // par_p5
  regs_[0x99] = 30;            // par_p6
  regs_[0x98] = 49;            // par_p7
  put16(regs_, 0x9C, -3410);   // par_p8
  put16(regs_, 0x9E, -3232);   // par_p9
  regs_[0xA0] = 30;            // par_p10
  // par_h1 = 775 (0xE3 <7:0>, 0xE2 <3:0>), par_h2 = 1010 (0xE1 <7:0>, 0xE2 <7:4>).
  regs_[0xE3] = 775 >> 4;
  regs_[0xE1] = 1010 >> 4;
  regs_[0xE2] = static_cast<uint8_t>((1010 & 0x0F) << 4 | (775 & 0x0F));
  regs_[0xE4] = 0;                           // par_h3
  regs_[0xE5] = 45;                          // par_h4
  regs_[0xE6] = 20;                          // par_h5
  regs_[0xE7] = 120;                         // par_h6
  regs_[0xE8] = static_cast<uint8_t>(-100);  // par_h7
  put16(regs_, 0xEB, -9000);                 // par_g2
  regs_[0xED] = static_cast<uint8_t>(-5);    // par_g1
  regs_[0xEE] = 18;                          // par_g3
  regs_[0x00] = 44;                          // res_heat_val
  regs_[0x02] = 1 << 4;                      // res_heat_range
  regs_[0x04] = 1 << 4;                      // range_switching_error
}

void Bme680Emulator::set_physical(const std::string& channel, double value) {
  if (channel == "temperature") {
    celsius_ = value;
  } else if (channel == "pressure") {
    hpa_ = value;
  } else if (channel == "humidity") {
    humidity_ = value;
  } else if (channel == "gas_resistance") {
    gas_ohms_ = value;
  }
}

double Bme680Emulator::tolerance(const std::string& channel) const {
  // About half a raw step at these coefficients (temperature 0.0003 °C, pressure 0.002 hPa,
  // humidity 0.004 %RH per count), and a gas step of 1/1500 of the value.
  if (channel == "temperature") {
    return 0.001;
  }
  if (channel == "pressure") {
    return 0.005;
  }
  if (channel == "humidity") {
    return 0.01;
  }
  return gas_ohms_ / 1000.0;
}

int Bme680Emulator::on_write(const uint8_t* data, size_t len) {
  pointer_ = data[0];
  if (len == 2) {
    const uint8_t address = data[0];
    const uint8_t value = data[1];
    if (address == 0xE0) {
      if (value == 0xB6) {
        load_calibration();
        abort_conversion();
      }
      return 0;
    }
    regs_[address] = value;
    if (address == 0x74 && (value & 0x3) == 0x1) {
      regs_[0x1D] = 0x20;  // measuring
      // TPH time plus the heater's wait (gas_wait_0: 6 bits times 1, 4, 16 or 64 ms).
      const uint8_t wait = regs_[0x64];
      const int heat_ms = (regs_[0x71] & 0x10) != 0 ? (wait & 0x3F) * (1 << (2 * (wait >> 6))) : 0;
      start_conversion(std::chrono::milliseconds(10 + heat_ms));
    }
    return 0;
  }
  return len == 1 ? 0 : EREMOTEIO;
}

int Bme680Emulator::on_read(uint8_t* data, size_t len) {
  poll_busy();
  for (size_t i = 0; i < len; ++i) {
    data[i] = regs_[static_cast<uint8_t>(pointer_ + i)];
  }
  return 0;
}

void Bme680Emulator::on_conversion_done() {
  const uint8_t block1_start = 0x8A;
  const bme680::Calibration c = bme680::parse_calibration(regs_ + block1_start, regs_ + 0xE1,
                                                          regs_[0x00], regs_[0x02], regs_[0x04]);
  double t_fine = 0.0;
  const auto temp_adc =
      static_cast<uint32_t>(nearest_input(0, (1 << 20) - 1, celsius_, [&](int64_t adc) {
        double tf = 0.0;
        return bme680::temperature_celsius(static_cast<uint32_t>(adc), c, tf);
      }));
  const double celsius = bme680::temperature_celsius(temp_adc, c, t_fine);
  const auto press_adc =
      static_cast<uint32_t>(nearest_input(0, (1 << 20) - 1, hpa_ * 100.0, [&](int64_t adc) {
        return bme680::pressure_pa(static_cast<uint32_t>(adc), t_fine, c);
      }));
  const auto hum_adc = static_cast<uint16_t>(nearest_input(0, 65535, humidity_, [&](int64_t adc) {
    return bme680::humidity_percent(static_cast<uint16_t>(adc), celsius, c);
  }));
  // The gas range whose span holds the resistance, then the nearest ADC code in it.
  uint8_t range = 15;
  for (uint8_t r = 0; r < 16; ++r) {
    const double low = bme680::gas_resistance_ohms(1023, r, c);
    const double high = bme680::gas_resistance_ohms(0, r, c);
    if (gas_ohms_ >= low && gas_ohms_ <= high) {
      range = r;
      break;
    }
  }
  const auto gas_adc = static_cast<uint16_t>(nearest_input(0, 1023, gas_ohms_, [&](int64_t adc) {
    return bme680::gas_resistance_ohms(static_cast<uint16_t>(adc), range, c);
  }));
  regs_[0x1F] = static_cast<uint8_t>(press_adc >> 12);
  regs_[0x20] = static_cast<uint8_t>(press_adc >> 4);
  regs_[0x21] = static_cast<uint8_t>((press_adc & 0xF) << 4);
  regs_[0x22] = static_cast<uint8_t>(temp_adc >> 12);
  regs_[0x23] = static_cast<uint8_t>(temp_adc >> 4);
  regs_[0x24] = static_cast<uint8_t>((temp_adc & 0xF) << 4);
  regs_[0x25] = static_cast<uint8_t>(hum_adc >> 8);
  regs_[0x26] = static_cast<uint8_t>(hum_adc);
  const bool gas_run = (regs_[0x71] & 0x10) != 0;
  regs_[0x2A] = static_cast<uint8_t>(gas_adc >> 2);
  regs_[0x2B] = static_cast<uint8_t>((gas_adc & 0x3) << 6 | (gas_run && !gas_invalid_ ? 0x20 : 0) |
                                     (gas_run && !heater_unstable_ ? 0x10 : 0) | range);
  regs_[0x1D] = 0x80;  // new data; back to sleep mode
  regs_[0x74] = static_cast<uint8_t>(regs_[0x74] & ~0x3);
}

}  // namespace sa::emul
