#pragma once

#include <sstream>
#include <string>
#include <utility>
#include <vector>

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

// The channels a sensor lists, each checked against the driver's (a name it does not measure is
// a problem on that channel's key). Empty when none are listed: then every channel is read.
inline std::vector<std::string> listed_channels(const SensorConfig& sensor, const DriverInfo& info,
                                                std::vector<DriverProblem>& problems) {
  std::vector<std::string> names;
  for (const ChannelConfig& channel : sensor.channels) {
    bool known = false;
    std::string choices;
    for (const ChannelSpec& spec : info.channels) {
      known = known || spec.name == channel.name;
      choices += (choices.empty() ? "" : ", ") + spec.name;
    }
    if (!known) {
      problems.push_back({"sensor." + sensor.name + ".channels." + channel.name, channel.where,
                          info.name + " measures " + choices + " only"});
    }
    names.push_back(channel.name);
  }
  return names;
}

// Whether `channel` is among `listed` (an empty list means every channel).
inline bool channel_listed(const std::vector<std::string>& listed, const std::string& channel) {
  if (listed.empty()) {
    return true;
  }
  for (const std::string& name : listed) {
    if (name == channel) {
      return true;
    }
  }
  return false;
}

// Numbers in messages as a person writes them: "20", "0.5".
inline std::string format_number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

}  // namespace sa
