#pragma once

#include <memory>
#include <string>
#include <vector>

#include "drivers/driver.h"

namespace sa::test {

// Config for one sensor named "s", built in code as the loader would.
class SensorBuilder {
 public:
  explicit SensorBuilder(std::string driver, std::string name = "s") {
    config_.name = std::move(name);
    config_.driver = std::move(driver);
  }

  SensorBuilder& option(const std::string& key, OptionValue value) {
    config_.options.set(key, Option{std::move(value), {}});
    return *this;
  }
  SensorBuilder& channel(const std::string& name) {
    ChannelConfig channel;
    channel.name = name;
    config_.channels.push_back(std::move(channel));
    return *this;
  }
  // An option of the channel added last.
  SensorBuilder& channel_option(const std::string& key, OptionValue value) {
    config_.channels.back().options.set(key, Option{std::move(value), {}});
    return *this;
  }
  const SensorConfig& config() const { return config_; }

 private:
  SensorConfig config_;
};

struct Created {
  std::unique_ptr<Sensor> sensor;
  std::vector<DriverProblem> problems;
};

inline Created create_sensor(const Driver& driver, const SensorConfig& config,
                             const DriverContext& context = {}) {
  Created created;
  created.sensor = driver.create(config, context, created.problems);
  return created;
}

// One read; the samples, or the failure reason in `reason`.
struct ReadOutcome {
  bool ok = false;
  std::string reason;
  std::vector<ChannelSample> samples;

  double value(const std::string& channel) const {
    for (const auto& sample : samples) {
      if (sample.channel == channel) {
        return sample.value;
      }
    }
    return -1e300;
  }
  bool has(const std::string& channel) const {
    for (const auto& sample : samples) {
      if (sample.channel == channel) {
        return true;
      }
    }
    return false;
  }
};

inline ReadOutcome read_once(Sensor& sensor) {
  ReadOutcome outcome;
  const Status status = sensor.read(outcome.samples);
  outcome.ok = status.is_ok();
  outcome.reason = status.reason();
  return outcome;
}

}  // namespace sa::test
