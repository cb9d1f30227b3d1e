#include "mqtt/paho_transport.h"

#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <unordered_map>

#include "mqtt/mqtt_words.h"
#include "mqtt/net_diagnosis.h"
#include "mqtt/paho_errors.h"
#include "mqtt/tls_inspect.h"

namespace sa {
namespace {

constexpr const char kWillPayload[] = "offline";
// Paho's limit on queued commands also applies while connected (-12 when publishing faster than
// its send thread drains). The publisher bounds what it hands over, so this only needs headroom.
constexpr int kPahoMaxBuffered = 10'000;
// A resumed session lost this soon with nothing acknowledged on it, this many times in a row, is
// not resumed again. Not merely soon: a flapping link that still delivers must keep its session.
constexpr std::chrono::seconds kQuickLoss{1};
constexpr int kQuickLossesBeforeClean = 3;

std::string with_detail(std::string words, const std::string& paho_message) {
  if (!paho_message.empty() && paho_message != words)
    words += " [Paho: " + paho_message + "]";
  return words;
}

std::string failure_words(int rc, int reason_code, const std::string& paho_message) {
  // For a refused MQTT 5 CONNACK, Paho 1.3 puts the reason code in the return code.
  if (rc >= 0x80 && reason_code < 0x80)
    reason_code = rc;
  std::string words;
  if (reason_code >= 0x80)
    words = reason_code_words(reason_code);
  if (words.empty() && rc > 0)
    words = connack_return_code_words(rc);
  if (words.empty())
    words = paho_return_code_words(rc);
  if (words.empty())
    words = "error " + std::to_string(rc);
  if (reason_code >= 0x80)
    words += " (reason code " + hex_code(reason_code) + ")";
  return with_detail(words, paho_message);
}

InboundMessage inbound_from(const mqtt::message& message) {
  InboundMessage in;
  in.topic = message.get_topic();
  in.payload = message.to_string();
  in.qos = message.get_qos();
  in.retained = message.is_retained();
  in.received_at = std::chrono::steady_clock::now();
  const mqtt::properties& props = message.get_properties();
  if (props.contains(mqtt::property::MESSAGE_EXPIRY_INTERVAL)) {
    in.message_expiry =
        std::chrono::seconds(mqtt::get<int32_t>(props, mqtt::property::MESSAGE_EXPIRY_INTERVAL));
  }
  if (props.contains(mqtt::property::RESPONSE_TOPIC))
    in.response_topic = mqtt::get<std::string>(props, mqtt::property::RESPONSE_TOPIC);
  if (props.contains(mqtt::property::CORRELATION_DATA))
    in.correlation_data = mqtt::get<std::string>(props, mqtt::property::CORRELATION_DATA);
  return in;
}

bool file_exists(const std::string& path) {
  return ::access(path.c_str(), R_OK) == 0;
}

}  // namespace

class PahoTransport::Impl : public mqtt::iaction_listener {
 public:
  Impl(BrokerConfig broker, std::string client_id, std::string will_topic)
      : broker_(std::move(broker)),
        client_id_(std::move(client_id)),
        will_topic_(std::move(will_topic)),
        uri_(server_uri(broker_)),
        v5_(broker_.protocol == MqttVersion::v5) {}

  ~Impl() override {
    if (client_) {
      // Both throw while a disconnect is still in progress; nothing may escape a destructor.
      try {
        if (client_->is_connected())
          client_->disconnect(0)->wait_for(std::chrono::seconds(2));
      } catch (const mqtt::exception&) {
      }
      try {
        client_->disable_callbacks();
      } catch (const mqtt::exception&) {
      }
    }
    client_.reset();  // before the listener (this) goes away
  }

  void set_callbacks(Callbacks callbacks) { callbacks_ = std::move(callbacks); }

