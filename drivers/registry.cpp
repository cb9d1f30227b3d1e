#include "registry.h"

#include "builtin.h"

namespace sa {

const std::vector<Driver>& all_drivers() {
  static const std::vector<Driver> drivers = [] {
    std::vector<Driver> list;
    list.push_back(make_sim_driver());
    list.push_back(make_cpu_temp_driver());
    list.push_back(make_system_driver());
    list.push_back(make_ds18b20_driver());
    list.push_back(make_iio_driver());
    list.push_back(make_gpio_input_driver());
    list.push_back(make_gpio_counter_driver());
    list.push_back(make_bme280_driver());
    list.push_back(make_sht3x_driver());
    list.push_back(make_bh1750_driver());
    list.push_back(make_ads1115_driver());
    list.push_back(make_ads1015_driver());
    return list;
  }();
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
