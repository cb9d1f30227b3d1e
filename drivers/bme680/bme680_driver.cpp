#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "drivers/bme680/bme680_math.h"
#include "drivers/builtin.h"
#include "drivers/i2c/i2c_device.h"
#include "drivers/problem.h"

namespace sa::bme680 {

namespace {

const std::vector<uint16_t> kAddresses = {kAddressLow, kAddressHigh};
constexpr auto kResetTime = std::chrono::milliseconds(10);
constexpr auto kPollGap = std::chrono::milliseconds(5);

struct Settings {
  uint8_t osrs_t = 2;  // register codes: 1..5 for ×1..×16
  uint8_t osrs_p = 3;
  uint8_t osrs_h = 1;
  uint8_t filter = 0;
  int heater_celsius = 320;  // 0: no gas measurement
  uint16_t heater_ms = 150;
};

// Oversampling ×1, ×2, ×4, ×8, ×16 as register code 1..5; 0 when not a datasheet step.
uint8_t oversampling_code(int64_t factor) {
  for (uint8_t code = 1; code <= 5; ++code) {
    if (factor == 1 << (code - 1)) {
      return code;
    }
  }
  return 0;
}

// BME680 in forced mode: one TPHG measurement per read(), compensated with the datasheet's
// floating-point formulas and the chip's calibration. A measurement that does not finish in time,
// and a gas reading whose heater did not reach its temperature or is not valid, are read errors.
class Bme680Sensor final : public Sensor {
 public:
  Bme680Sensor(I2cDevice device, Settings settings, std::vector<std::string> channels)
      : device_(std::move(device)), settings_(settings), channels_(std::move(channels)) {}

  Status setup() override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    uint8_t id = 0;
    if (Status status = device_.read_registers(kChipIdRegister, &id, 1); !status) {
      return with_context("reading chip id", status);
    }
    if (id != kChipId) {
      return Status::error("chip id " + std::to_string(id) + " at " + device_.where() +
                           " is not a BME680's (0x61)");
    }
    if (Status status = device_.write_register(kReset, kResetValue); !status) {
      return with_context("soft reset", status);
    }
    std::this_thread::sleep_for(kResetTime);
    uint8_t block1[23] = {};
    uint8_t block2[14] = {};
    uint8_t heater[5] = {};
    if (Status status = device_.read_registers(kCoefficients1, block1, sizeof block1); !status) {
      return with_context("reading calibration", status);
    }
    if (Status status = device_.read_registers(kCoefficients2, block2, sizeof block2); !status) {
      return with_context("reading calibration", status);
    }
    if (Status status = device_.read_registers(0x00, heater, sizeof heater); !status) {
      return with_context("reading heater calibration", status);
    }
    calibration_ = parse_calibration(block1, block2, heater[kHeaterValue], heater[kHeaterRange],
                                     heater[kRangeSwitchingError]);
    return configure(25.0);
  }

  Status read(std::vector<ChannelSample>& out) override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    const uint8_t meas = static_cast<uint8_t>(settings_.osrs_t << 5 | settings_.osrs_p << 2 | 1);
    if (Status status = device_.write_register(kCtrlMeas, meas); !status) {
      return with_context("starting measurement", status);
    }
    // Typical TPH time (datasheet 3.2.1) plus the heater time, then poll up to as long again.
    const int cycles = (1 << (settings_.osrs_t - 1)) + (1 << (settings_.osrs_p - 1)) +
                       (1 << (settings_.osrs_h - 1));
    const auto expected = std::chrono::microseconds(cycles * 1963 + 4000) +
                          std::chrono::milliseconds(gas() ? settings_.heater_ms : 0);
    std::this_thread::sleep_for(expected);
    uint8_t data[15] = {};
    const auto deadline =
        std::chrono::steady_clock::now() + expected + std::chrono::milliseconds(20);
    for (;;) {
      if (Status status = device_.read_registers(kMeasStatus, data, sizeof data); !status) {
        return with_context("reading measurement", status);
      }
      if ((data[0] & kNewData) != 0) {
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        return Status::error("measurement not ready: " + device_.where() +
                             " still measuring after " +
                             std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                expected * 2 + std::chrono::milliseconds(20))
                                                .count()) +
                             " ms");
      }
      std::this_thread::sleep_for(kPollGap);
    }
    const uint32_t press_adc =
        static_cast<uint32_t>(data[2]) << 12 | static_cast<uint32_t>(data[3]) << 4 | data[4] >> 4;
    const uint32_t temp_adc =
        static_cast<uint32_t>(data[5]) << 12 | static_cast<uint32_t>(data[6]) << 4 | data[7] >> 4;
    const auto hum_adc = static_cast<uint16_t>(data[8] << 8 | data[9]);
    const auto gas_adc = static_cast<uint16_t>(data[13] << 2 | data[14] >> 6);
    const uint8_t gas_range = data[14] & 0x0F;
    double t_fine = 0.0;
    const double celsius = temperature_celsius(temp_adc, calibration_, t_fine);
    if (channel_listed(channels_, "gas_resistance") && gas()) {
      if ((data[14] & kGasValid) == 0) {
        return Status::error("gas reading from " + device_.where() + " not valid");
      }
      if ((data[14] & kHeatStable) == 0) {
        return Status::error("gas heater of " + device_.where() + " did not reach " +
                             std::to_string(settings_.heater_celsius) +
                             " °C (raise heater_duration)");
      }
    }
    if (channel_listed(channels_, "temperature")) {
      out.push_back({"temperature", celsius, std::nullopt});
    }
    if (channel_listed(channels_, "pressure")) {
      out.push_back(
          {"pressure", pressure_pa(press_adc, t_fine, calibration_) / 100.0, std::nullopt});
    }
    if (channel_listed(channels_, "humidity")) {
      out.push_back({"humidity", humidity_percent(hum_adc, celsius, calibration_), std::nullopt});
    }
    if (channel_listed(channels_, "gas_resistance") && gas()) {
      out.push_back(
          {"gas_resistance", gas_resistance_ohms(gas_adc, gas_range, calibration_), std::nullopt});
    }
    // The heater's code depends on the ambient temperature: follow it.
    return configure(celsius);
  }

 private:
  bool gas() const { return settings_.heater_celsius > 0; }

  Status configure(double ambient) {
    const uint8_t writes[][2] = {
        {kCtrlHum, settings_.osrs_h},
        {kConfig, static_cast<uint8_t>(settings_.filter << 2)},
        {kResHeat0, heater_code(settings_.heater_celsius, ambient, calibration_)},
        {kGasWait0, gas_wait_code(settings_.heater_ms)},
        {kCtrlGas0, static_cast<uint8_t>(gas() ? 0x00 : 0x08)},  // heat_off when no gas
        {kCtrlGas1, static_cast<uint8_t>(gas() ? 0x10 : 0x00)},  // run_gas, heater set 0
    };
    for (const auto& write : writes) {
      if (Status status = device_.write_register(write[0], write[1]); !status) {
        return with_context("configuring", status);
      }
    }
    return Status::ok();
  }

  I2cDevice device_;
  Settings settings_;
  std::vector<std::string> channels_;
  Calibration calibration_;
};

