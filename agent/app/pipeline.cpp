#include "app/pipeline.h"

#include "app/buffer_lease.h"
#include "app/config_check.h"
#include "mqtt/transport_factory.h"
#include "publish/topics.h"

namespace sa {

Pipeline::Pipeline(const Config& config, const DriverContext& context, MessageBuffer& buffer,
                   const std::string& boot_id)
    : config_(std::make_unique<const Config>(config)),
      routes_(std::make_shared<const RouteTable>(*config_)),
      sampled_(std::make_shared<std::atomic<uint64_t>>(0)) {
  auto transport = make_transport(config_->broker, client_id(*config_), status_topic(*config_));
  publisher_ = std::make_unique<Publisher>(*config_, std::move(transport),
                                           std::make_unique<BufferLease>(buffer), boot_id);
  Publisher* publisher = publisher_.get();
  std::shared_ptr<std::atomic<uint64_t>> sampled = sampled_;
  sampler_ = std::make_unique<Sampler>([publisher, sampled](const Reading& reading) {
    sampled->fetch_add(1, std::memory_order_relaxed);
    publisher->submit(reading);
  });
  for (auto& built : create_sensors(*config_, context, problems_)) {
    if (auto* output = dynamic_cast<Output*>(built.sensor.get())) {
      for (const ChannelConfig& channel : built.config->channels)
        outputs_[channel.topic] = OutputChannel{output, built.config->name};
    }
    sampler_->add(*built.config, std::move(built.sensor), routes_->of_sensor(built.config->name));
  }
}

Pipeline::~Pipeline() {
  if (running_) {
    stop(std::chrono::milliseconds(0));
  }
}

void Pipeline::start() {
  publisher_->start();
  sampler_->start();
  running_ = true;
}

void Pipeline::stop(std::chrono::milliseconds drain) {
  sampler_->stop();
  publisher_->stop(drain);
  running_ = false;
}

void Pipeline::publish_control(const std::string& topic, std::string payload, bool retain) {
  publisher_->publish_control(topic, std::move(payload), retain);
}

void Pipeline::set_subscriptions(std::vector<std::string> filters,
                                 std::function<void(const InboundMessage&)> handler) {
  publisher_->set_subscriptions(std::move(filters), std::move(handler));
}

void Pipeline::publish_reply(const std::string& topic, std::string payload,
                             std::string correlation) {
  publisher_->publish_reply(topic, std::move(payload), std::move(correlation));
}

void Pipeline::read_now() {
  sampler_->read_now();
}

void Pipeline::read_now(const std::string& sensor) {
  sampler_->read_now(sensor);
}

const Pipeline::OutputChannel* Pipeline::output_at(const std::string& topic) const {
  const auto it = outputs_.find(topic);
  return it == outputs_.end() ? nullptr : &it->second;
}

}  // namespace sa
