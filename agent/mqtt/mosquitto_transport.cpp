#include "mqtt/mosquitto_transport.h"

#include <arpa/inet.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/thread_name.h"
#include "mqtt/mqtt_words.h"
#include "mqtt/net_diagnosis.h"
#include "mqtt/tls_inspect.h"

namespace sa {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr const char kWillPayload[] = "offline";
// Room for status, health and availability messages next to the publisher's window.
constexpr int kControlHeadroom = 4;
// MQTT 5 without a Receive Maximum in the CONNACK: no limit but the packet id space.
constexpr int kNoReceiveMaximum = 65'535;
// mosquitto_loop() wakes at least this often to see a stop request.
constexpr int kLoopTimeoutMs = 1'000;
// libmosquitto refuses keepalives of 1 to 4 s.
constexpr int kMinKeepaliveSeconds = 5;

// An MQTT 5 reason code in the project's words, else libmosquitto's.
std::string reason_words(int code) {
  std::string words = reason_code_words(code);
  if (words.empty())
    words = mosquitto_reason_string(code);
  return words + " (reason code " + hex_code(code) + ")";
}

std::string refusal_words(int code, bool v5) {
  if (v5)
    return reason_words(code);
  std::string words = connack_return_code_words(code);
  return words.empty() ? mosquitto_connack_string(code) : words;
}

std::string library_words(int rc, int saved_errno) {
  if (rc == MOSQ_ERR_ERRNO && saved_errno != 0)
    return std::strerror(saved_errno);
  return mosquitto_strerror(rc);
}

std::string name_text(X509_NAME* name) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr)
    return "";
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<size_t>(std::max(0L, len)));
  BIO_free(bio);
  return text;
}

// A key file protected by a passphrase is refused instead of OpenSSL asking on the terminal.
int no_passphrase(char*, int, int, void*) {
  return 0;
}

constexpr const char kIpv6Any[] = "::";
constexpr const char kIpv4Any[] = "0.0.0.0";

// Numeric addresses and single-family names: {nullptr}, libmosquitto connects as it does.
// Otherwise one wildcard bind address per family, in the order the resolver ranks them.
std::vector<const char*> family_bind_addresses(const std::string& host) {
  unsigned char numeric[sizeof(in6_addr)];
  if (inet_pton(AF_INET, host.c_str(), numeric) == 1 ||
      inet_pton(AF_INET6, host.c_str(), numeric) == 1)
    return {nullptr};
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0)
    return {nullptr};  // libmosquitto resolves again and reports the error
  std::vector<const char*> binds;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const char* bind = a->ai_family == AF_INET6  ? kIpv6Any
                       : a->ai_family == AF_INET ? kIpv4Any
                                                 : nullptr;
    if (bind != nullptr && std::find(binds.begin(), binds.end(), bind) == binds.end())
      binds.push_back(bind);
  }
  freeaddrinfo(found);
  if (binds.size() < 2)
    return {nullptr};
  return binds;
}

void init_library_once() {
  static const int rc = mosquitto_lib_init();  // not thread-safe: once per process
  (void)rc;
}

struct MosquittoDeleter {
  void operator()(mosquitto* m) const { mosquitto_destroy(m); }
};
struct PropertiesDeleter {
  void operator()(mosquitto_property* p) const { mosquitto_property_free_all(&p); }
};
using Properties = std::unique_ptr<mosquitto_property, PropertiesDeleter>;

}  // namespace

class MosquittoTransport::Impl {
 public:
  Impl(BrokerConfig broker, std::string client_id, std::string will_topic)
      : broker_(std::move(broker)),
        client_id_(std::move(client_id)),
        will_topic_(std::move(will_topic)),
        uri_(server_uri(broker_)),
        v5_(broker_.protocol == MqttVersion::v5) {
    init_library_once();
  }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;

