#pragma once

#include <chrono>
#include <string>

#include "config/config.h"

namespace sa {

struct TlsPeerInfo {
  bool ok = false;
  std::string version;  // "TLSv1.3"
  std::string subject;  // broker certificate subject, RFC 2253
  std::string issuer;
  std::string error;  // why the handshake failed, in words
};

// The CA file used when broker.ca_file is empty (Debian's bundle), else the directory.
std::string system_ca_file();
constexpr const char kSystemCaPath[] = "/etc/ssl/certs";

// A short TLS handshake of our own to broker.host:port with the same CA, client certificate and
// host name check as the MQTT connection. Paho 1.2 does not expose its SSL*, so this is how the
// probe learns the negotiated TLS version and the broker's certificate subject, and how a failed
// TLS connect is explained (certificate not trusted, expired, wrong host name).
TlsPeerInfo inspect_tls(const BrokerConfig& broker, std::chrono::milliseconds timeout);

}  // namespace sa
