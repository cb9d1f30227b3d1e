#pragma once

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "mqtt/transport.h"

namespace sa::test {

// A scripted broker connection: records every publish, acknowledges only when told to (or at
// once with auto_ack), and lets a test refuse connects or drop the link.
class FakeTransport : public Transport {
 public:
  struct State {
    std::mutex mutex;
    std::condition_variable changed;
    Callbacks callbacks;
    bool accept = true;
    bool session_present = false;
    bool unsettled_reported = false;
    int maximum_qos = 2;
    bool auto_ack = false;
    bool connected = false;
    int connects = 0;
    int disconnects = 0;
    std::vector<PublishRequest> published;
    std::vector<uint64_t> outstanding;  // tokens of QoS > 0 publishes not yet settled
    size_t max_outstanding_readings = 0;
    std::vector<std::pair<std::string, int>> subscribed;  // filter, QoS, in call order
  };

  explicit FakeTransport(std::shared_ptr<State> state) : state_(std::move(state)) {}

  void set_callbacks(Callbacks callbacks) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->callbacks = std::move(callbacks);
  }

  ConnectReport connect(std::chrono::milliseconds) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    ++state_->connects;
    ConnectReport report;
    report.server_uri = "tcp://fake:1883";
    report.protocol = "5";
    report.connected = state_->accept;
    report.session_present = state_->accept && state_->session_present;
    report.unsettled_reported = state_->unsettled_reported;
    report.maximum_qos = state_->maximum_qos;
    if (!state_->accept)
      report.reason = "connection refused (nothing listening at fake:1883)";
    state_->connected = state_->accept;
    state_->changed.notify_all();
    return report;
  }

  bool publish(const PublishRequest& request, std::string& reason) override {
    Callbacks callbacks;
    bool ack_now = false;
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      if (!state_->connected) {
        reason = "not connected";
        return false;
      }
      state_->published.push_back(request);
      ack_now = state_->auto_ack || request.qos == 0;
      if (!ack_now) {
        state_->outstanding.push_back(request.token);
        const auto readings = std::count_if(
            state_->published.begin(), state_->published.end(), [&](const PublishRequest& p) {
              return is_reading(p) &&
                     std::find(state_->outstanding.begin(), state_->outstanding.end(), p.token) !=
                         state_->outstanding.end();
            });
        state_->max_outstanding_readings =
            std::max(state_->max_outstanding_readings, static_cast<size_t>(readings));
      }
      callbacks = state_->callbacks;
      state_->changed.notify_all();
    }
    if (ack_now && callbacks.delivered)
      callbacks.delivered(DeliveryReport{request.token, true, ""});
    return true;
  }

  bool subscribe(const std::string& filter, int qos, std::chrono::milliseconds,
                 std::string&) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->subscribed.push_back({filter, qos});
    state_->changed.notify_all();
    return true;
  }

  void disconnect(std::chrono::milliseconds) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    ++state_->disconnects;
    state_->connected = false;
    state_->changed.notify_all();
  }

  bool is_connected() const override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->connected;
  }

  static bool is_reading(const PublishRequest& request) {
    return request.topic.find("/status") == std::string::npos;
  }

 private:
  std::shared_ptr<State> state_;
};

// Settles one outstanding publish as the broker would.
inline void settle(FakeTransport::State& state, uint64_t token, bool delivered,
                   const std::string& reason = "") {
  Transport::Callbacks callbacks;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.outstanding.erase(std::remove(state.outstanding.begin(), state.outstanding.end(), token),
                            state.outstanding.end());
    callbacks = state.callbacks;
  }
  if (callbacks.delivered)
    callbacks.delivered(DeliveryReport{token, delivered, reason});
}

// Drops the link as a dead TCP connection would.
inline void drop_link(FakeTransport::State& state, const std::string& reason) {
  Transport::Callbacks callbacks;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.connected = false;
    callbacks = state.callbacks;
  }
  if (callbacks.connection_lost)
    callbacks.connection_lost(reason);
}

}  // namespace sa::test
