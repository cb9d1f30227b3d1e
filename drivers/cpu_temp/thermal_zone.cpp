#include "drivers/cpu_temp/thermal_zone.h"

#include <array>
#include <string_view>

namespace sa {

namespace {
constexpr std::array<std::string_view, 3> kCpuZoneTypes = {"cpu-thermal", "x86_pkg_temp",
                                                           "soc_thermal"};
}  // namespace

std::optional<std::filesystem::path> find_cpu_thermal_zone(const sysfs::SysfsReader& reader) {
  const auto zones = reader.glob("/sys/class/thermal/thermal_zone*");
  for (const auto& zone : zones) {
    const auto type = reader.read_text(zone / "type");
    if (!type.ok()) {
      continue;
    }
    const std::string_view name = sysfs::trim(type.value);
    for (std::string_view wanted : kCpuZoneTypes) {
      if (name == wanted) {
        return zone;
      }
    }
  }
  const std::filesystem::path zone0 = "/sys/class/thermal/thermal_zone0";
  if (reader.exists(zone0)) {
    return zone0;
  }
  return std::nullopt;
}

}  // namespace sa
