#include "bme280_emulator.h"

#include <cerrno>
#include <cmath>

#include "drivers/bme280/bme280_registers.h"
#include "emul/monotonic_search.h"

namespace sa::emul {

using namespace bme280;

namespace {

int oversampling_factor(int code) {
  return code == 0 ? 0 : 1 << (std::min(code, 5) - 1);
}

void put_le(std::array<uint8_t, 256>& regs, uint8_t at, uint16_t value) {
  regs[at] = static_cast<uint8_t>(value);
  regs[at + 1] = static_cast<uint8_t>(value >> 8);
}

}  // namespace

Calibration Bme280Emulator::example_calibration() {
  Calibration cal;
  cal.t1 = 27504;
  cal.t2 = 26435;
  cal.t3 = -1000;
  cal.p1 = 36477;
  cal.p2 = -10685;
  cal.p3 = 3024;
  cal.p4 = 2855;
  cal.p5 = 140;
  cal.p6 = -7;
  cal.p7 = 15500;
  cal.p8 = -14600;
  cal.p9 = 6000;
  cal.h1 = 75;
  cal.h2 = 362;
  cal.h3 = 0;
  cal.h4 = 313;
  cal.h5 = 50;
  cal.h6 = 30;
  return cal;
}

Bme280Emulator::Bme280Emulator(uint8_t chip_id, const Calibration& calibration)
    : chip_id_(chip_id), calibration_(calibration) {
  reset();
  nvm_copying_ = false;
}

void Bme280Emulator::reset() {
  abort_conversion();
  regs_.fill(0);
  regs_[kRegChipId] = chip_id_;
  const Calibration& c = calibration_;
  const uint16_t words[] = {c.t1,
                            static_cast<uint16_t>(c.t2),
                            static_cast<uint16_t>(c.t3),
                            c.p1,
                            static_cast<uint16_t>(c.p2),
                            static_cast<uint16_t>(c.p3),
                            static_cast<uint16_t>(c.p4),
                            static_cast<uint16_t>(c.p5),
                            static_cast<uint16_t>(c.p6),
                            static_cast<uint16_t>(c.p7),
                            static_cast<uint16_t>(c.p8),
                            static_cast<uint16_t>(c.p9)};
  for (size_t i = 0; i < 12; ++i) {
    put_le(regs_, static_cast<uint8_t>(kRegCalibTp + 2 * i), words[i]);
  }
  regs_[0xA1] = c.h1;
  if (is_bme()) {
    put_le(regs_, 0xE1, static_cast<uint16_t>(c.h2));
    regs_[0xE3] = c.h3;
    regs_[0xE4] = static_cast<uint8_t>(c.h4 >> 4);
    regs_[0xE5] = static_cast<uint8_t>((c.h4 & 0x0F) | ((c.h5 & 0x0F) << 4));
    regs_[0xE6] = static_cast<uint8_t>(c.h5 >> 4);
    regs_[0xE7] = static_cast<uint8_t>(c.h6);
  }
  // Reset values of the data registers (section 5.3): a skipped measurement.
  const uint8_t data[] = {0x80, 0x00, 0x00, 0x80, 0x00, 0x00, 0x80, 0x00};
  for (size_t i = 0; i < sizeof data; ++i) {
    regs_[kRegData + i] = data[i];
  }
  latched_ctrl_hum_ = 0;
  nvm_copying_ = true;  // reads back as im_update once
}

void Bme280Emulator::set_physical(const std::string& channel, double value) {
  if (channel == "temperature") {
    celsius_ = value;
  } else if (channel == "pressure") {
    hpa_ = value;
  } else if (channel == "humidity") {
    humidity_ = value;
  }
}

double Bme280Emulator::tolerance(const std::string& channel) const {
  if (channel == "temperature") {
    return 0.01;  // output resolution of the compensation
  }
  if (channel == "pressure") {
    return 0.01;
  }
  return 0.02;
}

int Bme280Emulator::on_write(const uint8_t* data, size_t len) {
  // A write is register address / data pairs; a lone address sets the read pointer.
  size_t i = 0;
  for (; i + 1 < len; i += 2) {
    write_register(data[i], data[i + 1]);
  }
  if (i < len) {
    pointer_ = data[i];
  }
  return 0;
}

void Bme280Emulator::write_register(uint8_t address, uint8_t value) {
  if (address == kRegReset) {
    if (value == kResetCommand) {
      reset();
    }
    return;
  }
  if (address == kRegCtrlHum && is_bme()) {
    regs_[address] = value & 0x07;
  } else if (address == kRegConfig) {
    regs_[address] = value;
  } else if (address == kRegCtrlMeas) {
    regs_[address] = value;
    latched_ctrl_hum_ = regs_[kRegCtrlHum];  // ctrl_hum takes effect here (section 5.4.3)
    if ((value & 0x03) != kModeSleep) {
      const int t = oversampling_factor(value >> 5);
      const int p = oversampling_factor((value >> 2) & 0x07);
      const int h = is_bme() ? oversampling_factor(latched_ctrl_hum_) : 0;
      // Typical measurement time, section 9.1.
      const double ms = 1.0 + 2.0 * t + (p > 0 ? 2.0 * p + 0.5 : 0) + (h > 0 ? 2.0 * h + 0.5 : 0);
      start_conversion(std::chrono::microseconds(static_cast<int64_t>(ms * 1000)));
    }
  }
  // Everything else is read-only.
}

int Bme280Emulator::on_read(uint8_t* data, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    const uint8_t address = static_cast<uint8_t>(pointer_ + i);
    if (address == kRegStatus) {
      const bool busy = poll_busy();
      data[i] = static_cast<uint8_t>((busy ? kStatusMeasuring : 0) |
                                     (nvm_copying_ ? kStatusImUpdate : 0));
      nvm_copying_ = false;
    } else {
      data[i] = regs_[address];
    }
  }
  pointer_ = static_cast<uint8_t>(pointer_ + len);
  return 0;
}

