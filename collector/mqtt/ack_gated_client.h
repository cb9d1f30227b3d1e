#pragma once

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "config.h"
#include "core/status.h"

namespace sa::collector {

struct IncomingMessage {
  std::string topic;
  std::string payload;
};

// A libmosquitto client whose socket the caller drives, so that acknowledgements leave only when
// the caller allows. With mosquitto_threaded_set(true) the PUBACK of a QoS 1 message is queued
// while loop_read() handles the PUBLISH and written by loop_write() only: the caller calls
// flush() after the database commit of every message read so far, never before.
// Subscriptions are QoS 1 (a QoS 2 PUBREC cannot be held back this way). Move-free, one thread.
class AckGatedClient {
 public:
  using MessageHandler = std::function<void(IncomingMessage&&)>;

  AckGatedClient(const BrokerConfig& broker, std::vector<std::string> filters, int receive_maximum,
                 MessageHandler on_message);
  ~AckGatedClient();
  AckGatedClient(const AckGatedClient&) = delete;
  AckGatedClient& operator=(const AckGatedClient&) = delete;
  AckGatedClient(AckGatedClient&&) = delete;
  AckGatedClient& operator=(AckGatedClient&&) = delete;

  // Blocking TCP (and TLS) connect; the CONNACK and SUBACK arrive through read().
  Status connect();
  bool connected() const { return connected_; }
  // False when the last connection ended before the broker accepted it (CONNACK refused).
  bool accepted() const { return accepted_; }
  int socket() const;
  // Reads what the socket has; handlers run here. False when the connection is lost.
  bool read();
  // Writes queued packets (acknowledgements included). Call only when every message read so far
  // is committed. False when the connection is lost.
  bool flush();
  bool wants_write() const;
  // Keepalive; queues a PINGREQ when due (written by the next flush()).
  void misc();
  // Queues a QoS 0 message; it leaves with the next flush().
  void publish(const std::string& topic, const std::string& payload);
  void disconnect();

 private:
  static void handle_connect(mosquitto* mosq, void* self, int rc, int flags,
                             const mosquitto_property* props);
  static void handle_disconnect(mosquitto* mosq, void* self, int rc,
                                const mosquitto_property* props);
  static void handle_message(mosquitto* mosq, void* self, const mosquitto_message* message,
                             const mosquitto_property* props);

  BrokerConfig broker_;
  std::vector<std::string> filters_;
  int receive_maximum_;
  MessageHandler on_message_;
  mosquitto* mosq_ = nullptr;
  bool connected_ = false;
  bool tcp_open_ = false;
  bool accepted_ = true;
};

}  // namespace sa::collector
