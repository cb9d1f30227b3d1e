#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sa::test {

class MosquittoBroker;
struct Credentials;

struct SimChannel {
  std::string name;
  std::string waveform = "sine";  // sine, ramp, random_walk, constant
  double min = 0.0;
  double max = 100.0;
  std::string period = "1m";
  std::string unit;  // empty: not written
  int qos = 1;
  bool retain = false;
  std::string extra_toml;  // more keys of this channel table, as written ("queue = false")
};

struct SimSensor {
  std::string name;
  std::string interval = "200ms";
  std::vector<SimChannel> channels;
};

// The TOML a user would write for one device; empty strings are left out so the agent's defaults
// apply.
struct AgentConfig {
  std::string device_id = "test-device";
  std::string topic_prefix;
  std::string state_dir;
  std::string log_level = "debug";
  std::string health_interval;

  std::string url;
  std::string protocol;
  std::string client_id;
  std::string username;
  std::string password_file;
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::string keepalive;
  std::string reconnect_min;
  std::string reconnect_max;
  std::string broker_extra_toml;  // more keys of the [broker] table, as written

  std::vector<SimSensor> sensors;
  std::string extra_toml;  // appended as written

  std::string to_toml() const;
  // The topic prefix the agent will use, {device} expanded.
  std::string expanded_prefix() const;
};

// A device talking to `broker` over its plain listener, with one sim sensor `wave` of one
// channel `temperature` (QoS 1) and its state in `state_dir`.
AgentConfig config_for(const MosquittoBroker& broker, const std::filesystem::path& state_dir);

// Writes the password to a file of its own (mode 0600) and fills username/password_file.
void use_credentials(AgentConfig& config, const Credentials& credentials,
                     const std::filesystem::path& dir);

std::filesystem::path write_config(const std::filesystem::path& path, const AgentConfig& config);

// A TOML basic string: quoted, with backslash and quote escaped.
std::string toml_string(const std::string& text);

}  // namespace sa::test
