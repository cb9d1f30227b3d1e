#pragma once

#include <memory>
#include <string>

#include "config/config.h"
#include "mqtt/transport.h"

namespace sa {

// Transport over libmosquitto 2.0 (`[broker] client = "mosquitto"`), MQTT 3.1.1 or 5, with the
// same contract as PahoTransport:
//
// - Its own network thread runs mosquitto_loop() for one connection and ends with it: no
//   automatic reconnect (mosquitto_loop_start would reconnect by itself); the publisher
//   reconnects with its own backoff and calls connect() again. A loss is reported once.
// - Driven (drive_from_caller()): no thread; the publisher's thread polls the socket and
//   publish() writes the packet at once, so a reading crosses one thread boundary, not two.
// - Session: libmosquitto 2.0 resends every unacknowledged message at each CONNACK whether or not
//   the broker kept the session. When it did not (session_present=0) those resends would be new
//   messages next to the ones the publisher sends again from its queue, so the connection is
//   closed with a DISCONNECT before they go out and a fresh client state connects instead.
// - The first session of this process starts clean (an earlier process's QoS 2 state, under
//   packet ids nobody here knows, would turn new messages into "duplicates"). libmosquitto fixes
//   clean start when the client is created, so that is one clean connection, a DISCONNECT and a
//   connection with clean start off.
// - Last Will: retained "offline" at QoS 1 on `will_topic` (none when empty).
class MosquittoTransport final : public Transport {
 public:
  MosquittoTransport(BrokerConfig broker, std::string client_id, std::string will_topic);
  ~MosquittoTransport() override;
  MosquittoTransport(const MosquittoTransport&) = delete;
  MosquittoTransport& operator=(const MosquittoTransport&) = delete;

  void set_callbacks(Callbacks callbacks) override;
  ConnectReport connect(std::chrono::milliseconds timeout) override;
  bool publish(const PublishRequest& request, std::string& reason) override;
  bool subscribe(const std::string& topic_filter, int qos, std::chrono::milliseconds timeout,
                 std::string& reason) override;
  void disconnect(std::chrono::milliseconds timeout) override;
  bool is_connected() const override;
  bool drive_from_caller() override;
  int poll_fd() const override;
  bool wants_write() const override;
  void service(bool readable, bool writable) override;
  void hold_writes(bool hold) override;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sa
