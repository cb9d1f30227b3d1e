#include "internal/broker_url.h"
#include "internal/file_access.h"
#include "internal/readers.h"
#include "internal/topic_rules.h"
#include "internal/units.h"

namespace sa::config_detail {

namespace {

using std::chrono::milliseconds;

constexpr int64_t kMaxUint16 = 65535;
constexpr int64_t kMaxUint32 = 4'294'967'295;
constexpr const char* kCredentialFileName = "mqtt-password";

// A duration MQTT carries in whole seconds up to `max_seconds`.
std::optional<milliseconds> read_seconds(TableReader& reader, std::string_view key,
                                         int64_t max_seconds) {
  std::optional<milliseconds> value = reader.duration(key);
  if (!value) {
    return std::nullopt;
  }
  std::string name(key);
  std::string written = "\"" + reader.find(key)->as_string()->get() + "\"";
  if (value->count() % 1000 != 0) {
    reader.error(key, name + " must be whole seconds (MQTT counts it in seconds), got " + written);
    return std::nullopt;
  }
  if (value->count() / 1000 > max_seconds) {
    reader.error(key, name + " must be at most " +
                          format_duration(milliseconds{max_seconds * 1000}) + ", got " + written);
    return std::nullopt;
  }
  return value;
}

std::optional<milliseconds> read_positive(TableReader& reader, std::string_view key) {
  std::optional<milliseconds> value = reader.duration(key);
  if (value && value->count() <= 0) {
    reader.error(key, std::string(key) + " must be longer than 0s");
    return std::nullopt;
  }
  return value;
}

void read_url_and_protocol(TableReader& reader, BrokerConfig& broker) {
  if (std::optional<std::string> url = reader.string("url")) {
    BrokerAddress address = parse_broker_url(*url);
    if (!address.problem.empty()) {
      reader.error("url", "url " + address.problem);
    } else {
      broker.url = *url;
      broker.host = address.host;
      broker.port = address.port;
      broker.tls = address.tls;
    }
  }
  const toml::node* protocol = reader.find("protocol");
  if (protocol != nullptr && (protocol->is_integer() || protocol->is_floating_point())) {
    reader.error("protocol", "protocol must be the string \"3.1.1\" or \"5\" (in quotes)");
  } else if (std::optional<std::string> version = reader.choice("protocol", {"3.1.1", "5"})) {
    broker.protocol = *version == "5" ? MqttVersion::v5 : MqttVersion::v3_1_1;
  }
  if (std::optional<std::string> client = reader.choice("client", {"paho", "mosquitto"})) {
    broker.client = *client == "mosquitto" ? MqttClient::mosquitto : MqttClient::paho;
  }
}

void read_client_id(TableReader& reader, BrokerConfig& broker) {
  std::optional<std::string> id = reader.string("client_id");
  if (!id && !reader.has("client_id")) {
    id = reader.expand("client_id", broker.client_id);
  }
  if (!id) {
    return;
  }
  if (id->empty()) {
    reader.error("client_id", "client_id must not be empty (leave it out for the device id)");
  } else if (id->size() > kMaxUint16 || !valid_utf8(*id) || id->find('\0') != std::string::npos) {
    reader.error("client_id", "client_id must be valid UTF-8 without U+0000, at most 65535 bytes");
  } else {
    broker.client_id = *id;
  }
}

// The password comes from password_file, an inline password, or (under systemd) the credential
// file mqtt-password. It never appears in a message.
void read_credentials(TableReader& reader, BrokerConfig& broker) {
  assign_if(broker.username, reader.string("username"));
  reader.mark_secret("password");
  const toml::node* inline_password = reader.find("password");
  std::optional<std::string> password = reader.string("password");
  if (password && inline_password->as_string()->get().find("${") == std::string::npos) {
    reader.warning("password",
                   "an inline password can be read by anyone who can read this "
                   "file; prefer password_file");
  }
  std::optional<std::string> file = reader.string("password_file");
  if (file && reader.has("password")) {
    reader.error("password_file", "give either password or password_file, not both");
    return;
  }
  if (!file && !reader.has("password") && !reader.has("password_file") &&
      !reader.context().env.credentials_directory.empty()) {
    std::string candidate = reader.context().env.credentials_directory + "/" + kCredentialFileName;
    if (readable_file_problem(candidate).empty()) {
      file = candidate;
    }
  }
  if (file) {
    std::string text;
    std::string problem;
    if (!read_whole_file(*file, text, problem)) {
      reader.error("password_file", "cannot read password file '" + *file + "': " + problem);
      return;
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
      text.pop_back();
    }
    if (text.empty()) {
      reader.error("password_file", "password file '" + *file + "' is empty");
      return;
    }
    broker.password_file = *file;
    password = std::move(text);
  }
  if (password) {
    broker.password = std::move(*password);
  }
  bool has_password = !broker.password.empty() || reader.has("password");
  if (!broker.username.empty() && !has_password) {
    reader.warning("username",
                   "username is set but neither password nor password_file; the "
                   "agent connects without a password");
  }
  if (broker.username.empty() && has_password && broker.protocol == MqttVersion::v3_1_1) {
    const char* key = reader.has("password") ? "password" : "password_file";
    reader.error(key, "MQTT 3.1.1 sends a password only with a username; set username");
  }
}

void read_tls_files(TableReader& reader, BrokerConfig& broker) {
  for (const char* key : {"ca_file", "cert_file", "key_file"}) {
    std::optional<std::string> path = reader.string(key);
    if (!path) {
      continue;
    }
    if (std::string problem = readable_file_problem(*path); !problem.empty()) {
      reader.error(key, "cannot read " + std::string(key) + " '" + *path + "': " + problem);
      continue;
    }
    std::string& field =
        std::string(key) == "ca_file"
            ? broker.ca_file
            : (std::string(key) == "cert_file" ? broker.cert_file : broker.key_file);
    field = *path;
    if (!broker.tls) {
      reader.warning(key, std::string(key) + " is ignored: url uses mqtt://; use mqtts:// for TLS");
    }
  }
  if (reader.has("cert_file") != reader.has("key_file")) {
    const char* given = reader.has("cert_file") ? "cert_file" : "key_file";
    reader.error(given, "cert_file and key_file go together: give both or neither");
  }
}

void read_timing(TableReader& reader, BrokerConfig& broker) {
  if (std::optional<milliseconds> keepalive = read_seconds(reader, "keepalive", kMaxUint16)) {
    broker.keepalive = *keepalive;
  }
  assign_if(broker.connect_timeout, read_positive(reader, "connect_timeout"));
  assign_if(broker.ack_timeout, read_positive(reader, "ack_timeout"));
  assign_if(broker.reconnect_min, read_positive(reader, "reconnect_min"));
  assign_if(broker.reconnect_max, read_positive(reader, "reconnect_max"));
  if (broker.reconnect_min > broker.reconnect_max) {
    const char* key = reader.has("reconnect_min") ? "reconnect_min" : "reconnect_max";
    reader.error(key, "reconnect_min (" + format_duration(broker.reconnect_min) +
                          ") must not be longer than reconnect_max (" +
                          format_duration(broker.reconnect_max) + ")");
  }
  assign_if(broker.clean_session, reader.boolean("clean_session"));
  assign_if(broker.session_expiry, read_seconds(reader, "session_expiry", kMaxUint32));
  assign_if(broker.message_expiry, read_seconds(reader, "message_expiry", kMaxUint32));
  if (std::optional<int64_t> inflight = reader.integer("max_inflight", 1, kMaxUint16)) {
    broker.max_inflight = static_cast<int>(*inflight);
  }
  if (broker.protocol == MqttVersion::v5 && !broker.clean_session &&
      broker.session_expiry.count() == 0) {
    reader.warning("session_expiry",
                   "session_expiry 0 ends the session at every disconnect, so QoS 1 and 2 "
                   "messages in flight are not resumed; clean_session = false needs a longer one");
  }
}

}  // namespace

void read_broker(const toml::table* table, ReadContext& context, BrokerConfig& broker) {
  TableReader reader(table, "broker", context);
  read_url_and_protocol(reader, broker);
  read_client_id(reader, broker);
  read_credentials(reader, broker);
  read_tls_files(reader, broker);
  read_timing(reader, broker);
  reader.report_unknown_keys();
}

}  // namespace sa::config_detail
