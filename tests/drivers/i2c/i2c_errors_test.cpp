#include "drivers/i2c/i2c_errors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>

namespace sa {
namespace {

using ::testing::HasSubstr;

TEST(I2cErrors, MissingDeviceNamesAddressBusAndWhatToCheck) {
  const std::string expected =
      "no device answered at address 0x76 on /dev/i2c-1 (check wiring and address)";
  EXPECT_EQ(i2c_transfer_reason(ENXIO, "/dev/i2c-1", 0x76), expected);
  EXPECT_EQ(i2c_transfer_reason(EREMOTEIO, "/dev/i2c-1", 0x76), expected);
}

TEST(I2cErrors, BusyAndTimeoutAreNamedAndRetryable) {
  EXPECT_THAT(i2c_transfer_reason(EBUSY, "/dev/i2c-1", 0x44), HasSubstr("bus busy"));
  EXPECT_THAT(i2c_transfer_reason(EAGAIN, "/dev/i2c-1", 0x44), HasSubstr("bus busy"));
  EXPECT_THAT(i2c_transfer_reason(ETIMEDOUT, "/dev/i2c-1", 0x44), HasSubstr("bus timeout"));
  EXPECT_TRUE(i2c_error_retryable(EBUSY));
  EXPECT_TRUE(i2c_error_retryable(EAGAIN));
  EXPECT_TRUE(i2c_error_retryable(ETIMEDOUT));
}

TEST(I2cErrors, MissingDeviceIsNotRetried) {
  EXPECT_FALSE(i2c_error_retryable(ENXIO));
  EXPECT_FALSE(i2c_error_retryable(EREMOTEIO));
  EXPECT_FALSE(i2c_error_retryable(EIO));
}

TEST(I2cErrors, MissingBusTellsHowToEnableI2c) {
  EXPECT_EQ(i2c_open_reason(ENOENT, "/dev/i2c-1"),
            "no such bus: /dev/i2c-1: enable I2C with raspi-config or dtparam=i2c_arm=on");
  EXPECT_THAT(i2c_open_reason(EACCES, "/dev/i2c-1"), HasSubstr("i2c group"));
}

TEST(I2cErrors, OtherErrorsCarryTheSystemMessage) {
  EXPECT_THAT(i2c_transfer_reason(EIO, "/dev/i2c-1", 0x48),
              HasSubstr("0x48 on /dev/i2c-1 failed: Input/output error"));
}

}  // namespace
}  // namespace sa
