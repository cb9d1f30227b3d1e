#include "internal/broker_url.h"

#include <arpa/inet.h>

namespace sa::config_detail {

namespace {

constexpr int kMqttPort = 1883;
constexpr int kMqttsPort = 8883;
constexpr size_t kMaxHostName = 253;
constexpr size_t kMaxLabel = 63;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool valid_ipv4(const std::string& text) {
  in_addr address{};
  return inet_pton(AF_INET, text.c_str(), &address) == 1;
}

bool valid_ipv6(const std::string& text) {
  in6_addr address{};
  return inet_pton(AF_INET6, text.c_str(), &address) == 1;
}

// Letters, digits, '-' and '_' in dot-separated labels of 1..63 characters. '_' is not in the
// DNS rules but container and mDNS names use it.
std::string host_name_problem(std::string_view host) {
  if (host.size() > kMaxHostName) {
    return "host name is longer than 253 characters";
  }
  size_t label = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      if (label == 0 && !(i == host.size() && i > 0)) {
        return "host name '" + std::string(host) + "' has an empty label";
      }
      if (label > kMaxLabel) {
        return "host name '" + std::string(host) + "' has a label longer than 63 characters";
      }
      label = 0;
      continue;
    }
    char c = host[i];
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '_';
    if (!ok) {
      return "host name '" + std::string(host) + "' contains '" + std::string(1, c) +
             "'; allowed are letters, digits, '-', '_' and '.'";
    }
    ++label;
  }
  return "";
}

bool only_digits_and_dots(std::string_view text) {
  for (char c : text) {
    if (!is_digit(c) && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

BrokerAddress parse_broker_url(std::string_view url) {
  BrokerAddress result;
  std::string_view rest;
  if (url.rfind("mqtt://", 0) == 0) {
    rest = url.substr(7);
    result.port = kMqttPort;
  } else if (url.rfind("mqtts://", 0) == 0) {
    rest = url.substr(8);
    result.port = kMqttsPort;
    result.tls = true;
  } else {
    size_t scheme_end = url.find("://");
    result.problem = "must start with mqtt:// or mqtts://";
    if (scheme_end != std::string_view::npos) {
      result.problem += ", got '" + std::string(url.substr(0, scheme_end + 3)) + "'";
    }
    return result;
  }
  // Never echo a url that may hold a password.
  if (rest.find('@') != std::string_view::npos) {
    result.problem = "must not contain credentials; use broker.username and broker.password_file";
    return result;
  }
  size_t authority_end = rest.find_first_of("/?#");
  if (authority_end != std::string_view::npos) {
    if (rest.substr(authority_end) != "/") {
      result.problem = "must not have a path, query or fragment after the host and port";
      return result;
    }
    rest = rest.substr(0, authority_end);
  }

  std::string_view port_text;
  bool has_port = false;
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) {
      result.problem = "IPv6 address is missing its closing ']'";
      return result;
    }
    result.host = std::string(rest.substr(1, close - 1));
    std::string_view after = rest.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      result.problem = "expected ':PORT' after ']'";
      return result;
    }
    if (!valid_ipv6(result.host)) {
      result.problem = "'" + result.host + "' is not a valid IPv6 address";
      return result;
    }
    has_port = !after.empty();
    port_text = has_port ? after.substr(1) : std::string_view();
  } else {
    size_t colon = rest.find(':');
    if (colon != std::string_view::npos && rest.find(':', colon + 1) != std::string_view::npos) {
      result.problem = "an IPv6 address must be in brackets, like mqtt://[::1]:1883";
      return result;
    }
    result.host = std::string(rest.substr(0, colon));
    has_port = colon != std::string_view::npos;
    port_text = has_port ? rest.substr(colon + 1) : std::string_view();
    if (result.host.empty()) {
      result.problem = "has no host";
      return result;
    }
    if (only_digits_and_dots(result.host)) {
      if (!valid_ipv4(result.host)) {
        result.problem = "'" + result.host + "' is not a valid IPv4 address";
        return result;
      }
    } else if (std::string problem = host_name_problem(result.host); !problem.empty()) {
      result.problem = problem;
      return result;
    }
  }

  if (has_port) {
    long port = 0;
    bool ok = !port_text.empty() && port_text.size() <= 5;
    for (size_t i = 0; ok && i < port_text.size(); ++i) {
      ok = is_digit(port_text[i]);
      port = port * 10 + (port_text[i] - '0');
    }
    if (!ok || port < 1 || port > 65535) {
      result.problem =
          "port must be a number from 1 to 65535, got '" + std::string(port_text) + "'";
      return result;
    }
    result.port = static_cast<int>(port);
  }
  return result;
}

}  // namespace sa::config_detail
