#include "mqtt/paho_errors.h"

namespace sa {

std::string paho_return_code_words(int rc) {
  switch (rc) {
    case 0:
      return "";
    case -1:
      return "failure";
    case -3:
      return "not connected";
    case -4:
      return "too many messages in flight";
    case -5:
      return "invalid UTF-8 in a string";
    case -9:
      return "invalid QoS";
    case -10:
      return "no more message ids";
    case -11:
      return "not completed before the connection was lost (session discarded)";
    case -12:
      return "client buffer full";
    case -13:
      return "TLS not supported by the MQTT library";
    case -14:
      return "bad protocol in the broker URL";
    case -15:
      return "bad MQTT option";
    case -16:
      return "MQTT version mismatch between client and connect options";
    default:
      return "";
  }
}

bool paho_not_delivered(int rc) {
  return rc == -3 || rc == -11 || rc == -12;
}

}  // namespace sa
