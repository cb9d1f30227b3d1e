// [homeassistant], [commands], the ha_* channel keys and the reserved sensor name `cmd`.
#include <gtest/gtest.h>

#include "config_test_support.h"

namespace sa::test {
namespace {

TEST(HomeAssistant, offByDefaultNodeIsTheDeviceId) {
  const LoadResult result = load(std::string("[device]\nid = \"pi-7\"\n") + kSimSensor);
  ASSERT_TRUE(result.ok()) << describe(result);
  EXPECT_FALSE(result.config->homeassistant.discovery);
  EXPECT_EQ(result.config->homeassistant.prefix, "homeassistant");
  EXPECT_EQ(result.config->homeassistant.node_name, "pi-7");
  EXPECT_FALSE(result.config->commands.enabled);
  EXPECT_EQ(result.config->commands.rate_limit, 5);
}

TEST(HomeAssistant, tablesAndChannelKeysAreRead) {
  const std::string text = std::string(kSimSensor) +
                           "ha_device_class = \"temperature\"\nha_state_class = \"total\"\n"
                           "ha_name = \"Wave\"\nha_icon = \"mdi:wave\"\nha_enabled = false\n"
                           "[homeassistant]\ndiscovery = true\nprefix = \"ha\"\n"
                           "node_name = \"kitchen\"\n[commands]\nenabled = true\nrate_limit = 2\n";
  const LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << describe(result);
  const Config& config = *result.config;
  EXPECT_TRUE(config.homeassistant.discovery);
  EXPECT_EQ(config.homeassistant.prefix, "ha");
  EXPECT_EQ(config.homeassistant.node_name, "kitchen");
  EXPECT_TRUE(config.commands.enabled);
  EXPECT_EQ(config.commands.rate_limit, 2);
  const HaChannelConfig& ha = config.sensors.at(0).channels.at(0).ha;
  EXPECT_EQ(ha.device_class, "temperature");
  EXPECT_EQ(ha.state_class, "total");
  EXPECT_EQ(ha.name, "Wave");
  EXPECT_EQ(ha.icon, "mdi:wave");
  EXPECT_FALSE(ha.enabled);
}

TEST(HomeAssistant, badValuesNameTheKeyAndPlace) {
  const std::string text = std::string(kSimSensor) +
                           "ha_state_class = \"sometimes\"\n"
                           "[homeassistant]\nprefix = \"ha/#\"\ndiscover = true\n"
                           "[commands]\nrate_limit = -1\n";
  const LoadResult result = load(text);
  EXPECT_FALSE(result.ok());
  expect_problem(result, text, "sensor.wave.channels.value.ha_state_class",
                 "ha_state_class = \"sometimes\"", "\"sometimes\"", "total_increasing");
  expect_problem(result, text, "homeassistant.prefix", "prefix = \"ha/#\"", "\"ha/#\"", "ha/#");
  expect_problem(result, text, "homeassistant.discover", "discover = true", "discover", "");
  expect_problem(result, text, "commands.rate_limit", "rate_limit = -1", "-1", "");
}

TEST(HomeAssistant, aSensorNamedCmdClashesWithTheCommandTopics) {
  const std::string text = "[[sensor]]\nname = \"cmd\"\ndriver = \"sim\"\n[sensor.channels.v]\n";
  const LoadResult result = load(text);
  EXPECT_FALSE(result.ok());
  expect_problem(result, text, "sensor[0].name", "\"cmd\"", "\"cmd\"", "reserved for commands");
}

}  // namespace
}  // namespace sa::test
