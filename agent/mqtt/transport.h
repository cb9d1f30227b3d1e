#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sa {

struct UserProperty {
  std::string name;
  std::string value;
};

struct PublishRequest {
  uint64_t token = 0;  // the caller's id, returned in DeliveryReport
  std::string topic;
  std::string payload;
  int qos = 1;
  bool retain = false;
  std::chrono::seconds message_expiry{0};     // MQTT 5 only; 0 = none
  std::vector<UserProperty> user_properties;  // MQTT 5 only
  std::string correlation_data;               // MQTT 5 only, for a reply; empty = none
};

// A message received on a subscription. The MQTT 5 fields stay empty/zero over 3.1.1.
struct InboundMessage {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retained = false;                   // a stored message, not one sent just now
  std::chrono::seconds message_expiry{0};  // remaining lifetime as the broker sent it; 0 = none
  std::string response_topic;              // where the sender wants a reply
  std::string correlation_data;            // to be returned with that reply
  std::chrono::steady_clock::time_point received_at{};
};

struct DeliveryReport {
  uint64_t token = 0;
  bool delivered = false;  // QoS 0: written; QoS 1: PUBACK; QoS 2: PUBCOMP, reason code < 0x80
  std::string reason;      // why not, in words
  bool rejected = false;   // the broker answered with a reason code >= 0x80 (MQTT 5)
};

struct ConnectReport {
  bool connected = false;
  bool session_present = false;
  // Every QoS 1/2 message not yet settled when the last connection went down still gets its
  // DeliveryReport (not delivered when the session lost it, whatever session_present says), so
  // the publisher waits for it instead of sending it again.
  bool unsettled_reported = false;
  int maximum_qos = 2;  // MQTT 5 CONNACK Maximum QoS (AWS IoT Core: 1); higher is refused
  std::string reason;   // why not, in words (not authorised, certificate not trusted, ...)
  std::string server_uri;
  std::string protocol;      // "3.1.1" or "5"
  std::string tls_version;   // empty without TLS
  std::string peer_subject;  // broker certificate subject, empty without TLS
};

// A connection to one broker. The publisher owns one and calls it from a single thread; the
// callbacks run on the transport's own thread (in driven mode: the caller's, see below), must be
// set before connect() and must be short.
class Transport {
 public:
  struct Callbacks {
    std::function<void(const std::string& reason)> connection_lost;
    std::function<void(const DeliveryReport&)> delivered;
    std::function<void(const std::string& topic, const std::string& payload)> message;
    // Every received message with its properties; called next to `message`.
    std::function<void(const InboundMessage&)> inbound;
  };

  virtual ~Transport() = default;

  virtual void set_callbacks(Callbacks callbacks) = 0;
  // Blocks until connected, refused or timed out.
  virtual ConnectReport connect(std::chrono::milliseconds timeout) = 0;
  // Hands one message to the client; false (with reason) when it could not even be queued.
  virtual bool publish(const PublishRequest& request, std::string& reason) = 0;
  virtual bool subscribe(const std::string& topic_filter, int qos,
                         std::chrono::milliseconds timeout, std::string& reason) = 0;
  // Clean disconnect: the Last Will is not sent.
  virtual void disconnect(std::chrono::milliseconds timeout) = 0;
  virtual bool is_connected() const = 0;

  // Driven mode, for a caller whose thread already waits in poll(): the client gets no thread of
  // its own; connect(), subscribe() and disconnect() run its network loop while they wait, and
  // between them the caller polls poll_fd() (for writing too while wants_write()) and calls
  // service() with what poll() reported, at least once a second (keepalive). The callbacks then
  // run on the caller's thread, inside those calls. Call before connect(); false: not supported,
  // the client keeps its own threads.
  virtual bool drive_from_caller() { return false; }
  virtual int poll_fd() const { return -1; }  // -1: no connection to serve
  virtual bool wants_write() const { return false; }
  virtual void service(bool /*readable*/, bool /*writable*/) {}
  // Driven: while held, packets written to the socket are coalesced (TCP_CORK) and go out
  // together on release, so a batch of readings leaves in a few TCP segments, not one each.
  virtual void hold_writes(bool /*hold*/) {}
};

}  // namespace sa
