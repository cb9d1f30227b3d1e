#include "registry.h"

#include "drivers/builtin.h"

namespace sa {

// Generated from the sa_add_driver() lines of drivers/*/CMakeLists.txt, in folder order.
std::vector<Driver> builtin_drivers();

const std::vector<Driver>& all_drivers() {
  static const std::vector<Driver> drivers = builtin_drivers();
  return drivers;
}

const Driver* find_driver(std::string_view name) {
  for (const auto& driver : all_drivers()) {
    if (driver.info.name == name) {
      return &driver;
    }
  }
  return nullptr;
}

}  // namespace sa
