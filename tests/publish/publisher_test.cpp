#include "publish/publisher.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <thread>

#include "fake_transport.h"
#include "queue/memory_buffer.h"

namespace sa {
namespace {

using std::chrono::milliseconds;
using test::FakeTransport;

constexpr milliseconds kPatience{10'000};  // generous: the machine may be busy

template <typename Pred>
bool wait_for(FakeTransport::State& state, Pred pred) {
  std::unique_lock<std::mutex> lock(state.mutex);
  return state.changed.wait_for(lock, kPatience, [&] { return pred(state); });
}

// Until at least `count` readings (not status messages) were handed to the transport.
bool wait_for_readings(FakeTransport::State& state, size_t count) {
  return wait_for(state, [count](auto& s) {
    return static_cast<size_t>(std::count_if(s.published.begin(), s.published.end(),
                                             FakeTransport::is_reading)) >= count;
  });
}

template <typename Pred>
bool eventually(Pred pred) {
  const auto until = SteadyClock::now() + kPatience;
  while (SteadyClock::now() < until) {
    if (pred())
      return true;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return pred();
}

std::vector<PublishRequest> readings(FakeTransport::State& state) {
  std::lock_guard<std::mutex> lock(state.mutex);
  std::vector<PublishRequest> out;
  for (const auto& p : state.published) {
    if (FakeTransport::is_reading(p))
      out.push_back(p);
  }
  return out;
}

uint64_t seq_of(const PublishRequest& p) {
  return nlohmann::json::parse(p.payload)["seq"];
}
bool replayed(const PublishRequest& p) {
  return nlohmann::json::parse(p.payload).contains("replay");
}

class PublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/sa-pub-XXXXXX";
    dir_ = ::mkdtemp(name);
    config_.agent.state_dir = dir_;
    config_.device.id = "dev";
    config_.device.topic_prefix = "sensors/dev";
    config_.broker.max_inflight = 4;
    config_.broker.reconnect_min = milliseconds(10);
    config_.broker.reconnect_max = milliseconds(50);
    config_.broker.ack_timeout = milliseconds(60'000);
    route_.sensor = "s";
    route_.channel = "c";
    route_.unit = "u";
    route_.topic = "sensors/dev/s/c";
    route_.qos = 1;
    state_ = std::make_shared<FakeTransport::State>();
  }
  void TearDown() override {
    publisher_.reset();
    std::filesystem::remove_all(dir_);
  }

  void make_publisher() {
    publisher_ = std::make_unique<Publisher>(config_, std::make_unique<FakeTransport>(state_),
                                             std::make_unique<MemoryBuffer>(config_.queue), "boot");
  }

  void submit(int n, const ChannelRoute& route) {
    for (int i = 0; i < n; ++i) {
      publisher_->submit(Reading{&route, 20.0 + i, WallClock::now(), true});
    }
  }

  // Acknowledges whatever is outstanding, as a broker would, until `count` readings are published.
  void acknowledge_until_published(uint64_t count) {
    const auto until = SteadyClock::now() + kPatience;
    while (publisher_->stats().published < count && SteadyClock::now() < until) {
      std::vector<uint64_t> outstanding;
      {
        std::lock_guard<std::mutex> lock(state_->mutex);
        outstanding = state_->outstanding;
      }
      for (uint64_t token : outstanding)
        test::settle(*state_, token, true);
      std::this_thread::sleep_for(milliseconds(1));
    }
  }

  // Two readings and the online status in flight, then the link drops and comes back.
  void two_in_flight_then_reconnect() {
    make_publisher();
    publisher_->start();
    submit(2, route_);
    ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.outstanding.size() >= 3; }));
    test::drop_link(*state_, "connection lost");
    ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.connects >= 2; }));
  }

  std::string dir_;
  Config config_;
  ChannelRoute route_;
  std::shared_ptr<FakeTransport::State> state_;
  std::unique_ptr<Publisher> publisher_;
};

TEST_F(PublisherTest, InFlightWindowNeverExceedsMaxInflight) {
  make_publisher();
  publisher_->start();
  submit(20, route_);
  acknowledge_until_published(20);
  EXPECT_LE(state_->max_outstanding_readings, 4u);
  EXPECT_GE(state_->max_outstanding_readings, 1u);
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 20; }));
  EXPECT_EQ(publisher_->stats().buffer.depth, 0u);
  const auto all = readings(*state_);
  ASSERT_EQ(all.size(), 20u);
  for (size_t i = 0; i < all.size(); ++i)
    EXPECT_EQ(seq_of(all[i]), i + 1);
}

