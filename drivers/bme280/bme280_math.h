#pragma once

#include <cstddef>
#include <cstdint>

namespace sa::bme280 {

// Trimming parameters, BME280 datasheet section 4.2.2 table 16.
struct Calibration {
  uint16_t t1 = 0;
  int16_t t2 = 0;
  int16_t t3 = 0;
  uint16_t p1 = 0;
  int16_t p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0, p8 = 0, p9 = 0;
  uint8_t h1 = 0;
  int16_t h2 = 0;
  uint8_t h3 = 0;
  int16_t h4 = 0;
  int16_t h5 = 0;
  int8_t h6 = 0;
};

// `tp`: 26 bytes from 0x88; `h`: 7 bytes from 0xE1, or nullptr for a BMP280.
Calibration parse_calibration(const uint8_t* tp, const uint8_t* h);

struct RawSample {
  int32_t adc_p = 0;
  int32_t adc_t = 0;
  int32_t adc_h = 0;
};

// `data`: burst read from 0xF7, 8 bytes (6 for a BMP280: adc_h left 0). Section 4.
RawSample parse_data(const uint8_t* data, size_t len);

// Section 4.2.3 / 8.2: temperature in 0.01 °C; `t_fine` carries the fine temperature into the
// pressure and humidity formulas.
int32_t compensate_temperature(int32_t adc_t, const Calibration& cal, int32_t& t_fine);
// Section 4.2.3 / 8.2 (64-bit variant): pressure in Pa as Q24.8.
uint32_t compensate_pressure(int32_t adc_p, const Calibration& cal, int32_t t_fine);
// Section 4.2.3 / 8.2: humidity in %RH as Q22.10.
uint32_t compensate_humidity(int32_t adc_h, const Calibration& cal, int32_t t_fine);

// Oversampling factor (0 = skipped, 1..16) to its register code, section 5.4.3; -1 if invalid.
int oversampling_code(int factor);
// IIR filter coefficient (0 = off, 2..16) to its register code, section 5.4.6; -1 if invalid.
int filter_code(int coefficient);

// Maximum measurement time in microseconds for the given oversampling factors (0 = skipped),
// datasheet section 9.1 / appendix B.
int64_t max_measurement_time_us(int osrs_t, int osrs_p, int osrs_h);

}  // namespace sa::bme280
