#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/route_table.h"
#include "config/config.h"
#include "config/loader.h"
#include "drivers/driver.h"
#include "drivers/output.h"
#include "publish/publisher.h"
#include "queue/message_buffer.h"
#include "sampling/sampler.h"

namespace sa {

// Everything built from one config: routes, sensors, the publisher and the sampler feeding it.
// A reload replaces the whole pipeline; the buffer belongs to the caller and survives it.
class Pipeline {
 public:
  // `context` and `buffer` outlive the pipeline. The config is validated already.
  Pipeline(const Config& config, const DriverContext& context, MessageBuffer& buffer,
           const std::string& boot_id);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Publisher first, so the first readings find it running.
  void start();
  // Sampler first (no reading after it returns), then the publisher with `drain`.
  void stop(std::chrono::milliseconds drain);

  const Config& config() const { return *config_; }
  // Shared so that a sensor thread abandoned in its driver never sees its routes freed.
  std::shared_ptr<const RouteTable> routes() const { return routes_; }
  // Sensors whose driver could not create them (not expected after a successful check).
  const std::vector<ConfigProblem>& problems() const { return problems_; }

  PublisherStats publisher_stats() const { return publisher_->stats(); }
  std::vector<SensorStatus> sensor_statuses() const { return sampler_->statuses(); }
  uint64_t sampled() const { return sampled_->load(); }
  void publish_control(const std::string& topic, std::string payload, bool retain);
  // Before start(), see Publisher::set_subscriptions.
  void set_subscriptions(std::vector<std::string> filters,
                         std::function<void(const InboundMessage&)> handler);
  void publish_reply(const std::string& topic, std::string payload, std::string correlation);
  // Every sensor reads once now (the `read` command); or one sensor (after a `.../set`).
  void read_now();
  void read_now(const std::string& sensor);

  struct OutputChannel {
    Output* output = nullptr;  // owned by the sensor's runner, alive as long as the pipeline
    std::string sensor;
  };
  // The output whose channel publishes on `topic`; nullptr when that channel is not an output.
  const OutputChannel* output_at(const std::string& topic) const;
  bool has_outputs() const { return !outputs_.empty(); }
  size_t sensor_count() const { return config_->sensors.size(); }

 private:
  std::unique_ptr<const Config> config_;
  std::shared_ptr<const RouteTable> routes_;
  std::vector<ConfigProblem> problems_;
  std::shared_ptr<std::atomic<uint64_t>> sampled_;
  std::unique_ptr<Publisher> publisher_;
  std::unique_ptr<Sampler> sampler_;
  std::map<std::string, OutputChannel> outputs_;  // by the channel's topic
  bool running_ = false;
};

}  // namespace sa
