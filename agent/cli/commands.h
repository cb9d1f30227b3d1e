#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/loader.h"

namespace sa::cli {

// sysexits.h values that are part of the command line's contract.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUnavailable = 69;  // EX_UNAVAILABLE: broker unreachable or refusing
inline constexpr int kExitConfig = 78;       // EX_CONFIG: the configuration is invalid

inline constexpr const char* kDefaultConfigPath = "/etc/sensor-agent/agent.toml";

int run_daemon(const std::string& config_path);
int run_check(const std::string& config_path);
int run_read(const std::string& config_path, const std::optional<std::string>& sensor);
int run_probe(const std::string& config_path);
int run_drivers(bool json);

// "sensor-agent X.Y.Z" and the library versions.
std::string version_text();

// Every problem on stderr, one per line: FILE:LINE:COL: key.path: message.
void print_problems(const std::vector<ConfigProblem>& problems);

}  // namespace sa::cli
