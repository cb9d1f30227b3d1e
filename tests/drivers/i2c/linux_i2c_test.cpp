#include "drivers/i2c/linux_i2c.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace sa {
namespace {

using ::testing::HasSubstr;

TEST(LinuxI2cBusProvider, MissingBusTellsHowToEnableI2c) {
  LinuxI2cBusProvider provider;
  Status status = Status::ok();
  EXPECT_EQ(provider.open("/dev/i2c-does-not-exist", status), nullptr);
  EXPECT_EQ(status.reason(),
            "no such bus: /dev/i2c-does-not-exist: enable I2C with raspi-config or "
            "dtparam=i2c_arm=on");
}

TEST(LinuxI2cBusProvider, NonI2cDeviceIsRefused) {
  LinuxI2cBusProvider provider;
  Status status = Status::ok();
  EXPECT_EQ(provider.open("/dev/null", status), nullptr);
  EXPECT_EQ(status.reason(), "/dev/null is not an I2C bus device");
}

}  // namespace
}  // namespace sa
