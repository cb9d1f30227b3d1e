#include "drivers/ds18b20/w1_slave.h"

#include <string>

#include "drivers/sysfs/sysfs_reader.h"

namespace sa::ds18b20 {

namespace {

constexpr double kMilliPerDegree = 1000.0;

// True when every hex byte before " : crc=" is 00, i.e. nothing answered on the bus.
bool all_zero_scratchpad(std::string_view line) {
  const size_t end = line.find(':');
  const std::string_view bytes = line.substr(0, end);
  bool any_byte = false;
  for (char c : bytes) {
    if (c == ' ') {
      continue;
    }
    if (c != '0') {
      return false;
    }
    any_byte = true;
  }
  return any_byte;
}

}  // namespace

Status milli_celsius_to_celsius(int64_t milli, double& celsius) {
  if (milli == kPowerOnResetMilli) {
    return Status::error(
        "85 °C power-on reset value: the conversion did not run (power or wiring)");
  }
  if (milli == kDisconnectedMilli) {
    return Status::error("-127 °C: sensor disconnected");
  }
  celsius = static_cast<double>(milli) / kMilliPerDegree;
  return Status::ok();
}

Status parse_w1_slave(std::string_view text, double& celsius) {
  const size_t newline = text.find('\n');
  if (newline == std::string_view::npos) {
    return Status::error("w1_slave: expected two lines, got one");
  }
  const std::string_view crc_line = sysfs::trim(text.substr(0, newline));
  const std::string_view data_line = sysfs::trim(text.substr(newline + 1));

  if (crc_line.size() >= 2 && crc_line.substr(crc_line.size() - 2) == "NO") {
    return Status::error("CRC mismatch");
  }
  if (crc_line.size() < 3 || crc_line.substr(crc_line.size() - 3) != "YES" ||
      crc_line.find("crc=") == std::string_view::npos) {
    return Status::error("w1_slave: first line does not end with crc=.. YES or NO");
  }
  if (all_zero_scratchpad(crc_line)) {
    return Status::error("scratchpad read as all zeros: the sensor did not answer");
  }
  const size_t t_at = data_line.rfind("t=");
  if (t_at == std::string_view::npos) {
    return Status::error("w1_slave: no t= value");
  }
  const auto milli = sysfs::parse_integer(data_line.substr(t_at + 2));
  if (!milli) {
    return Status::error("w1_slave: t= is not an integer: \"" +
                         std::string(data_line.substr(t_at + 2)) + "\"");
  }
  return milli_celsius_to_celsius(*milli, celsius);
}

}  // namespace sa::ds18b20
