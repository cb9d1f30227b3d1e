#pragma once

#include <string>

namespace sa::collector::cli {

inline constexpr const char* kDefaultConfigPath = "/etc/sensor-collector/collector.toml";
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitConfig = 78;  // EX_CONFIG

int run_check(const std::string& config_path);
int run_collector(const std::string& config_path);
int run_report(const std::string& config_path, bool json);

}  // namespace sa::collector::cli
