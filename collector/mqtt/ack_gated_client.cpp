#include "mqtt/ack_gated_client.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace sa::collector {

namespace {

void init_library() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

}  // namespace

AckGatedClient::AckGatedClient(const BrokerConfig& broker, std::vector<std::string> filters,
                               int receive_maximum, MessageHandler on_message)
    : broker_(broker),
      filters_(std::move(filters)),
      receive_maximum_(receive_maximum),
      on_message_(std::move(on_message)) {
  init_library();
  mosq_ = mosquitto_new(broker_.client_id.c_str(), broker_.clean_session, this);
  mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION,
                       broker_.protocol == MqttVersion::v5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
  // The caller drives the socket: queued packets (PUBACKs) wait for loop_write().
  mosquitto_threaded_set(mosq_, true);
  mosquitto_connect_v5_callback_set(mosq_, &AckGatedClient::handle_connect);
  mosquitto_disconnect_v5_callback_set(mosq_, &AckGatedClient::handle_disconnect);
  mosquitto_message_v5_callback_set(mosq_, &AckGatedClient::handle_message);
  if (!broker_.username.empty()) {
    mosquitto_username_pw_set(mosq_, broker_.username.c_str(),
                              broker_.password.empty() ? nullptr : broker_.password.c_str());
  }
  if (broker_.tls) {
    mosquitto_tls_set(mosq_, broker_.ca_file.empty() ? nullptr : broker_.ca_file.c_str(),
                      broker_.ca_file.empty() ? "/etc/ssl/certs" : nullptr,
                      broker_.cert_file.empty() ? nullptr : broker_.cert_file.c_str(),
                      broker_.key_file.empty() ? nullptr : broker_.key_file.c_str(), nullptr);
  }
}

AckGatedClient::~AckGatedClient() {
  mosquitto_destroy(mosq_);
}

Status AckGatedClient::connect() {
  mosquitto_property* props = nullptr;
  if (broker_.protocol == MqttVersion::v5) {
    // Session expiry keeps unacknowledged messages at the broker across a collector restart;
    // receive maximum bounds what is read but not yet committed to one batch.
    mosquitto_property_add_int32(
        &props, MQTT_PROP_SESSION_EXPIRY_INTERVAL,
        static_cast<uint32_t>(broker_.clean_session ? 0 : broker_.session_expiry.count() / 1000));
    mosquitto_property_add_int16(&props, MQTT_PROP_RECEIVE_MAXIMUM,
                                 static_cast<uint16_t>(receive_maximum_));
  }
  int keepalive = static_cast<int>(broker_.keepalive.count() / 1000);
  int rc = mosquitto_connect_bind_v5(mosq_, broker_.host.c_str(), broker_.port,
                                     keepalive > 0 ? keepalive : 60, nullptr, props);
  mosquitto_property_free_all(&props);
  if (rc != MOSQ_ERR_SUCCESS) {
    return Status::error(std::string("cannot connect to ") + broker_.url + ": " +
                         (rc == MOSQ_ERR_ERRNO ? std::strerror(errno) : mosquitto_strerror(rc)));
  }
  tcp_open_ = true;
  accepted_ = false;
  // The CONNECT itself is queued: nothing read yet, so writing it now acknowledges nothing.
  flush();
  return Status::ok();
}

int AckGatedClient::socket() const {
  return mosquitto_socket(mosq_);
}

bool AckGatedClient::read() {
  int rc = mosquitto_loop_read(mosq_, 1);
  if (rc != MOSQ_ERR_SUCCESS) {
    connected_ = false;
    tcp_open_ = false;
    return false;
  }
  return tcp_open_;
}

bool AckGatedClient::flush() {
  int rc = mosquitto_loop_write(mosq_, 1);
  if (rc != MOSQ_ERR_SUCCESS) {
    connected_ = false;
    tcp_open_ = false;
    return false;
  }
  return true;
}

bool AckGatedClient::wants_write() const {
  return mosquitto_want_write(mosq_);
}

void AckGatedClient::misc() {
  if (mosquitto_loop_misc(mosq_) != MOSQ_ERR_SUCCESS) {
    connected_ = false;
  }
}

void AckGatedClient::publish(const std::string& topic, const std::string& payload) {
  if (connected_) {
    mosquitto_publish_v5(mosq_, nullptr, topic.c_str(), static_cast<int>(payload.size()),
                         payload.data(), 0, false, nullptr);
  }
}

void AckGatedClient::disconnect() {
  if (tcp_open_) {
    mosquitto_disconnect_v5(mosq_, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
    flush();
  }
  connected_ = false;
  tcp_open_ = false;
}

void AckGatedClient::handle_connect(mosquitto* mosq, void* self, int rc, int flags,
                                    const mosquitto_property* /*props*/) {
  auto* client = static_cast<AckGatedClient*>(self);
  if (rc != 0) {
    spdlog::error("broker {} refused the connection: {}", client->broker_.url,
                  client->broker_.protocol == MqttVersion::v5 ? mosquitto_reason_string(rc)
                                                              : mosquitto_connack_string(rc));
    return;
  }
  client->connected_ = true;
  client->accepted_ = true;
  bool session_present = (flags & 1) != 0;
  spdlog::info("connected to {} (session {})", client->broker_.url,
               session_present ? "resumed" : "new");
  for (const std::string& filter : client->filters_) {
    int result = mosquitto_subscribe_v5(mosq, nullptr, filter.c_str(), 1, 0, nullptr);
    if (result != MOSQ_ERR_SUCCESS) {
      spdlog::error("cannot subscribe to {}: {}", filter, mosquitto_strerror(result));
    }
  }
}

void AckGatedClient::handle_disconnect(mosquitto* /*mosq*/, void* self, int rc,
                                       const mosquitto_property* /*props*/) {
  auto* client = static_cast<AckGatedClient*>(self);
  client->connected_ = false;
  if (rc != 0) {
    spdlog::warn("disconnected from {}: {}", client->broker_.url, mosquitto_strerror(rc));
  }
}

void AckGatedClient::handle_message(mosquitto* /*mosq*/, void* self,
                                    const mosquitto_message* message,
                                    const mosquitto_property* /*props*/) {
  auto* client = static_cast<AckGatedClient*>(self);
  IncomingMessage incoming;
  incoming.topic = message->topic != nullptr ? message->topic : "";
  if (message->payloadlen > 0) {
    incoming.payload.assign(static_cast<const char*>(message->payload),
                            static_cast<size_t>(message->payloadlen));
  }
  client->on_message_(std::move(incoming));
}

}  // namespace sa::collector
