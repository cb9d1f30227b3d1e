#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/reading.h"

namespace sa {

// The ChannelRoute of every configured channel. Readings point at routes, so each route keeps
// its address for the life of the table, moves included.
class RouteTable {
 public:
  RouteTable() = default;
  explicit RouteTable(const Config& config);

  const ChannelRoute* find(std::string_view sensor, std::string_view channel) const;
  // The routes of one sensor, in config order.
  std::vector<const ChannelRoute*> of_sensor(std::string_view sensor) const;
  size_t size() const { return routes_.size(); }
  const std::vector<std::unique_ptr<ChannelRoute>>& all() const { return routes_; }

 private:
  std::vector<std::unique_ptr<ChannelRoute>> routes_;
};

// The route of one channel as configured (unit falls back to the driver's).
ChannelRoute make_route(const SensorConfig& sensor, const ChannelConfig& channel);

}  // namespace sa