TEST_F(PublisherTest, QosTwoIsSentAtTheBrokersMaximumQos) {
  state_->maximum_qos = 1;
  state_->auto_ack = true;
  route_.qos = 2;
  make_publisher();
  publisher_->start();
  submit(3, route_);
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 3; }));
  const auto all = readings(*state_);
  ASSERT_EQ(all.size(), 3u);
  for (const auto& request : all)
    EXPECT_EQ(request.qos, 1);
}

TEST_F(PublisherTest, FailedDeliveryIsResentBeforeNewerAndMarkedReplay) {
  config_.broker.max_inflight = 2;
  make_publisher();
  publisher_->start();
  // Readings submitted before the connection came up would be replays already.
  ASSERT_TRUE(eventually([&] { return publisher_->stats().connected; }));
  submit(3, route_);
  ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.outstanding.size() >= 3; }));  // status+2
  const auto first = readings(*state_);
  ASSERT_EQ(first.size(), 2u);
  test::settle(*state_, first[0].token, false, "not delivered: session discarded");
  ASSERT_TRUE(wait_for_readings(*state_, 3));
  const auto after = readings(*state_);
  EXPECT_EQ(seq_of(after[2]), seq_of(first[0]));
  EXPECT_TRUE(replayed(after[2]));
  ASSERT_EQ(after[2].user_properties.size(), 1u);
  EXPECT_EQ(after[2].user_properties[0].name, "replay");
  EXPECT_FALSE(replayed(after[1]));
}

TEST_F(PublisherTest, AckTimeoutForcesAReconnect) {
  config_.broker.ack_timeout = milliseconds(200);
  make_publisher();
  publisher_->start();
  submit(1, route_);
  ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.connects >= 2 && s.disconnects >= 1; }));
  EXPECT_TRUE(eventually([&] { return publisher_->stats().ack_timeouts >= 1; }));
  EXPECT_TRUE(eventually([&] { return publisher_->stats().reconnects >= 1; }));
}

TEST_F(PublisherTest, QosZeroWithoutQueueIsDroppedAndCountedWhileOffline) {
  state_->accept = false;
  ChannelRoute direct = route_;
  direct.qos = 0;
  direct.queue = false;
  make_publisher();
  publisher_->start();
  ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.connects >= 1; }));
  submit(3, direct);
  EXPECT_EQ(publisher_->stats().dropped, 3u);
  EXPECT_TRUE(readings(*state_).empty());
  EXPECT_TRUE(eventually([&] { return !publisher_->stats().last_error.empty(); }));
}

TEST_F(PublisherTest, QosZeroWithoutQueueGoesStraightOutWhenConnected) {
  state_->auto_ack = true;
  ChannelRoute direct = route_;
  direct.qos = 0;
  direct.queue = false;
  make_publisher();
  publisher_->start();
  ASSERT_TRUE(eventually([&] { return publisher_->stats().connected; }));
  submit(3, direct);
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 3; }));
  EXPECT_EQ(publisher_->stats().buffer.depth, 0u);
  for (const auto& p : readings(*state_))
    EXPECT_EQ(p.qos, 0);
}

TEST_F(PublisherTest, OnlineAfterConnectOfflineAtStop) {
  state_->auto_ack = true;
  make_publisher();
  publisher_->start();
  ASSERT_TRUE(wait_for(*state_, [](auto& s) { return !s.published.empty(); }));
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    EXPECT_EQ(state_->published.front().topic, "sensors/dev/status");
    EXPECT_EQ(state_->published.front().payload, "online");
    EXPECT_TRUE(state_->published.front().retain);
    EXPECT_EQ(state_->published.front().qos, 1);
  }
  publisher_->stop(milliseconds(1'000));
  std::lock_guard<std::mutex> lock(state_->mutex);
  EXPECT_EQ(state_->published.back().topic, "sensors/dev/status");
  EXPECT_EQ(state_->published.back().payload, "offline");
  EXPECT_TRUE(state_->published.back().retain);
  EXPECT_GE(state_->disconnects, 1);
}

TEST_F(PublisherTest, BufferedWhileOfflineIsMarkedReplay) {
  state_->accept = false;
  state_->auto_ack = true;
  make_publisher();
  publisher_->start();
  ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.connects >= 1; }));
  submit(3, route_);
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->accept = true;
  }
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 3; }));
  for (const auto& p : readings(*state_))
    EXPECT_TRUE(replayed(p));
  submit(1, route_);
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 4; }));
  EXPECT_FALSE(replayed(readings(*state_).back()));
}

