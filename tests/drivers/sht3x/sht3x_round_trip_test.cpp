// sht3x in the generic I2C round trip (tests/drivers/i2c/round_trip_test.cpp).
#include <memory>
#include <string>

#include "drivers/builtin.h"
#include "round_trip.h"
#include "sht3x/sht3x_emulator.h"

namespace sa::test {
namespace {

using emul::Sht3xEmulator;

const bool registered = register_round_trip({
    {"sht3x",
     sht3x::make_driver,
     0x44,
     {},
     {},
     [] { return std::make_shared<emul::Sht3xEmulator>(); },
     {{{"temperature", 23.4}, {"humidity", 51.2}},
      {{"temperature", -30.0}, {"humidity", 0.5}},
      {{"temperature", 99.0}, {"humidity", 99.5}}}},
    {"sht3x_low_repeatability_at_0x45",
     sht3x::make_driver,
     0x45,
     {{"address", int64_t{0x45}}, {"repeatability", std::string("low")}},
     {{"humidity", {}}},
     [] { return std::make_shared<emul::Sht3xEmulator>(); },
     {{{"humidity", 33.3}}}},
});

}  // namespace
}  // namespace sa::test
