// Needs a real /dev/gpiochip*: requests a line through the libgpiod adapter this build uses.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace sa
