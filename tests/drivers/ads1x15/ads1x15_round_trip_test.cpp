// ads1x15 in the generic I2C round trip (tests/drivers/i2c/round_trip_test.cpp).
#include <memory>
#include <string>

#include "ads1x15/ads1x15_emulator.h"
#include "drivers/builtin.h"
#include "round_trip.h"

namespace sa::test {
namespace {

using emul::Ads1x15Emulator;

const bool registered = register_round_trip({
    {"ads1115",
     ads1x15::make_ads1115_driver,
     0x48,
     {{"data_rate", int64_t{860}}},
     {{"in0", {}}, {"in1", {{"gain", 0.256}}}, {"diff_2_3", {{"gain", 4.096}}}},
     [] { return std::make_shared<Ads1x15Emulator>(ads1x15::Chip::ads1115); },
     {{{"in0", 1.2345}, {"in1", 0.1}, {"diff_2_3", -2.5}},
      {{"in0", -0.5}, {"in1", 0.2559}, {"diff_2_3", 3.3}}}},
    {"ads1015_at_0x4b",
     ads1x15::make_ads1015_driver,
     0x4B,
     {{"address", int64_t{0x4B}}},
     {{"in3", {{"gain", 6.144}}}, {"diff_0_1", {{"gain", 1.024}}}},
     [] { return std::make_shared<Ads1x15Emulator>(ads1x15::Chip::ads1015); },
     {{{"in3", 5.0}, {"diff_0_1", 0.7}}}},
});

}  // namespace
}  // namespace sa::test
