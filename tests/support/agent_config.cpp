#include "support/agent_config.h"

#include <sys/stat.h>

#include <iomanip>
#include <sstream>

#include "support/mosquitto_broker.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

void key(std::ostringstream& out, const char* name, const std::string& value) {
  if (!value.empty()) {
    out << name << " = " << toml_string(value) << "\n";
  }
}

std::string number(double value) {
  std::ostringstream text;
  text << std::setprecision(17) << value;
  std::string result = text.str();
  if (result.find_first_of(".eE") == std::string::npos) {
    result += ".0";
  }
  return result;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

std::string toml_string(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
    }
    quoted += c;
  }
  return quoted + "\"";
}

std::string AgentConfig::to_toml() const {
  std::ostringstream out;
  if (!state_dir.empty() || !log_level.empty() || !health_interval.empty()) {
    out << "[agent]\n";
    key(out, "state_dir", state_dir);
    key(out, "log_level", log_level);
    key(out, "health_interval", health_interval);
    out << "\n";
  }
  out << "[device]\n";
  key(out, "id", device_id);
  key(out, "topic_prefix", topic_prefix);
  out << "\n[broker]\n";
  key(out, "url", url);
  key(out, "protocol", protocol);
  key(out, "client_id", client_id);
  key(out, "username", username);
  key(out, "password_file", password_file);
  key(out, "ca_file", ca_file);
  key(out, "cert_file", cert_file);
  key(out, "key_file", key_file);
  key(out, "keepalive", keepalive);
  key(out, "reconnect_min", reconnect_min);
  key(out, "reconnect_max", reconnect_max);
  if (!broker_extra_toml.empty()) {
    out << broker_extra_toml << "\n";
  }
  for (const SimSensor& sensor : sensors) {
    out << "\n[[sensor]]\n";
    key(out, "name", sensor.name);
    out << "driver = \"sim\"\n";
    key(out, "interval", sensor.interval);
    for (const SimChannel& channel : sensor.channels) {
      out << "[sensor.channels." << channel.name << "]\n";
      key(out, "waveform", channel.waveform);
      out << "min = " << number(channel.min) << "\nmax = " << number(channel.max) << "\n";
      key(out, "period", channel.period);
      key(out, "unit", channel.unit);
      out << "qos = " << channel.qos << "\nretain = " << (channel.retain ? "true" : "false")
          << "\n";
      if (!channel.extra_toml.empty()) {
        out << channel.extra_toml << "\n";
      }
    }
  }
  if (!extra_toml.empty()) {
    out << "\n" << extra_toml << "\n";
  }
  return out.str();
}

std::string AgentConfig::expanded_prefix() const {
  std::string prefix = topic_prefix.empty() ? std::string("sensors/{device}") : topic_prefix;
  replace_all(prefix, "{device}", device_id);
  return prefix;
}

AgentConfig config_for(const MosquittoBroker& broker, const std::filesystem::path& state_dir) {
  AgentConfig config;
  config.url = broker.url();
  config.state_dir = state_dir.string();
  SimChannel temperature;
  temperature.name = "temperature";
  temperature.min = 18.0;
  temperature.max = 24.0;
  temperature.unit = "°C";
  config.sensors.push_back({"wave", "200ms", {temperature}});
  return config;
}

void use_credentials(AgentConfig& config, const Credentials& credentials,
                     const std::filesystem::path& dir) {
  std::filesystem::path file = dir / ("password-" + credentials.username);
  write_file(file, credentials.password + "\n");
  chmod(file.c_str(), 0600);
  config.username = credentials.username;
  config.password_file = file.string();
}

std::filesystem::path write_config(const std::filesystem::path& path, const AgentConfig& config) {
  write_file(path, config.to_toml());
  return path;
}

}  // namespace sa::test
