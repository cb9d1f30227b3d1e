#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"

namespace sa {

// A payload ready for the broker.
struct OutgoingMessage {
  std::string topic;
  std::string payload;
  uint8_t qos = 1;
  bool retain = false;
  int64_t created_unix_ms = 0;  // sampling time, for max_age and MQTT 5 message expiry
};

struct BufferedMessage {
  uint64_t id = 0;  // increasing in push order, unique for the life of the buffer (and its files)
  OutgoingMessage message;
};

struct BufferStats {
  uint64_t depth = 0;          // messages stored and not yet acknowledged
  uint64_t in_flight = 0;      // handed out by take_unsent() and not yet settled
  uint64_t bytes = 0;          // bytes held (memory or disk)
  uint64_t dropped = 0;        // removed by the bound or age policy since start
  int64_t oldest_unix_ms = 0;  // created_unix_ms of the oldest stored message, 0 when empty
  uint64_t syncs = 0;          // fsyncs (durable queue only)
};

// Holds readings until the broker has acknowledged them at their QoS. The in-memory buffer and
// the durable on-disk queue implement it; the publisher only sees this interface.
//
// Contract:
// - push() is called from sampling threads, the rest from the publisher thread; implementations
//   are thread-safe.
// - take_unsent() hands out the oldest messages that are neither in flight nor acknowledged,
//   in push order, and marks them in flight.
// - acknowledge(id): delivered; the message may be discarded.
// - release(id): not delivered (connection lost without session, reason code >= 0x80); it is
//   handed out again by take_unsent() before anything newer.
// - release_all(): every in-flight message becomes unsent again (restart of a session).
class MessageBuffer {
 public:
  virtual ~MessageBuffer() = default;

  virtual void push(OutgoingMessage message) = 0;
  virtual std::vector<BufferedMessage> take_unsent(size_t max_count) = 0;
  virtual void acknowledge(uint64_t id) = 0;
  virtual void release(uint64_t id) = 0;
  virtual void release_all() = 0;
  virtual BufferStats stats() const = 0;
  // Makes everything pushed so far durable (no-op in memory). Called at shutdown.
  virtual void flush() {}
};

}  // namespace sa
