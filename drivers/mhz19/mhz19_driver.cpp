#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/mhz19/mhz19_math.h"
#include "drivers/problem.h"
#include "drivers/uart/serial_port.h"

namespace sa::mhz19 {

namespace {

// MH-Z19B (and MH-Z19C) CO2 on a serial port: each read sends the read command and waits for the
// answer, found by its first two bytes after any garbage. A wrong checksum, and no answer before
// the timeout, are read errors.
class Mhz19Sensor final : public Sensor {
 public:
  Mhz19Sensor(std::string port, std::chrono::milliseconds timeout,
              std::optional<bool> auto_calibration)
      : port_(std::move(port)), timeout_(timeout), auto_calibration_(auto_calibration) {}

  Status setup() override {
    if (Status status = serial_.open(port_, SerialSettings{}); !status) {
      return status;
    }
    if (auto_calibration_) {
      const auto abc = command(kAutoCalibration, *auto_calibration_ ? 0xA0 : 0x00);
      if (Status status = serial_.write_all(abc.data(), abc.size()); !status) {
        return with_what("setting automatic baseline calibration", status);
      }
    }
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    if (!serial_.is_open()) {
      if (Status status = setup(); !status) {
        return status;
      }
    }
    serial_.discard_input();  // answers to earlier commands, noise
    const auto request = command(kReadCo2);
    if (Status status = serial_.write_all(request.data(), request.size()); !status) {
      return status;
    }
    std::vector<uint8_t> frame;
    if (Status status = serial_.read_frame({kStart, kReadCo2}, kFrameSize,
                                           std::chrono::steady_clock::now() + timeout_, frame);
        !status) {
      return status;
    }
    std::optional<uint16_t> ppm = co2_ppm(frame.data());
    if (!ppm) {
      char text[64];
      std::snprintf(text, sizeof text, ": computed 0x%02x, sent 0x%02x",
                    static_cast<unsigned>(checksum(frame.data())), static_cast<unsigned>(frame[8]));
      return Status::error("checksum mismatch in the answer from " + port_ + text +
                           " (noise on the line or a loose wire)");
    }
    out.push_back({"co2", static_cast<double>(*ppm), std::nullopt});
    return Status::ok();
  }

 private:
  static Status with_what(const std::string& what, const Status& status) {
    return Status::error(what + ": " + status.reason());
  }

  std::string port_;
  std::chrono::milliseconds timeout_;
  std::optional<bool> auto_calibration_;
  SerialPort serial_;
};

DriverInfo mhz19_info() {
  DriverInfo info;
  info.name = "mhz19";
  info.summary = "Winsen MH-Z19B/MH-Z19C NDIR CO2 sensor on a serial port";
  info.channels = {{"co2", "ppm", "CO2 concentration"}};
  info.sensor_options = serial_option_specs("1s");
  info.sensor_options.push_back(
      {"auto_calibration",
       OptionType::boolean,
       "",
       "automatic baseline calibration on or off (unset: leave the sensor's setting)",
       false,
       {}});
  return info;
}

std::unique_ptr<Sensor> create_mhz19(const SensorConfig& config, const DriverContext& /*context*/,
                                     std::vector<DriverProblem>& problems) {
  std::string port = serial_port_option(config, problems);
  const auto timeout = config.options.duration("timeout", std::chrono::seconds(1));
  if (timeout.count() <= 0) {
    problems.push_back(sensor_problem(config, "timeout", "must be above 0"));
  }
  std::optional<bool> auto_calibration;
  if (config.options.has("auto_calibration")) {
    auto_calibration = config.options.boolean("auto_calibration", true);
  }
  listed_channels(config, mhz19_info(), problems);
  return std::make_unique<Mhz19Sensor>(std::move(port), timeout, auto_calibration);
}

}  // namespace

Driver make_driver() {
  return Driver{mhz19_info(), create_mhz19};
}

}  // namespace sa::mhz19