  ConnectReport connect(std::chrono::milliseconds timeout) {
    ConnectReport report;
    report.server_uri = uri_;
    report.protocol = v5_ ? "5" : "3.1.1";
    if (!client_ && !create(report.reason))
      return report;
    std::string paho_message;
    int rc = 0;
    int reason_code = 0;
    try {
      // The first session of this process starts clean: whatever an earlier process left in its
      // session (QoS 2 messages awaiting a PUBREL whose packet ids nobody here knows) would count
      // against the broker's receive quota and make a reused packet id look like a duplicate.
      // What that process had in flight is still in the agent's queue and is sent again.
      // Likewise after a PUBLISH whose write failed (see on_failure), and when resumed sessions
      // keep dying at once for any other reason.
      const bool poisoned = session_poisoned_.load();
      const bool fresh =
          !broker_.clean_session &&
          (!session_started_ || poisoned || quick_losses_.load() >= kQuickLossesBeforeClean);
      if (fresh && !v5_ && !end_old_session_v3(timeout)) {
        report.reason = "timed out after " + std::to_string(seconds_ceil(timeout)) +
                        " s waiting for the broker at " + broker_.host + ":" +
                        std::to_string(broker_.port);
        return report;
      }
      mqtt::connect_options options;
      fill_connect_options(options, timeout);
      if (fresh && v5_) {
        options.set_clean_start(true);  // session expiry still applies to the new session
      }
      acked_since_connect_ = false;  // a resumed session's first acknowledgements come at once
      mqtt::token_ptr token = client_->connect(options);
      if (!token->wait_for(timeout + std::chrono::seconds(2))) {
        report.reason = "timed out after " + std::to_string(seconds_ceil(timeout)) +
                        " s waiting for the broker at " + broker_.host + ":" +
                        std::to_string(broker_.port);
        abandon_connect();
        return report;
      }
      const mqtt::connect_response response = token->get_connect_response();
      if (fresh && session_started_) {
        spdlog::warn("started a new MQTT session, readings in flight are sent again: {}",
                     poisoned ? "the MQTT library kept a message it failed to write in a form it "
                                "cannot resend"
                              : "resumed sessions kept failing at once");
      }
      session_started_ = true;
      if (fresh) {
        quick_losses_ = 0;
        session_poisoned_ = false;
      }
      connected_at_ns_ = std::chrono::steady_clock::now().time_since_epoch().count();
      report.connected = true;
      report.session_present = response.is_session_present();
      // Paho resends what a resumed session holds and fails (-11) what a new one dropped; what
      // still waited in its command queue goes out now. Each ends in on_success or on_failure.
      report.unsettled_reported = true;
      if (v5_ && response.get_properties().contains(mqtt::property::MAXIMUM_QOS)) {
        report.maximum_qos =
            mqtt::get<uint8_t>(response.get_properties(), mqtt::property::MAXIMUM_QOS);
      }
      return report;
    } catch (const mqtt::exception& e) {
      rc = e.get_return_code();
      reason_code = e.get_reason_code();
      paho_message = e.get_message();
    }
    report.reason = explain_connect_failure(rc, reason_code, paho_message, timeout);
    return report;
  }

  bool publish(const PublishRequest& request, std::string& reason) {
    if (!client_) {
      reason = "not connected";
      return false;
    }
    mqtt::properties props;
    if (v5_) {
      if (request.message_expiry.count() > 0) {
        props.add(mqtt::property(mqtt::property::MESSAGE_EXPIRY_INTERVAL,
                                 static_cast<int32_t>(request.message_expiry.count())));
      }
      for (const UserProperty& p : request.user_properties) {
        props.add(mqtt::property(mqtt::property::USER_PROPERTY, p.name, p.value));
      }
      if (!request.correlation_data.empty()) {
        props.add(mqtt::property(mqtt::property::CORRELATION_DATA, request.correlation_data));
      }
    }
    auto message =
        mqtt::message::create(request.topic, request.payload.data(), request.payload.size(),
                              request.qos, request.retain, props);
    // The context is a key into pending_, not a pointer to the token: tokens are 64-bit and
    // pointers on armhf are 32-bit.
    uintptr_t key = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      key = ++next_key_;
      if (key == 0)
        key = ++next_key_;
      pending_[key] = Pending{request.token, request.qos};
    }
    try {
      // The listener goes into the publish() call itself: one set on the returned token may
      // never fire when the token completed first (fixed only in Paho C++ 1.4).
      client_->publish(message, reinterpret_cast<void*>(key), *this);
      return true;
    } catch (const mqtt::exception& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      pending_.erase(key);
      reason = failure_words(e.get_return_code(), e.get_reason_code(), e.get_message());
      return false;
    }
  }