void Bme280Emulator::on_conversion_done() {
  const uint8_t ctrl_meas = regs_[kRegCtrlMeas];
  const Calibration& cal = calibration_;
  const int64_t adc_t = nearest_input(0, 0xFFFFF, celsius_ * 100.0, [&](int64_t adc) {
    int32_t fine = 0;
    return static_cast<double>(compensate_temperature(static_cast<int32_t>(adc), cal, fine));
  });
  int32_t t_fine = 0;
  compensate_temperature(static_cast<int32_t>(adc_t), cal, t_fine);
  const int64_t adc_p = nearest_input(0, 0xFFFFF, hpa_ * 100.0 * 256.0, [&](int64_t adc) {
    // Read as signed: raw values far above any real pressure wrap below zero.
    const uint32_t q24_8 = compensate_pressure(static_cast<int32_t>(adc), cal, t_fine);
    return static_cast<double>(static_cast<int32_t>(q24_8));
  });
  const int64_t adc_h = nearest_input(0, 0xFFFF, humidity_ * 1024.0, [&](int64_t adc) {
    return static_cast<double>(compensate_humidity(static_cast<int32_t>(adc), cal, t_fine));
  });

  const auto put20 = [&](uint8_t at, int64_t value) {
    regs_[at] = static_cast<uint8_t>(value >> 12);
    regs_[at + 1] = static_cast<uint8_t>(value >> 4);
    regs_[at + 2] = static_cast<uint8_t>((value & 0x0F) << 4);
  };
  put20(0xF7, ((ctrl_meas >> 2) & 0x07) != 0 ? adc_p : kSkipped20Bit);
  put20(0xFA, (ctrl_meas >> 5) != 0 ? adc_t : kSkipped20Bit);
  if (is_bme()) {
    const int64_t h = latched_ctrl_hum_ != 0 ? adc_h : kSkipped16Bit;
    regs_[0xFD] = static_cast<uint8_t>(h >> 8);
    regs_[0xFE] = static_cast<uint8_t>(h);
  }
  regs_[kRegCtrlMeas] = static_cast<uint8_t>(ctrl_meas & ~0x03);  // back to sleep
}

}  // namespace sa::emul
