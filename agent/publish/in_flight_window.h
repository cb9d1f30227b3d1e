#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/clock.h"

namespace sa {

// Where a message handed to the MQTT client came from: only buffered ones count against the
// window (max_inflight) and go back to the buffer when not delivered.
enum class Origin { buffer, direct, control, status };

struct InFlight {
  Origin origin = Origin::buffer;
  uint64_t buffer_id = 0;
  int qos = 0;
  SteadyTime sent_at{};
  std::vector<uint64_t> packed_ids;  // the other readings of a packed replay message
  int resumes = 0;                   // reconnects it waited through for its report
};

// The messages handed to the MQTT client and not yet reported on, by publish token, with the
// earliest acknowledgement deadline: no PUBACK/PUBCOMP by then means a half-open link.
// Owned by the publisher thread; not thread-safe.
class InFlightWindow {
 public:
  explicit InFlightWindow(std::chrono::milliseconds ack_timeout) : ack_timeout_(ack_timeout) {}

  // Recorded before the client's publish(): its report may arrive before publish() returns.
  void add(uint64_t token, InFlight entry);
  // The entry for a report, removed; empty for a token of a discarded session.
  std::optional<InFlight> take(uint64_t token);

  size_t buffered() const { return buffered_; }  // entries with Origin::buffer
  bool has_unacknowledged() const;               // any QoS > 0 entry
  std::optional<SteadyTime> oldest_ack_deadline() const { return oldest_ack_deadline_; }

  // Connection lost: QoS 0 messages that have no place in the buffer cannot wait for the
  // session's fate.
  void forget_direct_qos0();

  // Connection back. With the session kept, QoS > 0 messages keep waiting for their reports
  // (the client resends them) for up to `max_resumes` reconnects, then count as lost; without
  // it they all are. `lost` is called for each lost entry before it is removed.
  void resume(bool session_present, SteadyTime now, int max_resumes,
              const std::function<void(const InFlight&)>& lost);

 private:
  void recount();

  const std::chrono::milliseconds ack_timeout_;
  std::unordered_map<uint64_t, InFlight> entries_;
  size_t buffered_ = 0;
  std::optional<SteadyTime> oldest_ack_deadline_;
};

}  // namespace sa
