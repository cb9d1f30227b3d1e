// SerialPort on the slave side of a real pseudo-terminal: raw mode, timeouts, resynchronising on
// a frame header after garbage, and what a missing port means.
#include "drivers/uart/serial_port.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "uart/pty_emulator.h"

namespace sa::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using ::testing::HasSubstr;

// Answers nothing: the test injects what the driver side should see.
class QuietDevice final : public emul::PtyEmulator {
 public:
  QuietDevice() { start(); }
  ~QuietDevice() override { stop(); }
  void set_physical(const std::string&, double) override {}
  double tolerance(const std::string&) const override { return 0.0; }

 protected:
  std::vector<uint8_t> on_receive(std::vector<uint8_t>& pending) override {
    pending.clear();
    return {};
  }
};

TEST(SerialPort, BytesPassUntranslatedInRawMode) {
  QuietDevice device;
  SerialPort port;
  ASSERT_TRUE(port.open(device.slave_path(), SerialSettings{}));
  // CR, LF, ^C, ^D and 0xFF: a cooked tty would translate or act on them.
  const std::vector<uint8_t> bytes = {0x0D, 0x0A, 0x03, 0x04, 0xFF, 0x00, 0x7F};
  device.inject(bytes);
  std::vector<uint8_t> got(bytes.size());
  ASSERT_TRUE(port.read_exact(got.data(), got.size(), steady_clock::now() + milliseconds(500)));
  EXPECT_EQ(got, bytes);
  const uint8_t out[3] = {0x0A, 0x0D, 0x11};
  ASSERT_TRUE(port.write_all(out, sizeof out));
  for (int i = 0; i < 100 && device.received().size() < 3; ++i) {
    std::this_thread::sleep_for(milliseconds(2));
  }
  EXPECT_EQ(device.received(), std::vector<uint8_t>(out, out + 3));
}

TEST(SerialPort, ReadThatGetsNothingTimesOutAtItsDeadline) {
  QuietDevice device;
  SerialPort port;
  ASSERT_TRUE(port.open(device.slave_path(), SerialSettings{}));
  uint8_t byte = 0;
  const auto start = steady_clock::now();
  Status status = port.read_exact(&byte, 1, start + milliseconds(100));
  const auto waited = steady_clock::now() - start;
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("timeout"));
  EXPECT_GE(waited, milliseconds(100));
  EXPECT_LT(waited, milliseconds(1000));
}

TEST(SerialPort, FrameIsFoundAfterGarbageAndAFalseStart) {
  QuietDevice device;
  SerialPort port;
  ASSERT_TRUE(port.open(device.slave_path(), SerialSettings{}));
  device.inject({0x00, 0x42, 0x13, 0x42, 0x42, 0x4D, 0x01, 0x02});
  std::vector<uint8_t> frame;
  ASSERT_TRUE(port.read_frame({0x42, 0x4D}, 4, steady_clock::now() + milliseconds(500), frame));
  EXPECT_EQ(frame, (std::vector<uint8_t>{0x42, 0x4D, 0x01, 0x02}));
}

TEST(SerialPort, MissingPortSaysHowToEnableTheUart) {
  SerialPort port;
  Status status = port.open("/dev/ttyAMA9-missing", SerialSettings{});
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("no such serial port"));
  EXPECT_THAT(status.reason(), HasSubstr("enable_uart=1"));
}

TEST(SerialPort, AFileThatIsNoTtyIsRejected) {
  SerialPort port;
  Status status = port.open("/dev/null", SerialSettings{});
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("not a serial port"));
}

}  // namespace
}  // namespace sa::test
