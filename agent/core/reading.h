#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"

namespace sa {

// Where one configured channel is published, fixed when the config is loaded.
struct ChannelRoute {
  std::string sensor;
  std::string channel;
  std::string unit;
  std::string topic;  // {topic_prefix}/{sensor}/{channel}, validated against MQTT rules
  int qos = 1;
  bool retain = false;
  bool queue = true;   // kept across outages (durable queue); default true for QoS 1 and 2
  int precision = -1;  // decimals in the payload; -1 keeps the shortest exact form
};

// One sampled value on its way to the publisher. The route outlives every reading.
struct Reading {
  const ChannelRoute* route = nullptr;
  double value = 0.0;
  WallTime sampled_at;
  bool clock_synchronized = true;
  // Another reading of the same sensor read follows at once: a consumer may hold off waking its
  // own thread until the last one, so one read costs one wake-up, not one per channel.
  bool more_follow = false;
};

}  // namespace sa
