#include "app/route_table.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

ChannelConfig channel(const std::string& name, const std::string& topic, int qos) {
  ChannelConfig config;
  config.name = name;
  config.topic = topic;
  config.qos = qos;
  config.queue = qos > 0;
  return config;
}

Config two_sensors() {
  Config config;
  SensorConfig board;
  board.name = "board";
  board.driver = "sim";
  board.channels.push_back(channel("temperature", "sensors/pi/board/temperature", 1));
  board.channels.back().unit = "°C";
  board.channels.back().transform.precision = 2;
  board.channels.push_back(channel("humidity", "sensors/pi/board/humidity", 2));
  board.channels.back().retain = true;
  SensorConfig cpu;
  cpu.name = "cpu";
  cpu.driver = "sim";
  cpu.channels.push_back(channel("load", "sensors/pi/cpu/load", 0));
  config.sensors = {board, cpu};
  return config;
}

TEST(RouteTable, HasOneRoutePerConfiguredChannel) {
  const RouteTable routes(two_sensors());
  EXPECT_EQ(routes.size(), 3U);
  EXPECT_EQ(routes.of_sensor("board").size(), 2U);
  EXPECT_EQ(routes.of_sensor("cpu").size(), 1U);
  EXPECT_TRUE(routes.of_sensor("nothing").empty());
  EXPECT_EQ(routes.find("cpu", "temperature"), nullptr);
}

TEST(RouteTable, CopiesTopicQosRetainQueueUnitAndPrecision) {
  const Config config = two_sensors();
  const RouteTable routes(config);
  const ChannelRoute* temperature = routes.find("board", "temperature");
  ASSERT_NE(temperature, nullptr);
  const ChannelConfig& source = config.sensors[0].channels[0];
  EXPECT_EQ(temperature->sensor, "board");
  EXPECT_EQ(temperature->channel, source.name);
  EXPECT_EQ(temperature->topic, source.topic);
  EXPECT_EQ(temperature->unit, source.unit);
  EXPECT_EQ(temperature->qos, source.qos);
  EXPECT_EQ(temperature->retain, source.retain);
  EXPECT_EQ(temperature->queue, source.queue);
  EXPECT_EQ(temperature->precision, source.transform.precision);

  const ChannelRoute* humidity = routes.find("board", "humidity");
  ASSERT_NE(humidity, nullptr);
  EXPECT_EQ(humidity->qos, 2);
  EXPECT_TRUE(humidity->retain);
  const ChannelRoute* load = routes.find("cpu", "load");
  ASSERT_NE(load, nullptr);
  EXPECT_EQ(load->qos, 0);
  EXPECT_FALSE(load->queue);
}

TEST(RouteTable, RoutesKeepTheirAddressWhenTheTableMoves) {
  RouteTable routes(two_sensors());
  const ChannelRoute* before = routes.find("cpu", "load");
  const RouteTable moved = std::move(routes);
  EXPECT_EQ(moved.find("cpu", "load"), before);
}

}  // namespace
}  // namespace sa