  ~Impl() {
    if (phase_.load() == Phase::up)
      close_link(milliseconds(2'000));
    stop_network();
  }

  void set_callbacks(Callbacks callbacks) { callbacks_ = std::move(callbacks); }

  // Each CONNECT gets the whole timeout: a fresh session or a lost one takes two.
  ConnectReport connect(milliseconds timeout) {
    stop_network();
    ConnectReport report = base_report();
    if (!client_ || broker_.clean_session || !session_started_) {
      if (!new_client(true, report.reason))
        return report;
      if (!broker_.clean_session) {
        // End whatever session an earlier process left; what it had in flight is still in the
        // agent's queue and is sent again.
        ConnectReport clean = connect_once(timeout);
        if (!clean.connected)
          return clean;
        close_link(timeout);
        if (!new_client(false, report.reason))
          return report;
      }
    }
    report = connect_once(timeout);
    if (report.connected && session_dropped()) {
      // The broker lost the session while messages were in flight: the DISCONNECT went out
      // before libmosquitto's resends. Start over with an empty client state.
      close_link(timeout);
      if (!new_client(false, report.reason)) {
        report.connected = false;
        return report;
      }
      report = connect_once(timeout);
      report.session_present = false;
    }
    if (report.connected)
      session_started_ = true;
    return report;
  }

  bool publish(const PublishRequest& request, std::string& reason) {
    if (request.payload.size() > static_cast<size_t>(MQTT_MAX_PAYLOAD)) {
      reason = "payload too large for MQTT";
      return false;
    }
    Properties props;
    if (v5_) {
      mosquitto_property* list = nullptr;
      if (request.message_expiry.count() > 0) {
        mosquitto_property_add_int32(&list, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL,
                                     static_cast<uint32_t>(request.message_expiry.count()));
      }
      for (const UserProperty& p : request.user_properties) {
        mosquitto_property_add_string_pair(&list, MQTT_PROP_USER_PROPERTY, p.name.c_str(),
                                           p.value.c_str());
      }
      if (!request.correlation_data.empty()) {
        mosquitto_property_add_binary(&list, MQTT_PROP_CORRELATION_DATA,
                                      request.correlation_data.data(),
                                      static_cast<uint16_t>(request.correlation_data.size()));
      }
      props.reset(list);
    }
    // Held across the call: the delivery callback (on the network thread) must find the mid.
    std::unique_lock<std::mutex> lock(mutex_);
    if (phase_.load() != Phase::up) {
      reason = "not connected";
      return false;
    }
    if (request.qos > 0 && unsettled_ >= unsettled_limit()) {
      reason = "the broker's in-flight limit (" + std::to_string(unsettled_limit()) +
               " unacknowledged messages) is reached";
      return false;
    }
    int mid = 0;
    enter_library(lock);
    const int rc = mosquitto_publish_v5(
        client_.get(), &mid, request.topic.c_str(), static_cast<int>(request.payload.size()),
        request.payload.data(), request.qos, request.retain, props.get());
    const int saved_errno = errno;
    leave_library(lock);
    // A QoS 1/2 message that met a connection closing under it (or, driven, a write failing
    // under it) stays in libmosquitto's session state and goes out on the next connection: it
    // was queued. The loop then finds the connection lost.
    const bool lost_on_write = rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_ERRNO;
    const bool queued = rc == MOSQ_ERR_SUCCESS ||
                        (request.qos > 0 && (rc == MOSQ_ERR_NO_CONN || (driven_ && lost_on_write)));
    if (!queued) {
      reason = library_words(rc, saved_errno);
      report_deferred(lock);
      return false;
    }
    pending_[mid] = Pending{request.token, request.qos};
    if (request.qos > 0)
      ++unsettled_;
    report_deferred(lock);
    return true;
  }

  bool subscribe(const std::string& filter, int qos, milliseconds timeout, std::string& reason) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (phase_.load() != Phase::up) {
      reason = "not connected";
      return false;
    }
    int mid = 0;
    enter_library(lock);
    const int rc = mosquitto_subscribe(client_.get(), &mid, filter.c_str(), qos);
    const int saved_errno = errno;
    leave_library(lock);
    report_deferred(lock);
    if (rc != MOSQ_ERR_SUCCESS) {
      reason = library_words(rc, saved_errno);
      return false;
    }
    const bool answered = wait_for_loop(lock, Clock::now() + timeout, [&] {
      return subacks_.count(mid) != 0 || phase_.load() != Phase::up;
    });
    const auto it = subacks_.find(mid);
    if (!answered || it == subacks_.end()) {
      reason = answered ? "connection lost waiting for SUBACK" : "timed out waiting for SUBACK";
      return false;
    }
    const int granted = it->second;
    subacks_.erase(it);
    if (granted >= 0x80) {
      reason = "subscription refused: " + reason_words(granted);
      return false;
    }
    return true;
  }

  void disconnect(milliseconds timeout) {
    if (network_.joinable() || link_open_)
      close_link(timeout);
  }

  bool is_connected() const { return phase_.load() == Phase::up; }

  bool drive_from_caller() {
    driven_ = true;
    return true;
  }

  int poll_fd() const { return link_open_ ? mosquitto_socket(client_.get()) : -1; }

  bool wants_write() const { return link_open_ && mosquitto_want_write(client_.get()); }

  void hold_writes(bool hold) {
    const int fd = poll_fd();
    if (fd < 0)
      return;
    const int on = hold ? 1 : 0;
    // Not a TCP socket (cannot happen) or closed under us: packets just go out one by one.
    (void)setsockopt(fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
  }

  void service(bool readable, bool writable) {
    if (!link_open_)
      return;
    mosquitto* m = client_.get();
    int rc = MOSQ_ERR_SUCCESS;
    if (readable)
      rc = mosquitto_loop_read(m, 1);
    if (rc == MOSQ_ERR_SUCCESS && writable)
      rc = mosquitto_loop_write(m, 1);
    if (rc == MOSQ_ERR_SUCCESS)
      rc = mosquitto_loop_misc(m);  // keepalive
    const int saved_errno = errno;
    if (rc != MOSQ_ERR_SUCCESS || mosquitto_socket(m) < 0) {
      finish_link(rc, saved_errno);
      return;
    }
    release_connack();
  }

 private:
  enum class Phase { idle, connecting, up, closed };

  struct Pending {
    uint64_t token = 0;
    int qos = 0;
  };

  struct Connack {
    int code = 0;
    bool session_present = false;
    int maximum_qos = 2;
    std::string tls_version;
    std::string peer_subject;
  };

  ConnectReport base_report() const {
    ConnectReport report;
    report.server_uri = uri_;
    report.protocol = v5_ ? "5" : "3.1.1";
    return report;
  }

  // Unacknowledged QoS 1/2 messages the broker takes at once: its MQTT 5 Receive Maximum. MQTT
  // 3.1.1 cannot tell; a broker over its limit (mosquitto: max_inflight_messages, 20 by default)
  // drops the message yet answers as if it took it, so stay at the configured window plus room
  // for control messages. Called with mutex_ held.
  int unsettled_limit() const {
    return v5_ ? receive_maximum_ : std::max(broker_.max_inflight, 1) + kControlHeadroom;
  }

  bool session_dropped() {
    std::lock_guard<std::mutex> lock(mutex_);
    return session_dropped_;
  }

  // A new libmosquitto client: clean start is fixed at creation. Drops every message it held.
  bool new_client(bool clean_start, std::string& reason) {
    stop_network();
    client_.reset(mosquitto_new(client_id_.c_str(), clean_start, this));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      pending_.clear();
      unsettled_ = 0;
      subacks_.clear();
    }
    if (!client_) {
      reason = "cannot create MQTT client for " + uri_ + ": " + std::strerror(errno);
      return false;
    }
    mosquitto* m = client_.get();
    // With a network thread, publish() only queues and wakes it; driven, publish() writes at once.
    mosquitto_threaded_set(m, !driven_);
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, v5_ ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
    // libmosquitto 2.0.11 turns every unsettled message past its in-flight maximum back into an
    // unsent one when it reconnects, and sends it again as a new PUBLISH: after a PUBREL the
    // broker has acted on, a QoS 2 reading would arrive twice. So its own maximum is never
    // reached; publish() keeps to the broker's limit instead (unsettled_limit()).
    mosquitto_int_option(m, MOSQ_OPT_SEND_MAXIMUM, kNoReceiveMaximum);
    mosquitto_int_option(m, MOSQ_OPT_TCP_NODELAY, 1);
    mosquitto_connect_v5_callback_set(m, &Impl::on_connect);
    mosquitto_disconnect_v5_callback_set(m, &Impl::on_disconnect);
    mosquitto_publish_v5_callback_set(m, &Impl::on_publish);
    mosquitto_subscribe_v5_callback_set(m, &Impl::on_subscribe);
    mosquitto_message_v5_callback_set(m, &Impl::on_message);
    if (!broker_.username.empty() || !broker_.password.empty()) {
      const int rc = mosquitto_username_pw_set(
          m, broker_.username.empty() ? nullptr : broker_.username.c_str(),
          broker_.password.empty() ? nullptr : broker_.password.c_str());
      if (rc != MOSQ_ERR_SUCCESS) {
        reason = "cannot use the credentials: " + library_words(rc, errno);
        return false;
      }
    }
    if (!will_topic_.empty()) {
      mosquitto_will_set(m, will_topic_.c_str(), static_cast<int>(sizeof kWillPayload - 1),
                         kWillPayload, 1, true);
    }
    if (broker_.tls && !configure_tls(m, reason))
      return false;
    if (v5_ && !set_connect_properties(m, reason))
      return false;
    return true;
  }

  bool configure_tls(mosquitto* m, std::string& reason) {
    const bool system_cas = broker_.ca_file.empty();
    if (system_cas)
      mosquitto_int_option(m, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
    const auto c_str_or_null = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
    const int rc = mosquitto_tls_set(
        m, c_str_or_null(broker_.ca_file), system_cas ? kSystemCaPath : nullptr,
        c_str_or_null(broker_.cert_file), c_str_or_null(broker_.key_file), &no_passphrase);
    if (rc != MOSQ_ERR_SUCCESS) {
      reason =
          "cannot use the TLS files (ca_file, cert_file, key_file): " + library_words(rc, errno);
      return false;
    }
    // Certificate chain and host name are both checked (tls_insecure stays off).
    mosquitto_tls_opts_set(m, SSL_VERIFY_PEER, nullptr, nullptr);
    return true;
  }

  // libmosquitto 2.0 has no asynchronous connect taking MQTT 5 properties, and its blocking one
  // can wait minutes for an unreachable host. mosquitto_connect_bind_v5 stores the properties
  // before it checks the address, so an invalid port stores them without connecting, and
  // mosquitto_connect_async then sends them with every CONNECT of this client.
  bool set_connect_properties(mosquitto* m, std::string& reason) {
    mosquitto_property* list = nullptr;
    const auto expiry = std::chrono::duration_cast<std::chrono::seconds>(broker_.session_expiry);
    mosquitto_property_add_int32(
        &list, MQTT_PROP_SESSION_EXPIRY_INTERVAL,
        broker_.clean_session ? 0u : static_cast<uint32_t>(std::max<int64_t>(0, expiry.count())));
    const Properties props(list);
    const int rc = mosquitto_connect_bind_v5(m, broker_.host.c_str(), -1, keepalive_seconds(),
                                             nullptr, props.get());
    if (rc != MOSQ_ERR_INVAL) {
      reason = "cannot set the MQTT 5 session expiry: " + library_words(rc, errno);
      return false;
    }
    return true;
  }

  int keepalive_seconds() const {
    const int seconds = seconds_ceil(broker_.keepalive);
    return seconds == 0 ? 0 : std::max(seconds, kMinKeepaliveSeconds);
  }

  // One CONNECT/CONNACK on the current client, its network thread left running when connected.
  // A host name with IPv6 and IPv4 addresses is tried over each family in the resolver's order
  // until the broker answers: libmosquitto's non-blocking connect stops at the first address
  // whose connect() does not fail at once, so a refused ::1 would hide a listening 127.0.0.1.
  ConnectReport connect_once(milliseconds timeout) {
    const std::vector<const char*> binds = family_bind_addresses(broker_.host);
    ConnectReport report;
    std::string reasons;
    for (size_t i = 0; i < binds.size(); ++i) {
      bool answered = false;
      report = connect_over(timeout, binds[i], answered);
      if (report.connected || answered)
        return report;
      if (binds.size() > 1) {
        reasons += std::string(reasons.empty() ? "" : "; ") + "over " +
                   (binds[i] == kIpv6Any ? "IPv6" : "IPv4") + ": " + report.reason;
      }
    }
    if (binds.size() > 1)
      report.reason = reasons;
    return report;
  }

  // `bind_address` is null (libmosquitto's choice) or a family's wildcard address, which makes
  // libmosquitto skip the other family's addresses. `answered`: the broker sent a CONNACK.
  ConnectReport connect_over(milliseconds timeout, const char* bind_address, bool& answered) {
    const Clock::time_point deadline = Clock::now() + timeout;
    ConnectReport report = base_report();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      // QoS 0 messages not yet written died with the last connection, unreported.
      for (auto it = pending_.begin(); it != pending_.end();) {
        it = it->second.qos == 0 ? pending_.erase(it) : std::next(it);
      }
      connack_.reset();
      connack_seen_.reset();
      session_dropped_ = false;
      close_requested_ = false;
      end_rc_ = MOSQ_ERR_SUCCESS;
      end_errno_ = 0;
      broker_disconnect_code_ = 0;
      phase_ = Phase::connecting;
    }
    const int rc = mosquitto_connect_bind_async(client_.get(), broker_.host.c_str(), broker_.port,
                                                keepalive_seconds(), bind_address);
    if (rc != MOSQ_ERR_SUCCESS) {
      const int saved_errno = errno;
      phase_ = Phase::idle;
      report.reason = explain_failure(rc, saved_errno, timeout);
      return report;
    }
    if (driven_) {
      link_open_ = true;
    } else {
      stop_.store(false);
      network_ = std::thread([this] {
        name_this_thread("sa-mqtt-net");
        run_network();
      });
    }

    std::unique_lock<std::mutex> lock(mutex_);
    const bool settled = wait_for_loop(
        lock, deadline, [&] { return connack_.has_value() || phase_.load() == Phase::closed; });
    if (!settled) {
      lock.unlock();
      report.reason = "timed out after " + std::to_string(seconds_ceil(timeout)) +
                      " s waiting for the broker at " + broker_.host + ":" +
                      std::to_string(broker_.port);
      close_link(milliseconds(500));
      return report;
    }
    if (connack_ && connack_->code == 0) {
      report.connected = true;
      report.session_present = connack_->session_present;
      report.maximum_qos = connack_->maximum_qos;
      report.tls_version = connack_->tls_version;
      report.peer_subject = connack_->peer_subject;
      return report;
    }
    const std::optional<Connack> refused = connack_;
    answered = refused.has_value();
    const int end_rc = end_rc_;
    const int end_errno = end_errno_;
    lock.unlock();
    stop_network();
    report.reason =
        refused ? refusal_words(refused->code, v5_) : explain_failure(end_rc, end_errno, timeout);
    return report;
  }

  // libmosquitto folds DNS, refused, timeout and TLS failures into few codes: ask the network
  // (and, for TLS, our own handshake) what actually went wrong.
  std::string explain_failure(int rc, int saved_errno, milliseconds timeout) const {
    std::string words = diagnose_tcp(broker_.host, broker_.port, timeout);
    if (words.empty() && broker_.tls) {
      const TlsPeerInfo tls = inspect_tls(broker_, timeout);
      if (!tls.ok)
        words = tls.error;
    }
    std::string library = library_words(rc, saved_errno);
    if (words.empty())
      return library;
    return words + " [libmosquitto: " + library + "]";
  }

  // Sends DISCONNECT (no Last Will) and waits for the network thread to write it and end.
  void close_link(milliseconds timeout) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      close_requested_ = true;
    }
    if (network_.joinable() || link_open_) {
      mosquitto_disconnect(client_.get());  // also wakes the loop
      std::unique_lock<std::mutex> lock(mutex_);
      wait_for_loop(lock, Clock::now() + timeout, [&] { return phase_.load() == Phase::closed; });
    }
    stop_network();
  }

  void stop_network() {
    if (link_open_)
      finish_link(MOSQ_ERR_SUCCESS, 0);
    if (!network_.joinable())
      return;
    stop_.store(true);
    network_.join();
  }

  // Driven, libmosquitto writes at once inside publish and subscribe calls, and a QoS 0 message
  // written there (this one or one queued before) is reported from inside the call, before its
  // packet id is known here. So mutex_ is released around the call and such reports wait for
  // report_deferred(). With a network thread, mutex_ stays held: the callback runs there.
  void enter_library(std::unique_lock<std::mutex>& lock) {
    if (!driven_)
      return;
    in_library_call_ = true;
    lock.unlock();
  }

  void leave_library(std::unique_lock<std::mutex>& lock) {
    if (!driven_)
      return;
    lock.lock();
    in_library_call_ = false;
  }

  void report_deferred(std::unique_lock<std::mutex>& lock) {
    if (deferred_reports_.empty())
      return;
    std::vector<std::pair<int, int>> reports;
    reports.swap(deferred_reports_);
    lock.unlock();
    for (const auto& [mid, code] : reports)
      published(mid, code);
    lock.lock();
  }

  // Waits until `done` (checked under mutex_) or the deadline: on the condition variable while
  // the network thread runs the loop, else running the loop here (driven mode).
  template <typename Done>
  bool wait_for_loop(std::unique_lock<std::mutex>& lock, Clock::time_point deadline, Done done) {
    if (!driven_)
      return cv_.wait_until(lock, deadline, done);
    while (!done()) {
      const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now()).count();
      if (left <= 0 || !link_open_)
        return done();
      lock.unlock();
      pump(static_cast<int>(std::min<int64_t>(left, kLoopTimeoutMs)));
      lock.lock();
    }
    return true;
  }

  // One round of libmosquitto's own loop (select, read, write, keepalive) on this thread.
  void pump(int timeout_ms) {
    const int rc = mosquitto_loop(client_.get(), timeout_ms, 1);
    if (rc != MOSQ_ERR_SUCCESS) {
      finish_link(rc, errno);
      return;
    }
    release_connack();
  }

  void run_network() {
    int rc = MOSQ_ERR_SUCCESS;
    int saved_errno = 0;
    while (!stop_.load()) {
      rc = mosquitto_loop(client_.get(), kLoopTimeoutMs, 1);
      if (rc != MOSQ_ERR_SUCCESS) {
        saved_errno = errno;
        break;
      }
      release_connack();
    }
    finish_link(rc, saved_errno);
  }

  // The end of one connection's loop: hands a pending CONNACK over, records why it ended and
  // reports the loss of a connection that was up and not closed on purpose.
  void finish_link(int rc, int saved_errno) {
    link_open_ = false;
    bool report_loss = false;
    std::string reason;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (connack_seen_)
        connack_ = std::exchange(connack_seen_, std::nullopt);
      report_loss = phase_.load() == Phase::up && !close_requested_;
      phase_ = Phase::closed;
      end_rc_ = rc;
      end_errno_ = saved_errno;
      if (broker_disconnect_code_ >= 0x80) {
        reason = "disconnected by the broker: " + reason_words(broker_disconnect_code_);
      } else if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN) {
        reason = "connection lost: " + library_words(rc, saved_errno);
      } else {
        reason = "connection lost";
      }
    }
    cv_.notify_all();
    if (report_loss && callbacks_.connection_lost)
      callbacks_.connection_lost(reason);
  }

  // libmosquitto calls on_connect before it queues the resends of the session's unacknowledged
  // PUBLISH packets (handle__connack: callback, then message__retry_check). Were connect() to
  // return from the callback, the publisher's next messages could be queued ahead of those
  // resends and reach the broker first: newer readings before older ones on one topic. So the
  // CONNACK is handed to connect() only once mosquitto_loop() has returned from handling it.
  void release_connack() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!connack_seen_)
        return;
      connack_ = std::exchange(connack_seen_, std::nullopt);
    }
    cv_.notify_all();
  }

  // --- libmosquitto callbacks, on the network thread ---

  static void on_connect(mosquitto* m, void* self, int code, int flags,
                         const mosquitto_property* props) {
    static_cast<Impl*>(self)->connected(m, code, flags, props);
  }

  void connected(mosquitto* m, int code, int flags, const mosquitto_property* props) {
    Connack connack;
    connack.code = code;
    connack.session_present = (flags & 0x01) != 0;
    uint8_t maximum_qos = 2;
    if (mosquitto_property_read_byte(props, MQTT_PROP_MAXIMUM_QOS, &maximum_qos, false) !=
        nullptr) {
      connack.maximum_qos = maximum_qos;
    }
    uint16_t receive_maximum = kNoReceiveMaximum;
    mosquitto_property_read_int16(props, MQTT_PROP_RECEIVE_MAXIMUM, &receive_maximum, false);
    if (code == 0 && broker_.tls)
      read_tls_session(m, connack);
    bool drop = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const bool in_flight = std::any_of(pending_.begin(), pending_.end(),
                                         [](const auto& entry) { return entry.second.qos > 0; });
      drop = code == 0 && !connack.session_present && in_flight;
      session_dropped_ = drop;
      if (code == 0)
        receive_maximum_ = std::max<int>(1, receive_maximum);
      if (code == 0 && !drop)
        phase_ = Phase::up;
      connack_seen_ = connack;
    }
    // Queued ahead of the resends libmosquitto makes when this callback returns, and the socket
    // is closed once it is written: none of them reach the broker.
    if (drop)
      mosquitto_disconnect(m);
    cv_.notify_all();
  }

  static void read_tls_session(mosquitto* m, Connack& connack) {
    SSL* ssl = static_cast<SSL*>(mosquitto_ssl_get(m));
    if (ssl == nullptr)
      return;
    connack.tls_version = SSL_get_version(ssl);
    if (X509* cert = SSL_get1_peer_certificate(ssl)) {
      connack.peer_subject = name_text(X509_get_subject_name(cert));
      X509_free(cert);
    }
  }

  static void on_disconnect(mosquitto*, void* self, int code, const mosquitto_property*) {
    Impl* impl = static_cast<Impl*>(self);
    std::lock_guard<std::mutex> lock(impl->mutex_);
    // Reason codes from a broker's DISCONNECT are >= 0x80; library error codes are small.
    if (code >= 0x80)
      impl->broker_disconnect_code_ = code;
  }

  static void on_publish(mosquitto*, void* self, int mid, int code, const mosquitto_property*) {
    static_cast<Impl*>(self)->published(mid, code);
  }

  void published(int mid, int code) {
    DeliveryReport delivery;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (in_library_call_) {
        deferred_reports_.emplace_back(mid, code);
        return;
      }
      const auto it = pending_.find(mid);
      if (it == pending_.end())
        return;
      delivery.token = it->second.token;
      if (it->second.qos > 0)
        --unsettled_;
      pending_.erase(it);
    }
    if (!broker_has_message(code)) {
      delivery.rejected = true;
      delivery.reason = "not accepted by the broker: " + reason_words(code);
    } else {
      delivery.delivered = true;
    }
    if (callbacks_.delivered)
      callbacks_.delivered(delivery);
  }

  static void on_subscribe(mosquitto*, void* self, int mid, int count, const int* granted,
                           const mosquitto_property*) {
    Impl* impl = static_cast<Impl*>(self);
    {
      std::lock_guard<std::mutex> lock(impl->mutex_);
      impl->subacks_[mid] = count > 0 ? granted[0] : 0x80;
    }
    impl->cv_.notify_all();
  }

  static void on_message(mosquitto*, void* self, const mosquitto_message* message,
                         const mosquitto_property* props) {
    Impl* impl = static_cast<Impl*>(self);
    if (message == nullptr)
      return;
    const char* payload = static_cast<const char*>(message->payload);
    std::string body(payload, static_cast<size_t>(message->payloadlen));
    if (impl->callbacks_.message)
      impl->callbacks_.message(message->topic, body);
    if (!impl->callbacks_.inbound)
      return;
    InboundMessage in;
    in.topic = message->topic;
    in.payload = std::move(body);
    in.qos = message->qos;
    in.retained = message->retain;
    in.received_at = std::chrono::steady_clock::now();
    uint32_t expiry = 0;
    if (mosquitto_property_read_int32(props, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, &expiry, false))
      in.message_expiry = std::chrono::seconds(expiry);
    char* response_topic = nullptr;
    if (mosquitto_property_read_string(props, MQTT_PROP_RESPONSE_TOPIC, &response_topic, false)) {
      in.response_topic = response_topic;
      std::free(response_topic);
    }
    void* correlation = nullptr;
    uint16_t correlation_len = 0;
    if (mosquitto_property_read_binary(props, MQTT_PROP_CORRELATION_DATA, &correlation,
                                       &correlation_len, false)) {
      in.correlation_data.assign(static_cast<const char*>(correlation), correlation_len);
      std::free(correlation);
    }
    impl->callbacks_.inbound(in);
  }

  const BrokerConfig broker_;
  const std::string client_id_;
  const std::string will_topic_;
  const std::string uri_;
  const bool v5_;
  bool session_started_ = false;  // a session of this process exists on the broker
  bool driven_ = false;           // the caller runs the network loop (drive_from_caller)
  bool link_open_ = false;        // driven: a connection's loop has not ended yet
  Callbacks callbacks_;

  std::atomic<Phase> phase_{Phase::idle};
  std::atomic<bool> stop_{false};

  std::mutex mutex_;  // never held by the network thread while it calls a Transport callback
  std::condition_variable cv_;
  std::unordered_map<int, Pending> pending_;  // by packet id: handed over, not yet reported
  std::unordered_map<int, int> subacks_;      // by packet id: granted QoS or failure code
  std::optional<Connack> connack_;            // what connect() waits for
  std::optional<Connack> connack_seen_;       // received; its resends not yet queued
  bool session_dropped_ = false;
  int unsettled_ = 0;                        // QoS 1/2 entries of pending_
  int receive_maximum_ = kNoReceiveMaximum;  // from the last CONNACK (MQTT 5)
  bool close_requested_ = false;
  bool in_library_call_ = false;                       // driven: inside publish/subscribe
  std::vector<std::pair<int, int>> deferred_reports_;  // (packet id, reason code) seen there
  int end_rc_ = MOSQ_ERR_SUCCESS;
  int end_errno_ = 0;
  int broker_disconnect_code_ = 0;

  std::unique_ptr<mosquitto, MosquittoDeleter> client_;
  std::thread network_;  // last: joined before the client it uses goes away
};

