#include "publish/wakeup.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

namespace sa {
namespace {

using std::chrono::milliseconds;

TEST(Wakeup, NotifyFromAnotherThreadEndsTheSleepBeforeTheDeadline) {
  Wakeup wakeup;
  wakeup.arm();
  std::thread notifier([&] {
    std::this_thread::sleep_for(milliseconds(20));
    wakeup.notify();
  });
  const SteadyTime start = SteadyClock::now();
  wakeup.sleep_until(start + std::chrono::seconds(30), -1, false);
  notifier.join();
  EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(10));
}

TEST(Wakeup, NotifyBeforeArmDoesNotCutTheNextSleepShort) {
  Wakeup wakeup;
  wakeup.notify();  // nobody sleeping: nothing written
  wakeup.arm();
  const SteadyTime start = SteadyClock::now();
  wakeup.sleep_until(start + milliseconds(50), -1, false);
  EXPECT_GE(SteadyClock::now() - start, milliseconds(45));
}

TEST(Wakeup, ANotifyThatRacedThePollIsConsumedOnce) {
  Wakeup wakeup;
  wakeup.arm();
  wakeup.notify();  // between arm() and the poll: the sleep returns at once
  const SteadyTime start = SteadyClock::now();
  wakeup.sleep_until(start + std::chrono::seconds(30), -1, false);
  EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(10));
  wakeup.arm();
  const SteadyTime again = SteadyClock::now();
  wakeup.sleep_until(again + milliseconds(50), -1, false);
  EXPECT_GE(SteadyClock::now() - again, milliseconds(45));
}

TEST(Wakeup, ReportsAReadyDescriptor) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  Wakeup wakeup;
  wakeup.arm();
  Wakeup::Ready ready = wakeup.sleep_until(SteadyClock::now() + milliseconds(10), fds[0], true);
  EXPECT_FALSE(ready.readable);
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  wakeup.arm();
  ready = wakeup.sleep_until(SteadyClock::now() + std::chrono::seconds(30), fds[0], false);
  EXPECT_TRUE(ready.readable);
  EXPECT_FALSE(ready.writable);
  wakeup.arm();
  ready = wakeup.sleep_until(SteadyClock::now() + std::chrono::seconds(30), fds[1], true);
  EXPECT_TRUE(ready.writable);
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace sa
