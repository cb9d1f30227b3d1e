#pragma once

#include "driver.h"

namespace sa {

// One factory per driver, defined in the driver's folder; registry.cpp lists them.
Driver make_sim_driver();
Driver make_cpu_temp_driver();
Driver make_system_driver();
Driver make_ds18b20_driver();
Driver make_iio_driver();
Driver make_gpio_input_driver();
Driver make_gpio_counter_driver();
Driver make_bme280_driver();
Driver make_sht3x_driver();
Driver make_bh1750_driver();
Driver make_ads1115_driver();
Driver make_ads1015_driver();

}  // namespace sa
