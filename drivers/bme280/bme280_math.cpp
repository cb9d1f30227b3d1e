#include "drivers/bme280/bme280_math.h"

#include <algorithm>

namespace sa::bme280 {

namespace {

uint16_t u16_le(const uint8_t* bytes) {
  return static_cast<uint16_t>(bytes[0] | (bytes[1] << 8));
}

int16_t s16_le(const uint8_t* bytes) {
  return static_cast<int16_t>(u16_le(bytes));
}

}  // namespace

Calibration parse_calibration(const uint8_t* tp, const uint8_t* h) {
  Calibration cal;
  cal.t1 = u16_le(tp + 0);
  cal.t2 = s16_le(tp + 2);
  cal.t3 = s16_le(tp + 4);
  cal.p1 = u16_le(tp + 6);
  cal.p2 = s16_le(tp + 8);
  cal.p3 = s16_le(tp + 10);
  cal.p4 = s16_le(tp + 12);
  cal.p5 = s16_le(tp + 14);
  cal.p6 = s16_le(tp + 16);
  cal.p7 = s16_le(tp + 18);
  cal.p8 = s16_le(tp + 20);
  cal.p9 = s16_le(tp + 22);
  cal.h1 = tp[25];  // 0xA1
  if (h != nullptr) {
    cal.h2 = s16_le(h + 0);
    cal.h3 = h[2];
    // dig_H4 and dig_H5 are 12-bit signed values sharing the nibbles of 0xE5.
    cal.h4 = static_cast<int16_t>(static_cast<int8_t>(h[3]) * 16 + (h[4] & 0x0F));
    cal.h5 = static_cast<int16_t>(static_cast<int8_t>(h[5]) * 16 + (h[4] >> 4));
    cal.h6 = static_cast<int8_t>(h[6]);
  }
  return cal;
}

RawSample parse_data(const uint8_t* data, size_t len) {
  RawSample raw;
  raw.adc_p = (data[0] << 12) | (data[1] << 4) | (data[2] >> 4);
  raw.adc_t = (data[3] << 12) | (data[4] << 4) | (data[5] >> 4);
  if (len >= 8) {
    raw.adc_h = (data[6] << 8) | data[7];
  }
  return raw;
}

// The datasheet's formulas, with left shifts of signed values written as multiplications (a left
// shift of a negative number is undefined in C++17) and 64-bit intermediates, which give the same
// results as the 32-bit code wherever that code does not overflow.

int32_t compensate_temperature(int32_t adc_t, const Calibration& cal, int32_t& t_fine) {
  const int64_t t1 = cal.t1;
  const int64_t var1 = (((adc_t >> 3) - t1 * 2) * cal.t2) >> 11;
  const int64_t delta = (adc_t >> 4) - t1;
  const int64_t var2 = (((delta * delta) >> 12) * cal.t3) >> 14;
  t_fine = static_cast<int32_t>(var1 + var2);
  return static_cast<int32_t>((static_cast<int64_t>(t_fine) * 5 + 128) >> 8);
}

uint32_t compensate_pressure(int32_t adc_p, const Calibration& cal, int32_t t_fine) {
  int64_t var1 = static_cast<int64_t>(t_fine) - 128000;
  int64_t var2 = var1 * var1 * cal.p6;
  var2 = var2 + var1 * cal.p5 * (int64_t{1} << 17);
  var2 = var2 + static_cast<int64_t>(cal.p4) * (int64_t{1} << 35);
  var1 = ((var1 * var1 * cal.p3) >> 8) + var1 * cal.p2 * (int64_t{1} << 12);
  var1 = (((int64_t{1} << 47) + var1) * cal.p1) >> 33;
  if (var1 == 0) {
    return 0;  // the datasheet's guard against a division by zero
  }
  int64_t p = 1048576 - static_cast<int64_t>(adc_p);
  p = ((p * (int64_t{1} << 31) - var2) * 3125) / var1;
  var1 = (static_cast<int64_t>(cal.p9) * (p >> 13) * (p >> 13)) >> 25;
  var2 = (static_cast<int64_t>(cal.p8) * p) >> 19;
  p = ((p + var1 + var2) >> 8) + static_cast<int64_t>(cal.p7) * 16;
  return static_cast<uint32_t>(p);
}

uint32_t compensate_humidity(int32_t adc_h, const Calibration& cal, int32_t t_fine) {
  int64_t v = static_cast<int64_t>(t_fine) - 76800;
  const int64_t scaled =
      ((static_cast<int64_t>(adc_h) * 16384 - static_cast<int64_t>(cal.h4) * 1048576 - cal.h5 * v) +
       16384) >>
      15;
  const int64_t factor =
      (((((((v * cal.h6) >> 10) * (((v * cal.h3) >> 11) + 32768)) >> 10) + 2097152) * cal.h2 +
        8192) >>
       14);
  v = scaled * factor;
  v = v - (((((v >> 15) * (v >> 15)) >> 7) * cal.h1) >> 4);
  v = std::clamp<int64_t>(v, 0, 419430400);
  return static_cast<uint32_t>(v >> 12);
}

int oversampling_code(int factor) {
  switch (factor) {
    case 0:
      return 0;
    case 1:
      return 1;
    case 2:
      return 2;
    case 4:
      return 3;
    case 8:
      return 4;
    case 16:
      return 5;
    default:
      return -1;
  }
}

int filter_code(int coefficient) {
  switch (coefficient) {
    case 0:
      return 0;
    case 2:
      return 1;
    case 4:
      return 2;
    case 8:
      return 3;
    case 16:
      return 4;
    default:
      return -1;
  }
}

int64_t max_measurement_time_us(int osrs_t, int osrs_p, int osrs_h) {
  // t_measure,max = 1.25 + 2.3*osrs_t + (2.3*osrs_p + 0.575) + (2.3*osrs_h + 0.575) ms.
  int64_t us = 1250 + 2300 * int64_t{osrs_t};
  if (osrs_p > 0) {
    us += 2300 * int64_t{osrs_p} + 575;
  }
  if (osrs_h > 0) {
    us += 2300 * int64_t{osrs_h} + 575;
  }
  return us;
}

}  // namespace sa::bme280
