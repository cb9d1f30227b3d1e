#include "app/liveness.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

SensorStatus sensor(bool stale, uint64_t reads) {
  SensorStatus status;
  status.name = "s";
  status.stale = stale;
  status.reads = reads;
  return status;
}

TEST(LivenessMonitor, PublisherWhoseLoopStoppedIsDead) {
  LivenessMonitor monitor(seconds(40), minutes(10));
  const SteadyTime start = SteadyClock::now();
  PublisherStats stats;
  stats.loop_heartbeat = start;
  EXPECT_TRUE(monitor.alive(start + seconds(10), stats, {}));
  EXPECT_FALSE(monitor.alive(start + seconds(41), stats, {}));
  stats.loop_heartbeat = start + seconds(40);
  EXPECT_TRUE(monitor.alive(start + seconds(41), stats, {}));
}

TEST(LivenessMonitor, UntrackedHeartbeatCountsAsAlive) {
  LivenessMonitor monitor(seconds(40), minutes(10));
  EXPECT_TRUE(monitor.alive(SteadyClock::now() + minutes(60), PublisherStats{}, {}));
}

TEST(LivenessMonitor, OneHungSensorDoesNotStopTheWatchdog) {
  LivenessMonitor monitor(seconds(40), minutes(10));
  const SteadyTime start = SteadyClock::now();
  const std::vector<SensorStatus> sensors = {sensor(true, 5), sensor(false, 7)};
  EXPECT_TRUE(monitor.alive(start, PublisherStats{}, sensors));
  EXPECT_TRUE(monitor.alive(start + minutes(30), PublisherStats{}, sensors));
}

TEST(LivenessMonitor, EverySensorStaleWithoutProgressIsDeadAfterTheLimit) {
  LivenessMonitor monitor(seconds(40), minutes(10));
  const SteadyTime start = SteadyClock::now();
  const std::vector<SensorStatus> stuck = {sensor(true, 5), sensor(true, 7)};
  EXPECT_TRUE(monitor.alive(start, PublisherStats{}, stuck));
  EXPECT_TRUE(monitor.alive(start + minutes(9), PublisherStats{}, stuck));
  EXPECT_FALSE(monitor.alive(start + minutes(11), PublisherStats{}, stuck));
  // A failing read or setup attempt is progress: the threads are alive.
  const std::vector<SensorStatus> retrying = {sensor(true, 5), sensor(true, 8)};
  EXPECT_TRUE(monitor.alive(start + minutes(12), PublisherStats{}, retrying));
}

}  // namespace
}  // namespace sa
