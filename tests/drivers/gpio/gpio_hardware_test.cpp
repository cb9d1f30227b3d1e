// Needs a real /dev/gpiochip*: requests a line through the libgpiod adapter this build uses.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "drivers/gpio/gpio_line.h"

namespace sa {
namespace {

TEST(GpioHardware, RequestsALineOnTheFirstChip) {
  if (!std::filesystem::exists("/dev/gpiochip0")) {
    GTEST_SKIP() << "no /dev/gpiochip0 on this machine";
  }
  auto provider = make_gpiod_provider();
  Status status = Status::ok();
  GpioLineRequest request;
  request.chip = "gpiochip0";
  request.line = "0";
  auto line = provider->request_input(request, status);
  if (!line) {
    GTEST_SKIP() << status.reason();
  }
  int level = -1;
  EXPECT_TRUE(line->read_value(level));
  EXPECT_TRUE(level == 0 || level == 1);
  EXPECT_GE(line->fd(), 0);
}

// Driving a line can switch whatever is wired to it, so only a line named for the purpose is used:
// SA_GPIO_TEST_OUTPUT_LINE=GPIO23 (optionally SA_GPIO_TEST_OUTPUT_CHIP=gpiochip0).
TEST(GpioHardware, DrivesAnOutputLineHighAndLow) {
  const char* line_name = std::getenv("SA_GPIO_TEST_OUTPUT_LINE");
  if (line_name == nullptr) {
    GTEST_SKIP() << "set SA_GPIO_TEST_OUTPUT_LINE to a line that is safe to drive";
  }
  const char* chip = std::getenv("SA_GPIO_TEST_OUTPUT_CHIP");
  auto provider = make_gpiod_provider();
  Status status = Status::ok();
  GpioLineRequest request;
  request.chip = chip != nullptr ? chip : "";
  request.line = line_name;
  auto line = provider->request_output(request, 0, status);
  ASSERT_TRUE(line) << status.reason();
  int level = -1;
  ASSERT_TRUE(line->read_value(level));
  EXPECT_EQ(level, 0);
  ASSERT_TRUE(line->set_value(1));
  ASSERT_TRUE(line->read_value(level));
  EXPECT_EQ(level, 1);
  ASSERT_TRUE(line->set_value(0));
  ASSERT_TRUE(line->read_value(level));
  EXPECT_EQ(level, 0);
}

}  // namespace
}  // namespace sa