MosquittoTransport::MosquittoTransport(BrokerConfig broker, std::string client_id,
                                       std::string will_topic)
    : impl_(
          std::make_unique<Impl>(std::move(broker), std::move(client_id), std::move(will_topic))) {}
MosquittoTransport::~MosquittoTransport() = default;

void MosquittoTransport::set_callbacks(Callbacks callbacks) {
  impl_->set_callbacks(std::move(callbacks));
}
ConnectReport MosquittoTransport::connect(std::chrono::milliseconds timeout) {
  return impl_->connect(timeout);
}
bool MosquittoTransport::publish(const PublishRequest& request, std::string& reason) {
  return impl_->publish(request, reason);
}
bool MosquittoTransport::subscribe(const std::string& topic_filter, int qos,
                                   std::chrono::milliseconds timeout, std::string& reason) {
  return impl_->subscribe(topic_filter, qos, timeout, reason);
}
void MosquittoTransport::disconnect(std::chrono::milliseconds timeout) {
  impl_->disconnect(timeout);
}
bool MosquittoTransport::is_connected() const {
  return impl_->is_connected();
}
bool MosquittoTransport::drive_from_caller() {
  return impl_->drive_from_caller();
}
int MosquittoTransport::poll_fd() const {
  return impl_->poll_fd();
}
bool MosquittoTransport::wants_write() const {
  return impl_->wants_write();
}
void MosquittoTransport::service(bool readable, bool writable) {
  impl_->service(readable, writable);
}
void MosquittoTransport::hold_writes(bool hold) {
  impl_->hold_writes(hold);
}

}  // namespace sa
