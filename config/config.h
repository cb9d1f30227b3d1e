#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "option_spec.h"

namespace sa {

using std::chrono::milliseconds;

enum class MqttVersion { v3_1_1, v5 };
// The MQTT client library behind the transport: both offer every feature; libmosquitto costs
// less CPU and memory per message.
enum class MqttClient { paho, mosquitto };

struct AgentSettings {
  std::string state_dir = "/var/lib/sensor-agent";  // seq counters; the queue's default home
  milliseconds health_interval{60'000};             // {topic_prefix}/health
  std::string log_level = "info";
};

struct DeviceConfig {
  std::string id;                                 // default: the host name
  std::string topic_prefix = "sensors/{device}";  // expanded after loading
};

struct BrokerConfig {
  std::string url = "mqtt://localhost:1883";
  // Parsed from url (an IPv6 host without its brackets):
  std::string host = "localhost";
  int port = 1883;
  bool tls = false;

  MqttVersion protocol = MqttVersion::v5;
  MqttClient client = MqttClient::mosquitto;
  std::string client_id = "{device}";
  std::string username;
  std::string password;  // resolved: password_file, $CREDENTIALS_DIRECTORY, or inline
  std::string password_file;
  std::string ca_file;    // empty: the system CAs
  std::string cert_file;  // client certificate for mutual TLS
  std::string key_file;
  milliseconds keepalive{30'000};
  milliseconds connect_timeout{10'000};
  milliseconds ack_timeout{20'000};  // no PUBACK/PUBCOMP in time: the link is half-open
  milliseconds reconnect_min{1'000};
  milliseconds reconnect_max{60'000};
  bool clean_session = false;              // keep the session so QoS 1/2 in flight survive a drop
  milliseconds session_expiry{3'600'000};  // MQTT 5 only
  milliseconds message_expiry{0};          // MQTT 5 message expiry for readings; 0 = none
  int max_inflight = 16;                   // unacknowledged QoS 1/2 messages handed to the client
};

enum class DropPolicy { drop_oldest, drop_newest };
enum class SyncPolicy { always, batch, none };

struct QueueConfig {
  std::string dir;  // default: {state_dir}/queue
  uint64_t max_bytes = 64ull << 20;
  milliseconds max_age{0};  // 0: readings never expire
  DropPolicy on_full = DropPolicy::drop_oldest;
  SyncPolicy sync = SyncPolicy::batch;
  milliseconds sync_interval{200};
  uint64_t memory_max_messages = 10'000;  // bound of the in-memory buffer
  // Readings of one channel per message when the backlog is replayed (a JSON array); 1 sends
  // every reading alone. Opt-in: consumers must accept arrays on channel topics.
  int replay_pack = 1;
};

struct CalibrationPoint {
  double raw = 0.0;
  double actual = 0.0;
};

// Per-channel transforms, applied in this order: calibrate, scale, offset, valid range, median or
// mean, precision, deadband with heartbeat.
struct TransformConfig {
  std::optional<std::pair<CalibrationPoint, CalibrationPoint>> calibrate;
  double scale = 1.0;
  double offset = 0.0;
  std::optional<double> valid_min;
  std::optional<double> valid_max;
  int median = 0;      // window in samples, 0 off
  int mean = 0;        // window in samples, 0 off
  int precision = -1;  // decimals, -1 off
  std::optional<double> deadband;
  milliseconds heartbeat{0};
};

// Home Assistant discovery overrides of one channel (ha_* keys); empty: derived from the driver.
struct HaChannelConfig {
  std::string device_class;
  std::string state_class;
  std::string name;
  std::string icon;
  bool enabled = true;
};

struct ChannelConfig {
  std::string name;
  std::string unit;  // default: the driver's unit
  int qos = 1;
  bool retain = false;
  bool queue = true;  // default: qos > 0
  TransformConfig transform;
  Options options;    // driver-specific channel options
  std::string topic;  // {topic_prefix}/{sensor}/{channel}, validated
  HaChannelConfig ha;
  SourceLocation where;
};

struct SensorConfig {
  std::string name;
  std::string driver;
  milliseconds interval{10'000};
  milliseconds stale_after{0};  // 0: 3 intervals
  Options options;              // driver-specific sensor options
  std::vector<ChannelConfig> channels;
  SourceLocation where;
};

struct HomeAssistantConfig {
  bool discovery = false;
  std::string prefix = "homeassistant";
  std::string node_name;  // default: the device id
};

// Commands to the agent ({topic_prefix}/cmd/NAME) and to outputs (.../set).
struct CommandsConfig {
  bool enabled = false;  // subscribed anyway when an output exists
  int rate_limit = 5;    // per output, per second; 0: none
};

struct Config {
  std::string path;
  AgentSettings agent;
  DeviceConfig device;
  BrokerConfig broker;
  QueueConfig queue;
  HomeAssistantConfig homeassistant;
  CommandsConfig commands;
  std::vector<SensorConfig> sensors;
};

}  // namespace sa
