#include "homeassistant/device_classes.h"

#include <array>
#include <string_view>

namespace sa {
namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

struct ByUnit {
  std::string_view unit;
  std::string_view device_class;
};

// Units that name one HA device class whatever the channel is called.
constexpr std::array<ByUnit, 14> kByUnit{{
    {"°C", "temperature"},
    {"°F", "temperature"},
    {"%RH", "humidity"},
    {"hPa", "pressure"},
    {"Pa", "pressure"},
    {"lx", "illuminance"},
    {"V", "voltage"},
    {"mV", "voltage"},
    {"A", "current"},
    {"mA", "current"},
    {"W", "power"},
    {"Wh", "energy"},
    {"kWh", "energy"},
    {"B", "data_size"},
}};

}  // namespace

HaClasses ha_classes(const std::string& channel, const std::string& unit) {
  HaClasses out;
  for (const ByUnit& entry : kByUnit) {
    if (unit == entry.unit)
      out.device_class = std::string(entry.device_class);
  }
  if (unit == "ppm" && contains(channel, "co2"))
    out.device_class = "carbon_dioxide";
  else if (unit == "µg/m³" && contains(channel, "pm2_5"))
    out.device_class = "pm25";
  else if (unit == "µg/m³" && contains(channel, "pm10"))
    out.device_class = "pm10";
  else if (unit == "µg/m³" && contains(channel, "pm1_0"))
    out.device_class = "pm1";
  else if (unit == "s" && contains(channel, "uptime"))
    out.device_class = "duration";
  // Energy only grows; everything else the agent measures is a momentary value.
  if (out.device_class == "energy")
    out.state_class = "total_increasing";
  else if (!unit.empty() || !out.device_class.empty())
    out.state_class = "measurement";
  return out;
}

std::string ha_unit(const std::string& unit) {
  if (unit == "%RH")
    return "%";
  if (unit == "\u00b5g/m\u00b3")
    return "\u03bcg/m\u00b3";
  return unit;
}

}  // namespace sa
