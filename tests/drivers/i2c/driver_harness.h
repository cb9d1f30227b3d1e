#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "drivers/driver.h"
#include "emul/emulated_i2c.h"
#include "spi/emul/emulated_spi.h"

namespace sa::test {

struct ChannelSetup {
  std::string name;
  std::map<std::string, OptionValue> options;
};

inline SensorConfig sensor_config(const std::string& driver,
                                  const std::map<std::string, OptionValue>& options,
                                  const std::vector<ChannelSetup>& channels = {}) {
  SensorConfig config;
  config.name = "s1";
  config.driver = driver;
  for (const auto& [key, value] : options) {
    config.options.set(key, Option{value, {}});
  }
  for (const ChannelSetup& setup : channels) {
    ChannelConfig channel;
    channel.name = setup.name;
    for (const auto& [key, value] : setup.options) {
      channel.options.set(key, Option{value, {}});
    }
    config.channels.push_back(std::move(channel));
  }
  return config;
}

// Fast retries, so the bus-busy cases do not slow the suite.
inline I2cRetryPolicy test_retry_policy() {
  return I2cRetryPolicy{4, std::chrono::milliseconds(1)};
}

// A sensor built through its driver's factory, on emulated buses.
struct Harness {
  emul::EmulatedI2cBuses buses{test_retry_policy()};
  emul::EmulatedSpiBuses spi;
  DriverContext context;
  std::vector<DriverProblem> problems;
  std::unique_ptr<Sensor> sensor;

  Harness() {
    context.i2c = &buses;
    context.spi = &spi;
  }

  void create(const Driver& driver, const SensorConfig& config) {
    sensor = driver.create(config, context, problems);
  }

  // Reads once; the value of each channel by name.
  Status read(std::map<std::string, double>& values) {
    std::vector<ChannelSample> samples;
    Status status = sensor->read(samples);
    for (const ChannelSample& sample : samples) {
      values[sample.channel] = sample.value;
    }
    return status;
  }
};

}  // namespace sa::test
