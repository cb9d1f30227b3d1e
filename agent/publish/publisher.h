#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/reading.h"
#include "mqtt/transport.h"
#include "queue/message_buffer.h"

namespace sa {

struct PublisherStats {
  bool connected = false;
  uint64_t published = 0;  // acknowledged at their QoS (QoS 0: handed to the socket)
  uint64_t dropped = 0;    // QoS 0 without queue while offline, buffer bound, rejected
  uint64_t reconnects = 0;
  uint64_t ack_timeouts = 0;  // half-open links detected
  std::string last_error;     // last connection failure, in words
  BufferStats buffer;
  // When the publisher thread last went round its loop, for the systemd watchdog's liveness
  // check; the default value means "not tracked".
  SteadyTime loop_heartbeat{};
};

// Turns readings into payloads, keeps them in the buffer and delivers them: connect with
// backoff, a bounded in-flight window, retained online/offline status with a Last Will,
// half-open link detection. Runs its own thread; submit() may be called from any thread.
class Publisher {
 public:
  class Impl;

  Publisher(const Config& config, std::unique_ptr<Transport> transport,
            std::unique_ptr<MessageBuffer> buffer, std::string boot_id);
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  void start();
  // Assigns the channel's next seq, encodes the payload and buffers it (or publishes it directly
  // for channels without queue).
  void submit(const Reading& reading);
  // Publishes a control message ({topic_prefix}/health and similar) at QoS 1 when connected.
  void publish_control(const std::string& topic, std::string payload, bool retain);
  // Before start(): topic filters subscribed at QoS 1 after every (re)connect. The handler runs
  // on the transport's thread and must only hand the message on.
  void set_subscriptions(std::vector<std::string> filters,
                         std::function<void(const InboundMessage&)> handler);
  // Publishes a reply at QoS 1 when connected; `correlation` goes out as MQTT 5 Correlation Data.
  void publish_reply(const std::string& topic, std::string payload, std::string correlation);
  // Publishes `offline`, waits up to `drain` for in-flight acknowledgements, disconnects, flushes
  // the buffer and the seq counters.
  void stop(std::chrono::milliseconds drain);

  PublisherStats stats() const;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sa