  bool subscribe(const std::string& filter, int qos, std::chrono::milliseconds timeout,
                 std::string& reason) {
    if (!client_) {
      reason = "not connected";
      return false;
    }
    try {
      mqtt::token_ptr token = client_->subscribe(filter, qos);
      if (!token->wait_for(timeout)) {
        reason = "timed out waiting for SUBACK";
        return false;
      }
      // A refusal (SUBACK 0x80 and up) fails the token and throws above. The per-filter list of
      // get_subscribe_response() is not used: Paho C++ 1.2 returns garbage there for MQTT 5.
      const int code = token->get_reason_code();
      if (code >= 0x80 && code <= 0xFF) {
        reason = "subscription refused: " + failure_words(0, code, "");
        return false;
      }
      return true;
    } catch (const mqtt::exception& e) {
      reason = failure_words(e.get_return_code(), e.get_reason_code(), e.get_message());
      return false;
    }
  }

  void disconnect(std::chrono::milliseconds timeout) {
    if (!client_)
      return;
    try {
      // A normal DISCONNECT: the broker discards the Last Will.
      client_->disconnect(static_cast<int>(timeout.count()))
          ->wait_for(timeout + std::chrono::seconds(1));
    } catch (const mqtt::exception&) {
      // Already disconnected.
    }
  }

  bool is_connected() const { return client_ && client_->is_connected(); }

  // Delivery reports, on Paho's thread: look up our token and hand the report on.
  void on_success(const mqtt::token& token) override {
    acked_since_connect_ = true;
    const int reason_code = token.get_reason_code();
    if (!broker_has_message(reason_code)) {
      report(token, false, "not accepted by the broker: " + failure_words(0, reason_code, ""),
             true);
    } else {
      report(token, true, "", false);
    }
  }

  // Paho 1.3.12 fails a QoS 1/2 PUBLISH whose write hit a dead socket (MQTTASYNC_FAILURE) but
  // keeps it in its session state with its topic and payload already freed: a resumed session
  // would send it again, intact (then it arrives twice, as the publisher sends it again too) or
  // as freed memory (a packet the broker rejects as malformed, at every resume). Upstream
  // eclipse/paho.mqtt.c#1401, #1592, #1621. Only a new session drops it: the next connect starts
  // one (what the old session still held is reported not delivered and sent again).
  void on_failure(const mqtt::token& token) override {
    const int rc = token.get_return_code();
    if (token.get_reason_code() >= 0x80 && broker_has_message(token.get_reason_code())) {
      report(token, true, "", false);
      return;
    }
    std::string words = failure_words(rc, token.get_reason_code(), "");
    if (paho_not_delivered(rc))
      words = "not delivered: " + words;
    report(token, false, words, token.get_reason_code() >= 0x80, rc == MQTTASYNC_FAILURE);
  }

 private:
  bool create(std::string& reason) {
    try {
      auto options = mqtt::create_options(v5_ ? MQTTVERSION_5 : MQTTVERSION_3_1_1);
      options.set_send_while_disconnected(false);
      options.set_max_buffered_messages(kPahoMaxBuffered);
      // No persistence (nullptr): our own buffer holds every unacknowledged reading.
      client_ = std::make_unique<mqtt::async_client>(uri_, client_id_, options, nullptr);
    } catch (const mqtt::exception& e) {
      reason = "cannot create MQTT client for " + uri_ + ": " +
               failure_words(e.get_return_code(), e.get_reason_code(), e.get_message());
      return false;
    }
    // Every callback is set before the first connect and only hands the event on.
    client_->set_connection_lost_handler([this](const std::string& cause) {
      note_loss();
      if (callbacks_.connection_lost) {
        callbacks_.connection_lost(cause.empty() ? "connection lost" : "connection lost: " + cause);
      }
    });
    client_->set_disconnected_handler([this](const mqtt::properties&, mqtt::ReasonCode code) {
      note_loss();
      if (callbacks_.connection_lost) {
        callbacks_.connection_lost("disconnected by the broker: " +
                                   failure_words(0, static_cast<int>(code), ""));
      }
    });
    client_->set_message_callback([this](mqtt::const_message_ptr message) {
      if (!message)
        return;
      if (callbacks_.message)
        callbacks_.message(message->get_topic(), message->to_string());
      if (callbacks_.inbound)
        callbacks_.inbound(inbound_from(*message));
    });
    return true;
  }

