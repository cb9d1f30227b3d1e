#pragma once

#include <filesystem>
#include <optional>

#include "drivers/sysfs/sysfs_reader.h"

namespace sa {

// The thermal zone that measures the CPU: the first /sys/class/thermal/thermal_zone* whose type
// is cpu-thermal (Raspberry Pi), x86_pkg_temp (Intel) or soc_thermal (Rockchip and others), else
// thermal_zone0; nullopt when there is no zone at all.
std::optional<std::filesystem::path> find_cpu_thermal_zone(const sysfs::SysfsReader& reader);

}  // namespace sa
