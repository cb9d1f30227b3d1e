#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sampling/sensor_runner.h"

namespace sa {

// Owns one SensorRunner per configured sensor. The sink is called concurrently from every
// sensor's thread, so it must be thread-safe.
class Sampler {
 public:
  explicit Sampler(ReadingSink sink, RunnerOptions options = {});
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;
  Sampler(Sampler&&) = delete;
  Sampler& operator=(Sampler&&) = delete;

  // Sensors added after start() start at once.
  void add(const SensorConfig& config, std::unique_ptr<Sensor> sensor,
           const std::vector<const ChannelRoute*>& routes);
  void start();
  // Stops every sensor; waits at most options.stop_timeout in total for sensors stuck in their
  // driver, then abandons those (see SensorRunner). No reading reaches the sink afterwards.
  void stop();

  std::vector<SensorStatus> statuses() const;
  // Every sensor reads once now, besides its schedule.
  void read_now();
  void read_now(const std::string& sensor);

 private:
  ReadingSink sink_;
  RunnerOptions options_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<SensorRunner>> runners_;
  bool started_ = false;
};

}  // namespace sa
