#include "drivers/i2c/shared_i2c_bus.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <thread>
#include <vector>

#include "driver_harness.h"
#include "emul/emulated_i2c.h"
#include "sht3x/sht3x_emulator.h"

namespace sa {
namespace {

using ::testing::HasSubstr;

struct BusFixture : ::testing::Test {
  emul::EmulatedI2cBuses buses{test::test_retry_policy()};
  emul::EmulatedI2cAdapter& adapter = buses.bus("/dev/i2c-1");
  std::shared_ptr<I2cBus> bus;

  void SetUp() override {
    Status status = Status::ok();
    bus = buses.open("/dev/i2c-1", status);
    ASSERT_TRUE(status) << status.reason();
    adapter.attach(0x44, std::make_shared<emul::Sht3xEmulator>());
  }
};

TEST_F(BusFixture, BusyBusIsRetriedAndTheTransferSucceeds) {
  adapter.set_fault(EBUSY, 2);
  const uint8_t reset[2] = {0x30, 0xA2};
  Status status = bus->write(0x44, reset, 2);
  EXPECT_TRUE(status) << status.reason();
  EXPECT_EQ(adapter.attempts(), 3);
}

TEST_F(BusFixture, BusStayingBusyIsReportedAfterEveryAttempt) {
  adapter.set_fault(EBUSY, -1);
  const uint8_t reset[2] = {0x30, 0xA2};
  Status status = bus->write(0x44, reset, 2);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("bus busy"));
  EXPECT_THAT(status.reason(), HasSubstr("after 4 attempts"));
  EXPECT_EQ(adapter.attempts(), 4);
}

TEST_F(BusFixture, TimeoutIsRetriedThenReported) {
  adapter.set_fault(ETIMEDOUT, -1);
  uint8_t byte = 0;
  Status status = bus->read(0x44, &byte, 1);
  EXPECT_THAT(status.reason(), HasSubstr("bus timeout"));
  EXPECT_EQ(adapter.attempts(), 4);
}

TEST_F(BusFixture, MissingDeviceIsReportedWithoutRetrying) {
  uint8_t byte = 0;
  Status status = bus->read(0x76, &byte, 1);
  EXPECT_EQ(status.reason(),
            "no device answered at address 0x76 on /dev/i2c-1 (check wiring and address)");
  EXPECT_EQ(adapter.attempts(), 1);
}

TEST_F(BusFixture, TenBitAddressesAreRejected) {
  uint8_t byte = 0;
  Status status = bus->read(0x1F0, &byte, 1);
  EXPECT_THAT(status.reason(), HasSubstr("not a 7-bit I2C address"));
  EXPECT_EQ(adapter.attempts(), 0);
}

TEST(EmulatedI2cBuses, UnknownBusFailsLikeAMissingDevice) {
  emul::EmulatedI2cBuses buses;
  Status status = Status::ok();
  EXPECT_EQ(buses.open("/dev/i2c-7", status), nullptr);
  EXPECT_THAT(status.reason(), HasSubstr("no such bus: /dev/i2c-7"));
}

// Records whether two transactions ever overlap.
class OverlapDetector final : public I2cAdapter {
 public:
  int transfer_once(uint16_t, const uint8_t*, size_t, uint8_t*, size_t) override {
    if (inside_.exchange(true)) {
      overlapped_ = true;
    }
    std::this_thread::yield();
    inside_ = false;
    return 0;
  }
  std::atomic<bool> inside_{false};
  std::atomic<bool> overlapped_{false};
};

TEST(SharedI2cBus, TransactionsOfSensorsOnOneBusNeverOverlap) {
  auto detector = std::make_unique<OverlapDetector>();
  OverlapDetector* probe = detector.get();
  SharedI2cBus bus("/dev/i2c-1", std::move(detector));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&bus] {
      uint8_t byte = 0;
      for (int i = 0; i < 2000; ++i) {
        (void)bus.read(0x44, &byte, 1);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_FALSE(probe->overlapped_);
}

}  // namespace
}  // namespace sa