  // On Paho's thread: a connection lost right after it was made counts towards a clean start.
  void note_loss() {
    const auto up = std::chrono::steady_clock::now().time_since_epoch().count() - connected_at_ns_;
    if (std::chrono::steady_clock::duration(up) < kQuickLoss && !acked_since_connect_.load()) {
      ++quick_losses_;
    } else {
      quick_losses_ = 0;
    }
  }

  // MQTT 3.1.1 has no clean start with a lasting session: connect once with clean session on
  // (which ends the old session), leave normally (no Last Will) and let the caller connect with
  // clean session off. Throws what connect() throws.
  bool end_old_session_v3(std::chrono::milliseconds timeout) {
    mqtt::connect_options options;
    fill_connect_options(options, timeout);
    options.set_clean_session(true);
    if (!client_->connect(options)->wait_for(timeout + std::chrono::seconds(2))) {
      abandon_connect();
      return false;
    }
    client_->disconnect(0)->wait_for(timeout);
    return true;
  }

  // Filled in place and passed as an lvalue: in Paho C++ 1.2 a moved connect_options (as the
  // builder's finalize() returns) can keep a pointer to the moved-from MQTT 5 properties, and
  // MQTTAsync_connect then reads freed memory.
  void fill_connect_options(mqtt::connect_options& opts, std::chrono::milliseconds timeout) {
    opts.set_mqtt_version(v5_ ? MQTTVERSION_5 : MQTTVERSION_3_1_1);
    opts.set_keep_alive_interval(std::chrono::seconds(seconds_ceil(broker_.keepalive)));
    opts.set_connect_timeout(std::chrono::seconds(std::max(1, seconds_ceil(timeout))));
    opts.set_automatic_reconnect(false);
    opts.set_max_inflight(std::max(broker_.max_inflight, 1) + 16);
    if (v5_) {
      opts.set_clean_session(false);
      opts.set_clean_start(broker_.clean_session);
      const auto expiry = std::chrono::duration_cast<std::chrono::seconds>(broker_.session_expiry);
      mqtt::properties props;
      props.add(mqtt::property(mqtt::property::SESSION_EXPIRY_INTERVAL,
                               static_cast<int32_t>(broker_.clean_session ? 0 : expiry.count())));
      opts.set_properties(props);
    } else {
      opts.set_clean_session(broker_.clean_session);
    }
    if (!broker_.username.empty())
      opts.set_user_name(broker_.username);
    if (!broker_.password.empty())
      opts.set_password(broker_.password);
    if (!will_topic_.empty()) {
      const mqtt::will_options will(will_topic_, std::string(kWillPayload), 1, true);
      opts.set_will(will);
    }
    if (broker_.tls) {
      mqtt::ssl_options ssl;
      fill_ssl_options(ssl);
      opts.set_ssl(ssl);
    }
  }

  void fill_ssl_options(mqtt::ssl_options& ssl) {
    if (!broker_.ca_file.empty()) {
      ssl.set_trust_store(broker_.ca_file);
    } else if (file_exists(system_ca_file())) {
      ssl.set_trust_store(system_ca_file());
    } else {
      ssl.ca_path(kSystemCaPath);
    }
    if (!broker_.cert_file.empty()) {
      ssl.set_key_store(broker_.cert_file);
      ssl.set_private_key(broker_.key_file.empty() ? broker_.cert_file : broker_.key_file);
    }
    ssl.set_enable_server_cert_auth(true);
    ssl.set_verify(true);  // the host name check
    // No ssl error_handler: Paho C++ 1.2 hands OpenSSL the address of the ssl_options it was
    // set on, not of the copy the client keeps, so the callback would use a dead object. A failed
    // TLS connect is explained by our own handshake instead (explain_connect_failure).
  }