TEST_F(PublisherTest, WithoutSessionInFlightIsResentAfterReconnect) {
  ASSERT_NO_FATAL_FAILURE(two_in_flight_then_reconnect());
  ASSERT_TRUE(wait_for_readings(*state_, 4));
  const auto all = readings(*state_);
  EXPECT_EQ(seq_of(all[2]), 1u);
  EXPECT_EQ(seq_of(all[3]), 2u);
  EXPECT_TRUE(replayed(all[2]));
}

TEST_F(PublisherTest, WithSessionInFlightIsNotSentTwice) {
  state_->session_present = true;
  ASSERT_NO_FATAL_FAILURE(two_in_flight_then_reconnect());
  // The client library resends them itself; the broker then acknowledges the original tokens.
  for (const auto& p : readings(*state_))
    test::settle(*state_, p.token, true);
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 2; }));
  EXPECT_EQ(readings(*state_).size(), 2u);
}

TEST_F(PublisherTest, SeqContinuesAfterRestart) {
  state_->auto_ack = true;
  make_publisher();
  publisher_->start();
  submit(3, route_);
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 3; }));
  publisher_->stop(milliseconds(1'000));
  publisher_.reset();
  state_ = std::make_shared<FakeTransport::State>();
  state_->auto_ack = true;
  make_publisher();
  publisher_->start();
  submit(1, route_);
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 1; }));
  EXPECT_EQ(seq_of(readings(*state_).back()), 4u);
}

// The readings one message carries: a packed replay is a JSON array of readings.
std::vector<nlohmann::json> readings_in(const PublishRequest& p) {
  const nlohmann::json doc = nlohmann::json::parse(p.payload);
  if (!doc.is_array())
    return {doc};
  return std::vector<nlohmann::json>(doc.begin(), doc.end());
}

TEST_F(PublisherTest, ReplayPackSendsTheBacklogAsArraysPerChannelInSeqOrder) {
  config_.queue.replay_pack = 5;
  state_->accept = false;
  state_->auto_ack = true;
  ChannelRoute other = route_;
  other.channel = "d";
  other.topic = "sensors/dev/s/d";
  make_publisher();
  publisher_->start();
  ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.connects >= 1; }));
  for (int i = 0; i < 12; ++i) {
    submit(1, route_);
    if (i % 4 == 0)
      submit(1, other);
  }
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->accept = true;
  }
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 15; }));
  std::map<std::string, std::vector<uint64_t>> seqs;
  size_t messages = 0;
  for (const auto& p : readings(*state_)) {
    const auto items = readings_in(p);
    EXPECT_LE(items.size(), 5u);
    ++messages;
    for (const auto& item : items) {
      EXPECT_EQ(item.value("replay", false), true) << p.payload;
      EXPECT_EQ(item["channel"], p.topic == route_.topic ? "c" : "d");
      seqs[p.topic].push_back(item["seq"]);
    }
    EXPECT_EQ(p.user_properties.size(), 1u);
  }
  EXPECT_LT(messages, 15u);
  std::vector<uint64_t> expected_c(12), expected_d(3);
  std::iota(expected_c.begin(), expected_c.end(), 1);
  std::iota(expected_d.begin(), expected_d.end(), 1);
  EXPECT_EQ(seqs[route_.topic], expected_c);
  EXPECT_EQ(seqs[other.topic], expected_d);
  // Live readings after the backlog still go one per message, unmarked.
  submit(1, route_);
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 16; }));
  const auto last = readings(*state_).back();
  EXPECT_TRUE(nlohmann::json::parse(last.payload).is_object());
  EXPECT_FALSE(replayed(last));
}

