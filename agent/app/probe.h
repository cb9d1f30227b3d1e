#pragma once

#include <chrono>
#include <string>

#include "config/config.h"

namespace sa {

// The outcome of `sensor-agent probe`: one round trip through the configured broker.
struct ProbeReport {
  bool ok = false;
  std::string broker_uri;
  std::string protocol;      // "3.1.1" or "5"
  std::string tls_version;   // empty without TLS
  std::string peer_subject;  // broker certificate subject, empty without TLS
  std::string topic;         // {topic_prefix}/probe
  std::chrono::milliseconds connect_time{0};
  std::chrono::milliseconds round_trip{0};
  std::string stage;  // where it failed: connect, subscribe, publish, round trip
  std::string error;  // the failure in words
};

// Connects with the configured credentials and TLS (under its own client id and without a Last
// Will, so a running agent is left alone), subscribes to {topic_prefix}/probe, publishes a
// unique payload there at QoS 1 and waits for it to come back.
ProbeReport run_probe(const Config& config);
std::string format_probe(const ProbeReport& report);

}  // namespace sa