  // Paho folds DNS, refused, timeout and TLS failures into one code: ask the network (and, for
  // TLS, our own handshake) what actually went wrong.
  std::string explain_connect_failure(int rc, int reason_code, const std::string& paho_message,
                                      std::chrono::milliseconds timeout) {
    const bool refused_by_broker = reason_code >= 0x80 || rc >= 0x80 || (rc > 0 && rc <= 5);
    if (refused_by_broker)
      return failure_words(rc, reason_code, paho_message);
    std::string words = diagnose_tcp(broker_.host, broker_.port, timeout);
    if (words.empty() && broker_.tls) {
      const TlsPeerInfo tls = inspect_tls(broker_, timeout);
      if (!tls.ok)
        words = tls.error;
    }
    if (words.empty())
      words = failure_words(rc, reason_code, "");
    return with_detail(words, paho_message);
  }

  void abandon_connect() {
    try {
      client_->disconnect(0);
    } catch (const mqtt::exception&) {
    }
  }

  void report(const mqtt::token& token, bool delivered, std::string reason, bool rejected,
              bool write_failed = false) {
    const auto key = reinterpret_cast<uintptr_t>(token.get_user_context());
    DeliveryReport delivery;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto it = pending_.find(key);
      if (it == pending_.end())
        return;
      delivery.token = it->second.token;
      if (write_failed && it->second.qos > 0)
        session_poisoned_ = true;  // before the report: the reconnect may follow it at once
      pending_.erase(it);
    }
    delivery.delivered = delivered;
    delivery.reason = std::move(reason);
    delivery.rejected = rejected;
    if (callbacks_.delivered)
      callbacks_.delivered(delivery);
  }

  const BrokerConfig broker_;
  const std::string client_id_;
  const std::string will_topic_;
  const std::string uri_;
  const bool v5_;
  bool session_started_ = false;               // a session of this process exists on the broker
  std::atomic<int> quick_losses_{0};           // connections lost within kQuickLoss, in a row
  std::atomic<bool> session_poisoned_{false};  // Paho holds a PUBLISH it freed (on_failure)
  std::atomic<int64_t> connected_at_ns_{0};    // steady clock
  std::atomic<bool> acked_since_connect_{false};
  Callbacks callbacks_;

  struct Pending {
    uint64_t token = 0;
    int qos = 0;
  };
  std::mutex mutex_;  // never held while calling the client or a callback
  std::unordered_map<uintptr_t, Pending> pending_;
  uintptr_t next_key_ = 0;

  std::unique_ptr<mqtt::async_client> client_;  // last: destroyed first
};

PahoTransport::PahoTransport(BrokerConfig broker, std::string client_id, std::string will_topic)
    : impl_(
          std::make_unique<Impl>(std::move(broker), std::move(client_id), std::move(will_topic))) {}
PahoTransport::~PahoTransport() = default;

void PahoTransport::set_callbacks(Callbacks callbacks) {
  impl_->set_callbacks(std::move(callbacks));
}
ConnectReport PahoTransport::connect(std::chrono::milliseconds timeout) {
  return impl_->connect(timeout);
}
bool PahoTransport::publish(const PublishRequest& request, std::string& reason) {
  return impl_->publish(request, reason);
}
bool PahoTransport::subscribe(const std::string& topic_filter, int qos,
                              std::chrono::milliseconds timeout, std::string& reason) {
  return impl_->subscribe(topic_filter, qos, timeout, reason);
}
void PahoTransport::disconnect(std::chrono::milliseconds timeout) {
  impl_->disconnect(timeout);
}
bool PahoTransport::is_connected() const {
  return impl_->is_connected();
}

}  // namespace sa
