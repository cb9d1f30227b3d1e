#include "app/availability.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

SensorStatus sensor(const std::string& name, SensorState state, bool stale) {
  SensorStatus status;
  status.name = name;
  status.state = state;
  status.stale = stale;
  return status;
}

TEST(AvailabilityTracker, AnnouncesEverySensorOnce) {
  AvailabilityTracker tracker;
  const std::vector<SensorStatus> sensors = {sensor("a", SensorState::ok, false),
                                             sensor("b", SensorState::warning, true),
                                             sensor("c", SensorState::failed, true)};
  const auto first = tracker.update(sensors);
  ASSERT_EQ(first.size(), 3U);
  EXPECT_EQ(first[0].status, "online");
  EXPECT_EQ(first[1].status, "stale");
  EXPECT_EQ(first[2].status, "failed");
  EXPECT_TRUE(tracker.update(sensors).empty());
}

TEST(AvailabilityTracker, ReportsStaleAndRecovery) {
  AvailabilityTracker tracker;
  tracker.update({sensor("a", SensorState::ok, false)});
  const auto stale = tracker.update({sensor("a", SensorState::warning, true)});
  ASSERT_EQ(stale.size(), 1U);
  EXPECT_EQ(stale[0].sensor, "a");
  EXPECT_EQ(stale[0].status, "stale");
  // A warning that is not stale yet still counts as online: nothing to publish.
  const auto recovered = tracker.update({sensor("a", SensorState::warning, false)});
  ASSERT_EQ(recovered.size(), 1U);
  EXPECT_EQ(recovered[0].status, "online");
}

TEST(AvailabilityTracker, ResetSendsEverythingAgain) {
  AvailabilityTracker tracker;
  const std::vector<SensorStatus> sensors = {sensor("a", SensorState::ok, false)};
  tracker.update(sensors);
  tracker.reset();
  EXPECT_EQ(tracker.update(sensors).size(), 1U);
}

}  // namespace
}  // namespace sa
