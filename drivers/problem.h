#pragma once

#include <sstream>
#include <string>
#include <utility>

#include "driver.h"

namespace sa {

// Builds DriverProblems whose key path and location point at the option a person has to change.
inline DriverProblem sensor_problem(const SensorConfig& sensor, const std::string& option,
                                    std::string message) {
  const Option* found = sensor.options.find(option);
  return DriverProblem{"sensor." + sensor.name + "." + option,
                       found != nullptr ? found->where : sensor.where, std::move(message)};
}

inline DriverProblem channel_problem(const SensorConfig& sensor, const ChannelConfig& channel,
                                     const std::string& option, std::string message) {
  const Option* found = channel.options.find(option);
  return DriverProblem{"sensor." + sensor.name + ".channels." + channel.name + "." + option,
                       found != nullptr ? found->where : channel.where, std::move(message)};
}

// Numbers in messages as a person writes them: "20", "0.5".
inline std::string format_number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

}  // namespace sa
