// bme280 in the generic I2C round trip (tests/drivers/i2c/round_trip_test.cpp).
#include <memory>
#include <string>

#include "bme280/bme280_emulator.h"
#include "drivers/builtin.h"
#include "round_trip.h"

namespace sa::test {
namespace {

using emul::Bme280Emulator;

const bool registered = register_round_trip({
    {"bme280",
     bme280::make_driver,
     0x76,
     {},
     {},
     [] { return std::make_shared<emul::Bme280Emulator>(); },
     {{{"temperature", 21.37}, {"pressure", 1013.25}, {"humidity", 45.5}},
      {{"temperature", -12.5}, {"pressure", 850.0}, {"humidity", 92.0}},
      {{"temperature", 58.0}, {"pressure", 1099.0}, {"humidity", 3.25}}}},
    {"bme280_oversampled_at_0x77",
     bme280::make_driver,
     0x77,
     {{"address", int64_t{0x77}},
      {"osrs_t", int64_t{2}},
      {"osrs_p", int64_t{16}},
      {"osrs_h", int64_t{4}},
      {"iir_filter", int64_t{4}}},
     {{"temperature", {}}, {"pressure", {}}, {"humidity", {}}},
     [] { return std::make_shared<emul::Bme280Emulator>(); },
     {{{"temperature", 30.0}, {"pressure", 990.5}, {"humidity", 60.0}}}},
    {"bmp280",
     bme280::make_driver,
     0x76,
     {},
     {},
     [] { return std::make_shared<emul::Bme280Emulator>(0x58); },
     {{{"temperature", 19.5}, {"pressure", 1020.0}}}},
});

}  // namespace
}  // namespace sa::test
