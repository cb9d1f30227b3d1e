// The publisher's inbound side: subscriptions made again on every connection, messages handed
// to the handler, replies sent with their correlation data.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <thread>

#include "fake_transport.h"
#include "publish/publisher.h"
#include "queue/memory_buffer.h"

namespace sa {
namespace {

using std::chrono::milliseconds;
using test::FakeTransport;

template <typename Pred>
bool eventually_with(FakeTransport::State& state, Pred pred) {
  std::unique_lock<std::mutex> lock(state.mutex);
  return state.changed.wait_for(lock, std::chrono::seconds(10), [&] { return pred(state); });
}

class PublisherSubscriptions : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/sa-sub-XXXXXX";
    dir_ = ::mkdtemp(name);
    config_.agent.state_dir = dir_;
    config_.device.id = "dev";
    config_.device.topic_prefix = "sensors/dev";
    config_.broker.reconnect_min = milliseconds(10);
    config_.broker.reconnect_max = milliseconds(50);
    state_ = std::make_shared<FakeTransport::State>();
    state_->auto_ack = true;
    publisher_ = std::make_unique<Publisher>(config_, std::make_unique<FakeTransport>(state_),
                                             std::make_unique<MemoryBuffer>(config_.queue), "boot");
  }
  void TearDown() override {
    publisher_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  Config config_;
  std::shared_ptr<FakeTransport::State> state_;
  std::unique_ptr<Publisher> publisher_;
};

TEST_F(PublisherSubscriptions, filtersAreSubscribedAtQos1AfterEveryConnection) {
  publisher_->set_subscriptions({"sensors/dev/cmd/+", "homeassistant/status"},
                                [](const InboundMessage&) {});
  publisher_->start();
  ASSERT_TRUE(eventually_with(*state_, [](auto& s) { return s.subscribed.size() == 2; }));
  EXPECT_EQ(state_->subscribed[0], (std::pair<std::string, int>{"sensors/dev/cmd/+", 1}));
  EXPECT_EQ(state_->subscribed[1], (std::pair<std::string, int>{"homeassistant/status", 1}));
  test::drop_link(*state_, "connection lost");
  ASSERT_TRUE(eventually_with(*state_, [](auto& s) { return s.subscribed.size() == 4; }));
  EXPECT_EQ(state_->subscribed[2].first, "sensors/dev/cmd/+");
}

TEST_F(PublisherSubscriptions, receivedMessagesReachTheHandlerAndRepliesCarryCorrelation) {
  std::mutex mutex;
  std::vector<InboundMessage> got;
  publisher_->set_subscriptions({"sensors/dev/cmd/+"}, [&](const InboundMessage& m) {
    std::lock_guard<std::mutex> lock(mutex);
    got.push_back(m);
  });
  publisher_->start();
  ASSERT_TRUE(eventually_with(*state_, [](auto& s) { return s.subscribed.size() == 1; }));
  InboundMessage ping;
  ping.topic = "sensors/dev/cmd/ping";
  ping.correlation_data = "c-1";
  Transport::Callbacks callbacks;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    callbacks = state_->callbacks;
  }
  ASSERT_TRUE(callbacks.inbound);
  callbacks.inbound(ping);
  {
    std::lock_guard<std::mutex> lock(mutex);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].correlation_data, "c-1");
  }
  publisher_->publish_reply("replies/1", R"({"ok":true})", "c-1");
  ASSERT_TRUE(eventually_with(*state_, [](auto& s) {
    for (const PublishRequest& p : s.published) {
      if (p.topic == "replies/1")
        return true;
    }
    return false;
  }));
  for (const PublishRequest& p : state_->published) {
    if (p.topic == "replies/1") {
      EXPECT_EQ(p.correlation_data, "c-1");
      EXPECT_EQ(p.qos, 1);
      EXPECT_FALSE(p.retain);
    } else {
      EXPECT_TRUE(p.correlation_data.empty()) << p.topic;
    }
  }
}

}  // namespace
}  // namespace sa
