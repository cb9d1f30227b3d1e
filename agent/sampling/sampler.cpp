#include "sampling/sampler.h"

#include <spdlog/spdlog.h>

namespace sa {

Sampler::Sampler(ReadingSink sink, RunnerOptions options)
    : sink_(std::move(sink)), options_(options) {}

Sampler::~Sampler() {
  stop();
}

void Sampler::add(const SensorConfig& config, std::unique_ptr<Sensor> sensor,
                  const std::vector<const ChannelRoute*>& routes) {
  auto runner = std::make_unique<SensorRunner>(config, std::move(sensor), routes, sink_, options_);
  std::lock_guard lock(mutex_);
  if (started_)
    runner->start();
  runners_.push_back(std::move(runner));
}

void Sampler::start() {
  std::lock_guard lock(mutex_);
  started_ = true;
  for (auto& runner : runners_)
    runner->start();
}

void Sampler::read_now() {
  std::lock_guard lock(mutex_);
  for (auto& runner : runners_)
    runner->request_read();
}

void Sampler::read_now(const std::string& sensor) {
  std::lock_guard lock(mutex_);
  for (auto& runner : runners_) {
    if (runner->name() == sensor)
      runner->request_read();
  }
}

void Sampler::stop() {
  std::lock_guard lock(mutex_);
  if (!started_)
    return;
  started_ = false;
  // Ask all first, so the sensors wind down in parallel, then wait against one shared deadline.
  for (auto& runner : runners_)
    runner->request_stop();
  const SteadyTime until = SteadyClock::now() + options_.stop_timeout;
  size_t abandoned = 0;
  for (auto& runner : runners_) {
    if (!runner->wait_stopped(until))
      ++abandoned;
  }
  if (abandoned > 0) {
    spdlog::warn("stopped sampling; {} sensor thread(s) left blocked in their driver", abandoned);
  }
}

std::vector<SensorStatus> Sampler::statuses() const {
  std::lock_guard lock(mutex_);
  std::vector<SensorStatus> result;
  result.reserve(runners_.size());
  for (const auto& runner : runners_)
    result.push_back(runner->status());
  return result;
}

}  // namespace sa
