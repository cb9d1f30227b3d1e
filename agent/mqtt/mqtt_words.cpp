#include "mqtt/mqtt_words.h"

#include <cstdio>

namespace sa {

std::string server_uri(const BrokerConfig& broker) {
  const bool ipv6 = broker.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + broker.host + "]" : broker.host;
  return std::string(broker.tls ? "ssl://" : "tcp://") + host + ":" + std::to_string(broker.port);
}

int seconds_ceil(std::chrono::milliseconds ms) {
  return static_cast<int>((ms.count() + 999) / 1000);
}

bool broker_has_message(int reason_code) {
  constexpr int kPacketIdentifierNotFound = 0x92;
  return reason_code < 0x80 || reason_code == kPacketIdentifierNotFound;
}

std::string hex_code(int code) {
  char buf[16];  // room for any int: -Wformat-truncation at -O2
  std::snprintf(buf, sizeof buf, "0x%02X", code);
  return buf;
}

std::string connack_return_code_words(int code) {
  switch (code) {
    case 1:
      return "broker refused the protocol version (try protocol = \"3.1.1\")";
    case 2:
      return "client id rejected by the broker";
    case 3:
      return "broker unavailable";
    case 4:
      return "not authorised (bad user name or password)";
    case 5:
      return "not authorised (bad user name or password, or no permission to connect)";
    default:
      return "";
  }
}

std::string reason_code_words(int reason_code) {
  switch (reason_code) {
    case 0x80:
      return "unspecified error";
    case 0x81:
      return "malformed packet";
    case 0x82:
      return "protocol error";
    case 0x83:
      return "implementation specific error";
    case 0x84:
      return "broker refused the protocol version (try protocol = \"3.1.1\")";
    case 0x85:
      return "client id rejected by the broker";
    case 0x86:
      return "not authorised (bad user name or password)";
    case 0x87:
      return "not authorised (bad user name or password, or no permission)";
    case 0x88:
      return "broker unavailable";
    case 0x89:
      return "broker busy";
    case 0x8A:
      return "banned by the broker";
    case 0x8B:
      return "broker shutting down";
    case 0x8C:
      return "bad authentication method";
    case 0x8D:
      return "keepalive timeout";
    case 0x8E:
      return "session taken over by another client with the same client id";
    case 0x90:
      return "topic name invalid";
    case 0x93:
      return "receive maximum exceeded";
    case 0x95:
      return "packet too large";
    case 0x96:
      return "message rate too high";
    case 0x97:
      return "quota exceeded";
    case 0x98:
      return "administrative action";
    case 0x99:
      return "payload format invalid";
    case 0x9A:
      return "retain not supported";
    case 0x9B:
      return "QoS not supported";
    case 0x9C:
      return "use another server";
    case 0x9D:
      return "server moved";
    case 0x9F:
      return "connection rate exceeded";
    case 0xA0:
      return "maximum connect time reached";
    default:
      return "";
  }
}

}  // namespace sa
