#pragma once

#include "driver.h"

namespace sa {

// One factory per driver, defined in the driver's folder; registry.cpp lists them.
Driver make_sim_driver();
Driver make_cpu_temp_driver();
Driver make_system_driver();

}  // namespace sa
