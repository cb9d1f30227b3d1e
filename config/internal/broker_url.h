#pragma once

#include <string>
#include <string_view>

namespace sa::config_detail {

struct BrokerAddress {
  std::string host;  // IPv6 without brackets
  int port = 0;
  bool tls = false;
  std::string problem;  // set when the url is not acceptable
};

// mqtt://HOST[:PORT] or mqtts://HOST[:PORT]; HOST is a host name, an IPv4 address or an IPv6
// address in brackets. The default ports are 1883 and 8883.
BrokerAddress parse_broker_url(std::string_view url);

}  // namespace sa::config_detail
