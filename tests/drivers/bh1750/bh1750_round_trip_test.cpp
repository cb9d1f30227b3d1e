// bh1750 in the generic I2C round trip (tests/drivers/i2c/round_trip_test.cpp).
#include <memory>
#include <string>

#include "bh1750/bh1750_emulator.h"
#include "drivers/builtin.h"
#include "round_trip.h"

namespace sa::test {
namespace {

using emul::Bh1750Emulator;

const bool registered = register_round_trip({
    {"bh1750",
     bh1750::make_driver,
     0x23,
     {},
     {},
     [] { return std::make_shared<emul::Bh1750Emulator>(); },
     {{{"illuminance", 321.7}}, {{"illuminance", 28067.0}}}},
    {"bh1750_high2_at_0x5c",
     bh1750::make_driver,
     0x5C,
     {{"address", int64_t{0x5C}}, {"mode", std::string("high2")}},
     {},
     [] { return std::make_shared<emul::Bh1750Emulator>(); },
     {{{"illuminance", 12.3}}}},
    {"bh1750_low",
     bh1750::make_driver,
     0x23,
     {{"mode", std::string("low")}},
     {},
     [] { return std::make_shared<emul::Bh1750Emulator>(); },
     {{{"illuminance", 800.0}}}},
});

}  // namespace
}  // namespace sa::test
