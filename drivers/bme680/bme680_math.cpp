#include "drivers/bme680/bme680_math.h"

#include <algorithm>

namespace sa::bme680 {

namespace {

uint16_t u16(const uint8_t* lsb_first) {
  return static_cast<uint16_t>(lsb_first[0] | lsb_first[1] << 8);
}

int16_t s16(const uint8_t* lsb_first) {
  return static_cast<int16_t>(u16(lsb_first));
}

// Gas ranges, section 3.4.1 (float): the two lookup tables.
constexpr double kRange1[16] = {1.0, 1.0, 1.0,   1.0,   1.0, 0.99, 1.0, 0.992,
                                1.0, 1.0, 0.998, 0.995, 1.0, 0.99, 1.0, 1.0};
constexpr double kRange2[16] = {
    8000000.0,   4000000.0, 2000000.0, 1000000.0, 499500.4995, 248262.1648, 125000.0,  63004.03226,
    31281.28128, 15625.0,   7812.5,    3906.25,   1953.125,    976.5625,    488.28125, 244.140625};

}  // namespace

Calibration parse_calibration(const uint8_t* b1, const uint8_t* b2, uint8_t heater_value,
                              uint8_t heater_range, uint8_t range_switching_error) {
  // block1 starts at 0x8A, block2 at 0xE1: register r is b1[r - 0x8A] or b2[r - 0xE1].
  auto r1 = [b1](int reg) { return b1 + (reg - 0x8A); };
  auto r2 = [b2](int reg) { return b2 + (reg - 0xE1); };
  Calibration c;
  c.t1 = u16(r2(0xE9));
  c.t2 = s16(r1(0x8A));
  c.t3 = static_cast<int8_t>(*r1(0x8C));
  c.p1 = u16(r1(0x8E));
  c.p2 = s16(r1(0x90));
  c.p3 = static_cast<int8_t>(*r1(0x92));
  c.p4 = s16(r1(0x94));
  c.p5 = s16(r1(0x96));
  c.p7 = static_cast<int8_t>(*r1(0x98));
  c.p6 = static_cast<int8_t>(*r1(0x99));
  c.p8 = s16(r1(0x9C));
  c.p9 = s16(r1(0x9E));
  c.p10 = *r1(0xA0);
  // par_h1: 0xE3 <7:0> then 0xE2 <3:0>; par_h2: 0xE1 <7:0> then 0xE2 <7:4>.
  c.h1 = static_cast<uint16_t>(*r2(0xE3) << 4 | (*r2(0xE2) & 0x0F));
  c.h2 = static_cast<uint16_t>(*r2(0xE1) << 4 | *r2(0xE2) >> 4);
  c.h3 = static_cast<int8_t>(*r2(0xE4));
  c.h4 = static_cast<int8_t>(*r2(0xE5));
  c.h5 = static_cast<int8_t>(*r2(0xE6));
  c.h6 = *r2(0xE7);
  c.h7 = static_cast<int8_t>(*r2(0xE8));
  c.g2 = s16(r2(0xEB));
  c.g1 = static_cast<int8_t>(*r2(0xED));
  c.g3 = static_cast<int8_t>(*r2(0xEE));
  c.heater_value = static_cast<int8_t>(heater_value);
  c.heater_range = static_cast<uint8_t>((heater_range >> 4) & 0x3);
  c.range_switching_error = static_cast<int8_t>(static_cast<int8_t>(range_switching_error) / 16);
  return c;
}

double temperature_celsius(uint32_t adc, const Calibration& c, double& t_fine) {
  const double var1 = (adc / 16384.0 - c.t1 / 1024.0) * c.t2;
  const double d = adc / 131072.0 - c.t1 / 8192.0;
  const double var2 = d * d * (c.t3 * 16.0);
  t_fine = var1 + var2;
  return t_fine / 5120.0;
}

double pressure_pa(uint32_t adc, double t_fine, const Calibration& c) {
  double var1 = t_fine / 2.0 - 64000.0;
  double var2 = var1 * var1 * (c.p6 / 131072.0);
  var2 = var2 + var1 * c.p5 * 2.0;
  var2 = var2 / 4.0 + c.p4 * 65536.0;
  var1 = (c.p3 * var1 * var1 / 16384.0 + c.p2 * var1) / 524288.0;
  var1 = (1.0 + var1 / 32768.0) * c.p1;
  if (var1 == 0.0) {
    return 0.0;
  }
  double p = 1048576.0 - adc;
  p = (p - var2 / 4096.0) * 6250.0 / var1;
  var1 = c.p9 * p * p / 2147483648.0;
  var2 = p * (c.p8 / 32768.0);
  const double var3 = (p / 256.0) * (p / 256.0) * (p / 256.0) * (c.p10 / 131072.0);
  return p + (var1 + var2 + var3 + c.p7 * 128.0) / 16.0;
}

double humidity_percent(uint16_t adc, double temperature, const Calibration& c) {
  const double var1 = adc - (c.h1 * 16.0 + c.h3 / 2.0 * temperature);
  const double var2 =
      var1 * (c.h2 / 262144.0 *
              (1.0 + c.h4 / 16384.0 * temperature + c.h5 / 1048576.0 * temperature * temperature));
  const double var3 = c.h6 / 16384.0;
  const double var4 = c.h7 / 2097152.0;
  const double h = var2 + (var3 + var4 * temperature) * var2 * var2;
  return std::clamp(h, 0.0, 100.0);
}

double gas_resistance_ohms(uint16_t adc, uint8_t range, const Calibration& c) {
  const double var1 = (1340.0 + 5.0 * c.range_switching_error) * kRange1[range & 0xF];
  return var1 * kRange2[range & 0xF] / (adc - 512.0 + var1);
}

uint8_t heater_code(double target_celsius, double ambient_celsius, const Calibration& c) {
  const double var1 = c.g1 / 16.0 + 49.0;
  const double var2 = c.g2 / 32768.0 * 0.0005 + 0.00235;
  const double var3 = c.g3 / 1024.0;
  const double var4 = var1 * (1.0 + var2 * target_celsius);
  const double var5 = var4 + var3 * ambient_celsius;
  const double code =
      3.4 * (var5 * (4.0 / (4.0 + c.heater_range)) * (1.0 / (1.0 + c.heater_value * 0.002)) - 25.0);
  return static_cast<uint8_t>(std::clamp(code, 0.0, 255.0));
}

uint8_t gas_wait_code(uint16_t milliseconds) {
  uint8_t factor = 0;
  uint32_t duration = milliseconds;
  while (duration > 63 && factor < 3) {
    duration /= 4;
    ++factor;
  }
  return static_cast<uint8_t>(factor << 6 | std::min<uint32_t>(duration, 63));
}

}  // namespace sa::bme680
