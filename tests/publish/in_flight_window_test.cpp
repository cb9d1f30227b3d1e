#include "publish/in_flight_window.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sa {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kAckTimeout{20'000};

InFlight entry(Origin origin, uint64_t buffer_id, int qos, SteadyTime sent_at) {
  InFlight e;
  e.origin = origin;
  e.buffer_id = buffer_id;
  e.qos = qos;
  e.sent_at = sent_at;
  return e;
}

TEST(InFlightWindow, CountsOnlyBufferedMessagesAgainstTheWindow) {
  InFlightWindow window(kAckTimeout);
  const SteadyTime t0 = SteadyClock::now();
  window.add(1, entry(Origin::buffer, 10, 1, t0));
  window.add(2, entry(Origin::control, 0, 1, t0));
  window.add(3, entry(Origin::buffer, 11, 1, t0));
  EXPECT_EQ(window.buffered(), 2u);
  const auto taken = window.take(3);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->buffer_id, 11u);
  EXPECT_EQ(window.buffered(), 1u);
  EXPECT_FALSE(window.take(3));  // a report for a token no longer known
}

TEST(InFlightWindow, AckDeadlineIsTheOldestQos1MessagesPlusTimeout) {
  InFlightWindow window(kAckTimeout);
  const SteadyTime t0 = SteadyClock::now();
  EXPECT_FALSE(window.oldest_ack_deadline());
  window.add(1, entry(Origin::direct, 0, 0, t0));  // QoS 0 awaits no acknowledgement
  EXPECT_FALSE(window.oldest_ack_deadline());
  EXPECT_FALSE(window.has_unacknowledged());
  window.add(2, entry(Origin::buffer, 1, 1, t0 + milliseconds(5)));
  window.add(3, entry(Origin::buffer, 2, 2, t0 + milliseconds(9)));
  EXPECT_EQ(window.oldest_ack_deadline(), t0 + milliseconds(5) + kAckTimeout);
  EXPECT_TRUE(window.has_unacknowledged());
  window.take(2);
  EXPECT_EQ(window.oldest_ack_deadline(), t0 + milliseconds(9) + kAckTimeout);
  window.take(3);
  EXPECT_FALSE(window.oldest_ack_deadline());
}

TEST(InFlightWindow, LosingTheConnectionForgetsOnlyDirectQos0) {
  InFlightWindow window(kAckTimeout);
  const SteadyTime t0 = SteadyClock::now();
  window.add(1, entry(Origin::direct, 0, 0, t0));
  window.add(2, entry(Origin::direct, 0, 1, t0));
  window.add(3, entry(Origin::buffer, 7, 0, t0));
  window.forget_direct_qos0();
  EXPECT_FALSE(window.take(1));
  EXPECT_TRUE(window.take(2));
  EXPECT_TRUE(window.take(3));
}

TEST(InFlightWindow, WithoutSessionEveryEntryIsLost) {
  InFlightWindow window(kAckTimeout);
  const SteadyTime t0 = SteadyClock::now();
  window.add(1, entry(Origin::buffer, 10, 1, t0));
  window.add(2, entry(Origin::buffer, 11, 0, t0));
  std::vector<uint64_t> lost;
  window.resume(false, t0, 3, [&](const InFlight& e) { lost.push_back(e.buffer_id); });
  std::sort(lost.begin(), lost.end());
  EXPECT_EQ(lost, (std::vector<uint64_t>{10, 11}));
  EXPECT_EQ(window.buffered(), 0u);
  EXPECT_FALSE(window.oldest_ack_deadline());
}

TEST(InFlightWindow, WithSessionQos1WaitsAFewReconnectsThenIsLost) {
  InFlightWindow window(kAckTimeout);
  const SteadyTime t0 = SteadyClock::now();
  window.add(1, entry(Origin::buffer, 10, 1, t0));
  window.add(2, entry(Origin::buffer, 11, 0, t0));  // QoS 0 is not part of a session
  std::vector<uint64_t> lost;
  const auto record = [&](const InFlight& e) { lost.push_back(e.buffer_id); };
  const SteadyTime t1 = t0 + milliseconds(100);
  window.resume(true, t1, 2, record);
  EXPECT_EQ(lost, (std::vector<uint64_t>{11}));
  EXPECT_EQ(window.buffered(), 1u);
  // Its acknowledgement deadline starts again with the new connection.
  EXPECT_EQ(window.oldest_ack_deadline(), t1 + kAckTimeout);
  window.resume(true, t1, 2, record);
  EXPECT_EQ(lost.size(), 1u);
  window.resume(true, t1, 2, record);
  EXPECT_EQ(lost, (std::vector<uint64_t>{11, 10}));
  EXPECT_EQ(window.buffered(), 0u);
}

}  // namespace
}  // namespace sa
