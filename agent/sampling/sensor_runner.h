#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "core/reading.h"
#include "drivers/driver.h"
#include "sampling/channel_pipeline.h"
#include "sampling/sensor_status.h"

namespace sa {

struct RunnerOptions {
  SteadyClock::duration setup_backoff_min = std::chrono::seconds(1);
  SteadyClock::duration setup_backoff_max = std::chrono::minutes(5);
  // A failure that repeats is logged at most once per period, with the count held back.
  SteadyClock::duration error_log_period = std::chrono::minutes(1);
  // How long stop waits for a sensor stuck in read() or setup() before abandoning its thread.
  SteadyClock::duration stop_timeout = std::chrono::seconds(3);
};

// Samples one sensor on its own thread, so a slow or hung sensor never delays another.
//
// Stopping: a driver blocked in read() cannot be interrupted, so wait_stopped() waits a bounded
// time and then detaches the thread. Everything the thread touches (sensor, transforms, status,
// eventfd) lives in a block that the thread co-owns, so the abandoned thread finishes safely
// whenever read() returns; the sink is fenced off first, so no reading reaches the caller after
// wait_stopped() returns. Joining forever instead would let one dead device block shutdown past
// systemd's stop timeout and get the whole agent SIGKILLed, losing what the publisher holds.
class SensorRunner {
 public:
  // `routes`: one per configured channel, owned by the caller and outliving the runner.
  // `sink` is called on this runner's thread.
  SensorRunner(const SensorConfig& config, std::unique_ptr<Sensor> sensor,
               const std::vector<const ChannelRoute*>& routes, ReadingSink sink,
               RunnerOptions options = {});
  ~SensorRunner();
  SensorRunner(const SensorRunner&) = delete;
  SensorRunner& operator=(const SensorRunner&) = delete;
  SensorRunner(SensorRunner&&) = delete;
  SensorRunner& operator=(SensorRunner&&) = delete;

  void start();
  // Asks the thread to finish; does not wait.
  void request_stop();
  // Reads the sensor now, between its deadlines; does not wait.
  void request_read();
  // Waits for the thread until `until`; false when it is still inside the driver and was
  // detached. Idempotent.
  bool wait_stopped(SteadyTime until);

  SensorStatus status() const;
  const std::string& name() const;

 private:
  class Loop;
  std::shared_ptr<Loop> loop_;
  std::thread thread_;
};

}  // namespace sa
