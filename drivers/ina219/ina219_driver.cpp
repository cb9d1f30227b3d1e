#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/i2c/i2c_device.h"
#include "drivers/ina219/ina219_math.h"
#include "drivers/problem.h"

namespace sa::ina219 {

namespace {

// One 12-bit bus and one 12-bit shunt conversion take 532 µs each (table 5).
constexpr auto kConversionTime = std::chrono::microseconds(1100);

std::vector<uint16_t> addresses() {
  std::vector<uint16_t> list;
  for (uint16_t address = kAddressFirst; address <= kAddressLast; ++address) {
    list.push_back(address);
  }
  return list;
}

// INA219 in continuous shunt and bus mode with its calibration register programmed from the
// shunt and the maximum current, so the chip computes current and power itself. A math overflow
// (a current beyond max_current) and a conversion that is never ready are read errors.
class Ina219Sensor final : public Sensor {
 public:
  Ina219Sensor(I2cDevice device, Calibration calibration, uint16_t configuration,
               std::vector<std::string> channels)
      : device_(std::move(device)),
        calibration_(calibration),
        configuration_(configuration),
        channels_(std::move(channels)) {}

  Status setup() override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    if (Status status = device_.write_register16(kConfiguration, kReset); !status) {
      return with_context("reset", status);
    }
    if (Status status = device_.write_register16(kConfiguration, configuration_); !status) {
      return with_context("writing configuration", status);
    }
    if (Status status = device_.write_register16(kCalibration, calibration_.register_value);
        !status) {
      return with_context("writing calibration", status);
    }
    uint16_t readback = 0;
    if (Status status = device_.read_register16(kCalibration, readback); !status) {
      return with_context("reading calibration", status);
    }
    if (readback != calibration_.register_value) {
      char text[96];
      std::snprintf(text, sizeof text, "calibration register reads 0x%04x after writing 0x%04x",
                    static_cast<unsigned>(readback),
                    static_cast<unsigned>(calibration_.register_value));
      return Status::error(std::string(text) + " at " + device_.where() + "; is this an INA219?");
    }
    std::this_thread::sleep_for(kConversionTime);
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    uint16_t bus = 0;
    for (int attempt = 0;; ++attempt) {
      if (Status status = device_.read_register16(kBusVoltage, bus); !status) {
        return with_context("reading bus voltage", status);
      }
      if ((bus & kConversionReady) != 0) {
        break;
      }
      if (attempt == 2) {
        return Status::error("conversion not ready at " + device_.where() +
                             " (conversion-ready bit never set)");
      }
      std::this_thread::sleep_for(kConversionTime);
    }
    if ((bus & kOverflow) != 0) {
      return Status::error("math overflow at " + device_.where() +
                           ": current or power beyond the calibrated range (raise max_current)");
    }
    uint16_t shunt = 0;
    uint16_t current_reg = 0;
    uint16_t power_reg = 0;
    if (Status status = device_.read_register16(kShuntVoltage, shunt); !status) {
      return with_context("reading shunt voltage", status);
    }
    if (Status status = device_.read_register16(kCurrent, current_reg); !status) {
      return with_context("reading current", status);
    }
    // Reading the power register clears the conversion-ready bit for the next read.
    if (Status status = device_.read_register16(kPower, power_reg); !status) {
      return with_context("reading power", status);
    }
    if (channel_listed(channels_, "bus_voltage")) {
      out.push_back({"bus_voltage", bus_voltage(bus), std::nullopt});
    }
    if (channel_listed(channels_, "shunt_voltage")) {
      out.push_back({"shunt_voltage", shunt_voltage(shunt), std::nullopt});
    }
    if (channel_listed(channels_, "current")) {
      out.push_back({"current", current(current_reg, calibration_), std::nullopt});
    }
    if (channel_listed(channels_, "power")) {
      out.push_back({"power", power(power_reg, calibration_), std::nullopt});
    }
    return Status::ok();
  }

 private:
  I2cDevice device_;
  Calibration calibration_;
  uint16_t configuration_;
  std::vector<std::string> channels_;
};

DriverInfo ina219_info() {
  DriverInfo info;
  info.name = "ina219";
  info.summary = "TI INA219 current, voltage and power monitor on I2C, with a shunt resistor";
  info.channels = {
      {"bus_voltage", "V", "voltage of the load side (IN- to GND)"},
      {"shunt_voltage", "V", "voltage across the shunt"},
      {"current", "A", "current through the shunt"},
      {"power", "W", "bus voltage times current, computed by the chip"},
  };
  info.sensor_options = i2c_option_specs(kAddressFirst, addresses());
  info.sensor_options.push_back({"shunt_ohms",
                                 OptionType::number,
                                 "0.1",
                                 "shunt resistance in ohms (0.1 on most breakouts)",
                                 false,
                                 {}});
  info.sensor_options.push_back({"max_current",
                                 OptionType::number,
                                 "3.2",
                                 "largest expected current in A: sets resolution and range",
                                 false,
                                 {}});
  info.sensor_options.push_back(
      {"bus_range", OptionType::integer, "32", "bus voltage range: 16 or 32 V", false, {}});
  return info;
}

std::unique_ptr<Sensor> create_ina219(const SensorConfig& config, const DriverContext& context,
                                      std::vector<DriverProblem>& problems) {
  I2cDevice device = I2cDevice::from_options(config, context, kAddressFirst, addresses(), problems);
  const double shunt_ohms = config.options.number("shunt_ohms", 0.1);
  const double max_current = config.options.number("max_current", 3.2);
  const int64_t bus_range = config.options.integer("bus_range", 32);
  if (bus_range != 16 && bus_range != 32) {
    problems.push_back(sensor_problem(config, "bus_range", "must be 16 or 32 (V)"));
  }
  std::optional<Calibration> calibration = calibrate(shunt_ohms, max_current);
  std::optional<uint16_t> pga = shunt_range(shunt_ohms, max_current);
  if (!(shunt_ohms > 0.0)) {
    problems.push_back(sensor_problem(config, "shunt_ohms", "must be above 0"));
  } else if (!(max_current > 0.0)) {
    problems.push_back(sensor_problem(config, "max_current", "must be above 0"));
  } else if (!pga) {
    problems.push_back(sensor_problem(config, "max_current",
                                      "max_current × shunt_ohms is " +
                                          format_number(max_current * shunt_ohms * 1000.0) +
                                          " mV, beyond the INA219's 320 mV shunt range"));
  } else if (!calibration) {
    problems.push_back(sensor_problem(
        config, "max_current",
        "the calibration register cannot hold 0.04096 / (max_current / 32768 × shunt_ohms)"));
  }
  std::vector<std::string> channels = listed_channels(config, ina219_info(), problems);
  return std::make_unique<Ina219Sensor>(std::move(device), calibration.value_or(Calibration{}),
                                        configuration(bus_range != 16, pga.value_or(3)),
                                        std::move(channels));
}

}  // namespace

Driver make_driver() {
  return Driver{ina219_info(), create_ina219};
}

}  // namespace sa::ina219
