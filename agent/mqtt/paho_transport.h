#pragma once

#include <memory>
#include <string>

#include "config/config.h"
#include "mqtt/transport.h"

namespace sa {

// Transport over Paho C++ 1.2 mqtt::async_client, MQTT 3.1.1 or 5 as configured.
//
// - No Paho persistence and no Paho offline buffering: the agent's own MessageBuffer (memory or
//   the durable queue) keeps every reading until acknowledged. Paho's file persistence writes a
//   file per message without fsync (SD wear, torn files after a power cut) and its offline
//   buffer drops without notice (C#1542); see the pitfalls notes.
// - Automatic reconnect off: the publisher reconnects with its own backoff on the monotonic
//   clock (Paho's waits use CLOCK_REALTIME and can stall after a clock step, C#920).
// - Last Will: retained "offline" at QoS 1 on `will_topic` (none when empty, as in the probe).
// - ConnectReport::tls_version and peer_subject stay empty: Paho 1.2 does not expose its SSL*.
//   The probe gets them from its own handshake (tls_inspect.h).
class PahoTransport final : public Transport {
 public:
  PahoTransport(BrokerConfig broker, std::string client_id, std::string will_topic);
  ~PahoTransport() override;
  PahoTransport(const PahoTransport&) = delete;
  PahoTransport& operator=(const PahoTransport&) = delete;

  void set_callbacks(Callbacks callbacks) override;
  ConnectReport connect(std::chrono::milliseconds timeout) override;
  bool publish(const PublishRequest& request, std::string& reason) override;
  bool subscribe(const std::string& topic_filter, int qos, std::chrono::milliseconds timeout,
                 std::string& reason) override;
  void disconnect(std::chrono::milliseconds timeout) override;
  bool is_connected() const override;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sa