DriverInfo bme680_info() {
  DriverInfo info;
  info.name = "bme680";
  info.summary = "Bosch BME680 temperature, humidity, pressure and gas resistance on I2C";
  info.channels = {
      {"temperature", "°C", "air temperature"},
      {"pressure", "hPa", "air pressure at the sensor"},
      {"humidity", "%RH", "relative humidity"},
      {"gas_resistance", "Ω", "resistance of the heated metal-oxide layer (VOCs lower it)"},
  };
  info.sensor_options = i2c_option_specs(kAddressLow, kAddresses);
  for (const char* name : {"osrs_t", "osrs_p", "osrs_h"}) {
    info.sensor_options.push_back({name,
                                   OptionType::integer,
                                   name[5] == 'p'   ? "4"
                                   : name[5] == 't' ? "2"
                                                    : "1",
                                   "oversampling: 1, 2, 4, 8 or 16",
                                   false,
                                   {}});
  }
  info.sensor_options.push_back({"iir_filter",
                                 OptionType::integer,
                                 "0",
                                 "IIR filter: 0, 1, 3, 7, 15, 31, 63 or 127",
                                 false,
                                 {}});
  info.sensor_options.push_back({"heater_temperature",
                                 OptionType::integer,
                                 "320",
                                 "gas heater target in °C (200 to 400; 0: no gas reading)",
                                 false,
                                 {}});
  info.sensor_options.push_back({"heater_duration",
                                 OptionType::duration,
                                 "150ms",
                                 "how long the heater heats before the gas reading (1 ms to 4 s)",
                                 false,
                                 {}});
  return info;
}

std::unique_ptr<Sensor> create_bme680(const SensorConfig& config, const DriverContext& context,
                                      std::vector<DriverProblem>& problems) {
  I2cDevice device = I2cDevice::from_options(config, context, kAddressLow, kAddresses, problems);
  Settings settings;
  auto oversampling = [&](const char* key, int64_t fallback, uint8_t& code) {
    code = oversampling_code(config.options.integer(key, fallback));
    if (code == 0) {
      problems.push_back(sensor_problem(config, key, "must be 1, 2, 4, 8 or 16"));
      code = 1;
    }
  };
  oversampling("osrs_t", 2, settings.osrs_t);
  oversampling("osrs_p", 4, settings.osrs_p);
  oversampling("osrs_h", 1, settings.osrs_h);
  const int64_t filter = config.options.integer("iir_filter", 0);
  const int64_t filters[] = {0, 1, 3, 7, 15, 31, 63, 127};
  settings.filter = 0;
  bool filter_ok = false;
  for (uint8_t code = 0; code < 8; ++code) {
    if (filters[code] == filter) {
      settings.filter = code;
      filter_ok = true;
    }
  }
  if (!filter_ok) {
    problems.push_back(
        sensor_problem(config, "iir_filter", "must be 0, 1, 3, 7, 15, 31, 63 or 127"));
  }
  const int64_t heater = config.options.integer("heater_temperature", 320);
  if (heater != 0 && (heater < 200 || heater > 400)) {
    problems.push_back(
        sensor_problem(config, "heater_temperature", "must be 200 to 400 °C, or 0 for no gas"));
  }
  settings.heater_celsius = static_cast<int>(std::clamp<int64_t>(heater, 0, 400));
  const auto duration = config.options.duration("heater_duration", std::chrono::milliseconds(150));
  if (duration.count() < 1 || duration.count() > 4032) {
    problems.push_back(sensor_problem(config, "heater_duration", "must be 1 ms to 4 s"));
  }
  settings.heater_ms = static_cast<uint16_t>(std::clamp<int64_t>(duration.count(), 1, 4032));
  std::vector<std::string> channels = listed_channels(config, bme680_info(), problems);
  return std::make_unique<Bme680Sensor>(std::move(device), settings, std::move(channels));
}

}  // namespace

Driver make_driver() {
  return Driver{bme680_info(), create_bme680};
}

}  // namespace sa::bme680
