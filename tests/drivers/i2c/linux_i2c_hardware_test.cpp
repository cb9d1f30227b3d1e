#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "drivers/i2c/linux_i2c.h"

namespace sa {
namespace {

// The first /dev/i2c-N of this machine, or empty.
std::string first_bus() {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/dev", error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("i2c-", 0) == 0) {
      return entry.path().string();
    }
  }
  return {};
}

TEST(LinuxI2cHardware, OpensTheBusAndSharesItBetweenSensors) {
  const std::string path = first_bus();
  if (path.empty()) {
    GTEST_SKIP() << "no /dev/i2c-* on this machine";
  }
  LinuxI2cBusProvider provider;
  Status status = Status::ok();
  auto bus = provider.open(path, status);
  if (bus == nullptr && status.reason().find("permission denied") != std::string::npos) {
    GTEST_SKIP() << status.reason();
  }
  ASSERT_NE(bus, nullptr) << status.reason();
  EXPECT_EQ(provider.open(path, status), bus);
}

TEST(LinuxI2cHardware, ReservedAddressDoesNotAnswer) {
  const std::string path = first_bus();
  if (path.empty()) {
    GTEST_SKIP() << "no /dev/i2c-* on this machine";
  }
  LinuxI2cBusProvider provider;
  Status status = Status::ok();
  auto bus = provider.open(path, status);
  if (bus == nullptr) {
    GTEST_SKIP() << status.reason();
  }
  // 0x7C-0x7F are reserved by the I2C specification: nothing may acknowledge them.
  uint8_t byte = 0;
  Status read = bus->read(0x7F, &byte, 1);
  ASSERT_FALSE(read);
  EXPECT_THAT(read.reason(), ::testing::HasSubstr("0x7f"));
}

}  // namespace
}  // namespace sa
