#include <MQTTAsync.h>
#include <gpiod.h>

#include <cstring>
#include <string>

// The prefixed names; the unprefixed ones are deprecated upstream.
#define PAHO_MQTTPP_VERSIONS 1
#include <mqtt/async_client.h>

#include "cli/commands.h"
#include "sa/version.h"

namespace sa::cli {
namespace {

std::string paho_c_version() {
  const MQTTAsync_nameValue* info = MQTTAsync_getVersionInfo();
  for (; info != nullptr && info->name != nullptr; ++info) {
    if (std::strcmp(info->name, "Version") == 0 && info->value != nullptr) {
      return info->value;
    }
  }
  return "unknown";
}

std::string paho_cpp_version() {
  const uint32_t version = mqtt::PAHO_MQTTPP_VERSION;
  return std::to_string((version >> 24U) & 0xffU) + "." + std::to_string((version >> 16U) & 0xffU) +
         "." + std::to_string((version >> 8U) & 0xffU);
}

}  // namespace

std::string version_text() {
  return std::string("sensor-agent ") + kVersion + "\nPaho MQTT C " + paho_c_version() +
         ", Paho MQTT C++ " + paho_cpp_version() + ", libgpiod " + gpiod_version_string();
}

}  // namespace sa::cli
