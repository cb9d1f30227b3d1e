#include "control/disconnect_fallback.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

using std::chrono::seconds;

std::vector<std::string> topics(const std::vector<DisconnectFallback::Output>& outputs) {
  std::vector<std::string> result;
  for (const auto& output : outputs)
    result.push_back(output.topic);
  return result;
}

DisconnectFallback two_outputs() {
  return DisconnectFallback(
      {{"p/pump/state", seconds(30), 0.0}, {"p/fan/state", seconds(60), 1.0}});
}

TEST(DisconnectFallback, NothingIsDueWhileConnected) {
  DisconnectFallback fallback = two_outputs();
  const SteadyTime start{};
  EXPECT_TRUE(fallback.due(true, start).empty());
  EXPECT_TRUE(fallback.due(true, start + seconds(3600)).empty());
}

TEST(DisconnectFallback, EachOutputIsDueOnceAfterItsOwnDelay) {
  DisconnectFallback fallback = two_outputs();
  const SteadyTime start{};
  EXPECT_TRUE(fallback.due(true, start).empty());
  EXPECT_TRUE(fallback.due(false, start + seconds(10)).empty());  // the link went down here
  EXPECT_TRUE(fallback.due(false, start + seconds(39)).empty());
  const auto first = fallback.due(false, start + seconds(40));
  EXPECT_EQ(topics(first), std::vector<std::string>{"p/pump/state"});
  EXPECT_EQ(first.at(0).safe_state, 0.0);
  EXPECT_TRUE(fallback.due(false, start + seconds(41)).empty());
  const auto second = fallback.due(false, start + seconds(70));
  EXPECT_EQ(topics(second), std::vector<std::string>{"p/fan/state"});
  EXPECT_EQ(second.at(0).safe_state, 1.0);
  EXPECT_TRUE(fallback.due(false, start + seconds(500)).empty());
}

TEST(DisconnectFallback, AShortOutageIsForgottenAndANewOneCountsAgain) {
  DisconnectFallback fallback = two_outputs();
  const SteadyTime start{};
  EXPECT_TRUE(fallback.due(false, start).empty());
  EXPECT_TRUE(fallback.due(false, start + seconds(20)).empty());
  EXPECT_TRUE(fallback.due(true, start + seconds(25)).empty());
  EXPECT_TRUE(fallback.due(false, start + seconds(50)).empty());  // 0 s into the second outage
  EXPECT_TRUE(fallback.due(false, start + seconds(79)).empty());
  EXPECT_EQ(topics(fallback.due(false, start + seconds(80))),
            std::vector<std::string>{"p/pump/state"});
  EXPECT_TRUE(fallback.due(true, start + seconds(90)).empty());
  EXPECT_TRUE(fallback.due(false, start + seconds(100)).empty());
  EXPECT_EQ(topics(fallback.due(false, start + seconds(130))),
            std::vector<std::string>{"p/pump/state"});
}

TEST(DisconnectFallback, ABrokerNeverReachedSinceTheStartCountsAsAnOutage) {
  DisconnectFallback fallback = two_outputs();
  const SteadyTime start{};
  EXPECT_TRUE(fallback.due(false, start).empty());
  EXPECT_EQ(fallback.due(false, start + seconds(60)).size(), 2u);
}

}  // namespace
}  // namespace sa
