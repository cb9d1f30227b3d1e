#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace sa::iio {

// Where one configured channel's value comes from in an IIO device directory.
struct ChannelSource {
  std::string channel;           // the name in the config
  std::string attribute;         // in_temp_input, in_voltage0_raw, ...
  bool raw = false;              // value = (raw + offset) * scale
  std::string scale_attribute;   // empty: scale 1
  std::string offset_attribute;  // empty: offset 0
  double unit_factor = 1.0;      // IIO ABI unit to the agent's unit
};

// The attribute stem a channel name stands for: "temperature" -> "in_temp", "humidity" ->
// "in_humidityrelative", "pressure" -> "in_pressure", "illuminance" -> "in_illuminance"; any
// other name is taken as the stem itself ("in_voltage0").
std::string default_stem(const std::string& channel);

// The channel type of an attribute stem: "in_voltage0" -> "voltage", "in_temp_ambient" -> "temp".
std::string channel_type(const std::string& stem);

// Multiplier from the IIO ABI unit of a channel type to the unit the agent publishes:
// temp milli-°C -> °C, humidityrelative milli-%RH -> %RH, pressure kPa -> hPa, voltage mV -> V.
// Other types keep their IIO unit.
double unit_factor(const std::string& type);

// Works out which attributes to read for a channel. `attribute` is the configured one (empty:
// derive from the channel name); `exists` says whether the device has an attribute. nullopt when
// the device has none of the candidates.
std::optional<ChannelSource> plan_channel(const std::string& channel, const std::string& attribute,
                                          const std::function<bool(const std::string&)>& exists);

// (raw + offset) * scale, as the IIO ABI defines it, then into the agent's unit.
// Milli-units are divided rather than multiplied by 1e-3 (not exact in binary), so that 48300
// m%RH becomes 48.3 and not 48.300000000000004.
inline double to_agent_unit(double value, double factor) {
  return factor < 1.0 ? value / (1.0 / factor) : value * factor;
}

inline double scaled_value(double raw, double offset, double scale, double factor) {
  return to_agent_unit((raw + offset) * scale, factor);
}

}  // namespace sa::iio
