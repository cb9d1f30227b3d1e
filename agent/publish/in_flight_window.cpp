#include "publish/in_flight_window.h"

namespace sa {

void InFlightWindow::add(uint64_t token, InFlight entry) {
  if (entry.origin == Origin::buffer)
    ++buffered_;
  if (entry.qos > 0) {
    const SteadyTime deadline = entry.sent_at + ack_timeout_;
    if (!oldest_ack_deadline_ || deadline < *oldest_ack_deadline_)
      oldest_ack_deadline_ = deadline;
  }
  entries_[token] = std::move(entry);
}

std::optional<InFlight> InFlightWindow::take(uint64_t token) {
  const auto it = entries_.find(token);
  if (it == entries_.end())
    return std::nullopt;
  std::optional<InFlight> entry(std::move(it->second));
  entries_.erase(it);
  recount();
  return entry;
}

bool InFlightWindow::has_unacknowledged() const {
  for (const auto& [token, entry] : entries_) {
    if (entry.qos > 0)
      return true;
  }
  return false;
}

void InFlightWindow::forget_direct_qos0() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.origin == Origin::direct && it->second.qos == 0) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  recount();
}

void InFlightWindow::resume(bool session_present, SteadyTime now, int max_resumes,
                            const std::function<void(const InFlight&)>& lost) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    // A report that never comes must not hold a reading forever: after a few reconnects it is
    // sent again (a possible repeat, never a stall).
    if (session_present && it->second.qos > 0 && ++it->second.resumes <= max_resumes) {
      it->second.sent_at = now;
      ++it;
      continue;
    }
    lost(it->second);
    it = entries_.erase(it);
  }
  recount();
}

// The window is small (max_inflight), so a scan is cheaper than keeping an ordered index.
void InFlightWindow::recount() {
  buffered_ = 0;
  oldest_ack_deadline_.reset();
  for (const auto& [token, entry] : entries_) {
    if (entry.origin == Origin::buffer)
      ++buffered_;
    if (entry.qos == 0)
      continue;
    const SteadyTime deadline = entry.sent_at + ack_timeout_;
    if (!oldest_ack_deadline_ || deadline < *oldest_ack_deadline_)
      oldest_ack_deadline_ = deadline;
  }
}

}  // namespace sa