TEST_F(PublisherTest, ReplayPackKeepsTheWindowAndResendsAFailedPackWhole) {
  config_.queue.replay_pack = 3;
  config_.broker.max_inflight = 2;
  state_->accept = false;
  make_publisher();
  publisher_->start();
  ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.connects >= 1; }));
  submit(10, route_);
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->accept = true;
  }
  ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.outstanding.size() >= 3; }));
  // The first pack fails (e.g. a reason code >= 0x80): its readings go out again first.
  const uint64_t first = readings(*state_).front().token;
  test::settle(*state_, first, false, "quota exceeded");
  acknowledge_until_published(10);
  ASSERT_EQ(publisher_->stats().published, 10u);
  EXPECT_LE(state_->max_outstanding_readings, 2u);  // messages, not readings
  const auto all = readings(*state_);
  std::vector<uint64_t> delivered_order;
  for (size_t i = 1; i < all.size(); ++i) {
    for (const auto& item : readings_in(all[i]))
      delivered_order.push_back(item["seq"]);
  }
  // Each reading once; the failed pack's come back before anything not yet sent.
  ASSERT_EQ(delivered_order.size(), 10u);
  EXPECT_EQ(delivered_order[3], 1u) << "4-6 were in flight already";
  std::vector<uint64_t> sorted = delivered_order;
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint64_t> expected(10);
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(sorted, expected);
  EXPECT_EQ(publisher_->stats().buffer.depth, 0u);
}

TEST_F(PublisherTest, ReplayPackMarksEveryBacklogReadingWhenChannelsOutnumberTheWindow) {
  config_.queue.replay_pack = 5;
  config_.broker.max_inflight = 2;
  state_->accept = false;
  state_->auto_ack = true;
  std::vector<ChannelRoute> routes(6, route_);
  for (size_t i = 0; i < routes.size(); ++i) {
    routes[i].channel = "c" + std::to_string(i);
    routes[i].topic = "sensors/dev/s/c" + std::to_string(i);
  }
  make_publisher();
  publisher_->start();
  ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.connects >= 1; }));
  for (int round = 0; round < 4; ++round) {
    for (const ChannelRoute& route : routes)
      submit(1, route);
  }
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->accept = true;
  }
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 24; }));
  std::map<std::string, std::vector<uint64_t>> seqs;
  for (const auto& p : readings(*state_)) {
    for (const auto& item : readings_in(p)) {
      EXPECT_TRUE(item.value("replay", false)) << p.payload;
      seqs[p.topic].push_back(item["seq"]);
    }
  }
  for (const ChannelRoute& route : routes)
    EXPECT_EQ(seqs[route.topic], (std::vector<uint64_t>{1, 2, 3, 4})) << route.topic;
  submit(1, routes[0]);
  ASSERT_TRUE(eventually([&] { return publisher_->stats().published == 25; }));
  EXPECT_FALSE(replayed(readings(*state_).back()));
}

// The client library reports every unsettled message itself after a reconnect (Paho: -11 for
// what a new session dropped): nothing is sent twice, a failure report sends it again.
TEST_F(PublisherTest, UnsettledReportedWaitsForTheReportInsteadOfResending) {
  state_->unsettled_reported = true;
  ASSERT_NO_FATAL_FAILURE(two_in_flight_then_reconnect());
  std::this_thread::sleep_for(milliseconds(100));
  ASSERT_EQ(readings(*state_).size(), 2u) << "sent again while the client still held them";
  const auto first = readings(*state_);
  test::settle(*state_, first[0].token, false, "session lost");
  test::settle(*state_, first[1].token, true);
  ASSERT_TRUE(wait_for_readings(*state_, 3));
  const auto all = readings(*state_);
  EXPECT_EQ(seq_of(all[2]), 1u);
  EXPECT_TRUE(replayed(all[2]));
}

// A report that never comes holds nothing forever: after a few reconnects the reading goes again.
TEST_F(PublisherTest, AReportThatNeverComesIsResentAfterAFewReconnects) {
  state_->unsettled_reported = true;
  make_publisher();
  publisher_->start();
  submit(1, route_);
  ASSERT_TRUE(wait_for(*state_, [](auto& s) { return s.outstanding.size() >= 2; }));
  for (int drop = 1; drop <= 4; ++drop) {
    test::drop_link(*state_, "connection lost");
    ASSERT_TRUE(wait_for(*state_, [&](auto& s) { return s.connects >= drop + 1; }));
  }
  ASSERT_TRUE(wait_for_readings(*state_, 2));
  EXPECT_EQ(seq_of(readings(*state_)[1]), 1u);
}

}  // namespace
}  // namespace sa
