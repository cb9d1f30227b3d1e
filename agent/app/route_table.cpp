#include "app/route_table.h"

#include "drivers/registry.h"

namespace sa {
namespace {

std::string driver_unit(const std::string& driver_name, const std::string& channel) {
  const Driver* driver = find_driver(driver_name);
  if (driver == nullptr) {
    return {};
  }
  for (const auto& spec : driver->info.channels) {
    if (spec.name == channel) {
      return spec.unit;
    }
  }
  return {};
}

}  // namespace

ChannelRoute make_route(const SensorConfig& sensor, const ChannelConfig& channel) {
  ChannelRoute route;
  route.sensor = sensor.name;
  route.channel = channel.name;
  route.unit = channel.unit.empty() ? driver_unit(sensor.driver, channel.name) : channel.unit;
  route.topic = channel.topic;
  route.qos = channel.qos;
  route.retain = channel.retain;
  route.queue = channel.queue;
  route.precision = channel.transform.precision;
  return route;
}

RouteTable::RouteTable(const Config& config) {
  for (const auto& sensor : config.sensors) {
    for (const auto& channel : sensor.channels) {
      routes_.push_back(std::make_unique<ChannelRoute>(make_route(sensor, channel)));
    }
  }
}

const ChannelRoute* RouteTable::find(std::string_view sensor, std::string_view channel) const {
  for (const auto& route : routes_) {
    if (route->sensor == sensor && route->channel == channel) {
      return route.get();
    }
  }
  return nullptr;
}

std::vector<const ChannelRoute*> RouteTable::of_sensor(std::string_view sensor) const {
  std::vector<const ChannelRoute*> routes;
  for (const auto& route : routes_) {
    if (route->sensor == sensor) {
      routes.push_back(route.get());
    }
  }
  return routes;
}

}  // namespace sa
