#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace sa {

// Where a value came from in the TOML file, for messages a person can act on.
struct SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

// How a driver describes the keys it accepts, so that the loader rejects unknown keys and wrong
// types for every driver alike, and `sensor-agent drivers` can print them.
enum class OptionType { boolean, integer, number, string, duration };

struct OptionSpec {
  std::string name;
  OptionType type = OptionType::string;
  std::string default_text;  // shown by `sensor-agent drivers`; empty when required
  std::string description;
  bool required = false;
  std::vector<std::string> choices;  // allowed strings, empty for any
};

struct ChannelSpec {
  std::string name;
  std::string unit;
  std::string description;
};

struct DriverInfo {
  std::string name;
  std::string summary;
  std::vector<ChannelSpec> channels;  // the channels the driver measures
  bool free_channels = false;         // channel names are the user's (sim, iio)
  std::vector<OptionSpec> sensor_options;
  std::vector<OptionSpec> channel_options;
};

using OptionValue = std::variant<bool, int64_t, double, std::string, std::chrono::milliseconds>;

struct Option {
  OptionValue value;
  SourceLocation where;
};

// Driver-specific options of one sensor or channel, already checked against the OptionSpecs.
// Numbers given as TOML integers are stored as double when the spec says number.
class Options {
 public:
  void set(const std::string& name, Option option) { values_[name] = std::move(option); }
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  const Option* find(const std::string& name) const;

  bool boolean(const std::string& name, bool fallback) const;
  int64_t integer(const std::string& name, int64_t fallback) const;
  double number(const std::string& name, double fallback) const;
  std::string string(const std::string& name, const std::string& fallback) const;
  std::chrono::milliseconds duration(const std::string& name,
                                     std::chrono::milliseconds fallback) const;

 private:
  std::map<std::string, Option> values_;
};

}  // namespace sa
