// The real spidev provider on this machine, which has no SPI: what a missing device, or a path
// that is no SPI device, tells the person setting the Pi up.
#include "drivers/spi/linux_spi.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sa {
namespace {

using ::testing::HasSubstr;

TEST(LinuxSpi, MissingDeviceSaysHowToEnableSpi) {
  LinuxSpiBusProvider provider;
  Status status = Status::ok();
  EXPECT_EQ(provider.open("/dev/spidev9.9", status), nullptr);
  EXPECT_THAT(status.reason(), HasSubstr("no such SPI device: /dev/spidev9.9"));
  EXPECT_THAT(status.reason(), HasSubstr("dtparam=spi=on"));
}

TEST(LinuxSpi, AFileThatIsNoSpiDeviceIsRejected) {
  LinuxSpiBusProvider provider;
  Status status = Status::ok();
  EXPECT_EQ(provider.open("/dev/null", status), nullptr);
  EXPECT_THAT(status.reason(), HasSubstr("/dev/null is not an SPI device"));
}

}  // namespace
}  // namespace sa
