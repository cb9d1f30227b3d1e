// TOML text -> a config or a list of problems, never a crash or a hang; a config that loads must
// come with no error among its problems.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/loader.h"
#include "drivers/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& driver : sa::all_drivers()) {
      out.push_back(driver.info.name);
    }
    return out;
  }();
  sa::LoadEnvironment env;
  env.hostname = "fuzz-host";
  env.lookup = [](const std::string& name) -> std::optional<std::string> {
    if (name == "HOME") {
      return std::string("/home/pi");
    }
    return std::nullopt;
  };
  const sa::DriverLookup drivers = [](std::string_view name) -> const sa::DriverInfo* {
    const sa::Driver* driver = sa::find_driver(name);
    return driver == nullptr ? nullptr : &driver->info;
  };
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sa::LoadResult result = sa::load_config_text(text, "fuzz.toml", drivers, env, names);
  if (result.ok()) {
    for (const auto& problem : result.problems) {
      if (!problem.warning) {
        std::abort();  // an error, yet a config
      }
    }
  } else if (result.problems.empty()) {
    std::abort();  // refused without saying why
  }
  for (const auto& problem : result.problems) {
    (void)problem.format();
  }
  return 0;
}
