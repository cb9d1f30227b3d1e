#include <MQTTAsync.h>
#include <fmt/core.h>
#include <gpiod.h>
#include <mosquitto.h>
#include <openssl/crypto.h>
#include <spdlog/version.h>

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

std::string mosquitto_version() {
  int major = 0;
  int minor = 0;
  int revision = 0;
  mosquitto_lib_version(&major, &minor, &revision);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(revision);
}

std::string gpiod_version() {
#if SA_GPIOD_V2
  return gpiod_api_version();
#else
  return gpiod_version_string();
#endif
}

std::string dotted(int major, int minor, int patch) {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

}  // namespace

// The libraries as loaded at run time where they can say so (Paho C, libmosquitto, libgpiod,
// OpenSSL), else as compiled against: a Debian 12 package on Debian 13 is told apart at once.
std::string version_text() {
  return std::string("sensor-agent ") + kVersion + "\nPaho MQTT C " + paho_c_version() +
         ", Paho MQTT C++ " + paho_cpp_version() + ", libmosquitto " + mosquitto_version() +
         ", libgpiod " + gpiod_version() + "\n" + OpenSSL_version(OPENSSL_VERSION) + ", spdlog " +
         dotted(SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH) + ", fmt " +
         dotted(FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100);
}

}  // namespace sa::cli
