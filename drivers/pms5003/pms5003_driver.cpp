#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/pms5003/pms5003_math.h"
#include "drivers/problem.h"
#include "drivers/uart/serial_port.h"

namespace sa::pms5003 {

namespace {

const char* const kParticleChannels[6] = {"particles_0_3", "particles_0_5", "particles_1_0",
                                          "particles_2_5", "particles_5_0", "particles_10"};

// PMS5003 (and PMS7003, PMSA003: the same frame) on a serial port. Active mode: the sensor sends
// a frame every 0.2 to 2.3 s; a read drops what is buffered and takes the next one. Passive mode:
// a read asks for one frame. Frames are found by their start bytes after any garbage; command
// answers (length 4) are skipped; a wrong check code, and no frame before the timeout, are read
// errors.
class Pms5003Sensor final : public Sensor {
 public:
  Pms5003Sensor(std::string port, bool passive, std::chrono::milliseconds timeout,
                std::vector<std::string> channels)
      : port_(std::move(port)),
        passive_(passive),
        timeout_(timeout),
        channels_(std::move(channels)) {}

  Status setup() override {
    if (Status status = serial_.open(port_, SerialSettings{}); !status) {
      return status;
    }
    const auto mode = command(kChangeMode, passive_ ? 0 : 1);
    return serial_.write_all(mode.data(), mode.size());
  }

  Status read(std::vector<ChannelSample>& out) override {
    if (!serial_.is_open()) {
      if (Status status = setup(); !status) {
        return status;
      }
    }
    serial_.discard_input();
    if (passive_) {
      const auto request = command(kRead, 0);
      if (Status status = serial_.write_all(request.data(), request.size()); !status) {
        return status;
      }
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    std::optional<Frame> parsed;
    if (Status status = next_frame(deadline, parsed); !status) {
      return status;
    }
    add(out, "pm1_0", parsed->pm1_0);
    add(out, "pm2_5", parsed->pm2_5);
    add(out, "pm10", parsed->pm10);
    add(out, "pm1_0_cf1", parsed->pm1_0_cf1);
    add(out, "pm2_5_cf1", parsed->pm2_5_cf1);
    add(out, "pm10_cf1", parsed->pm10_cf1);
    for (size_t i = 0; i < 6; ++i) {
      add(out, kParticleChannels[i], parsed->particles[i]);
    }
    return Status::ok();
  }

 private:
  // Scans the bytes from the port for a frame: a start, length 28 and a check code that holds.
  // Anything else is skipped a byte at a time, so a torn frame followed by a whole one yields
  // the whole one. A frame with a wrong check code that is not followed by a good one before the
  // deadline is reported as such rather than as a timeout.
  Status next_frame(std::chrono::steady_clock::time_point deadline, std::optional<Frame>& parsed) {
    std::vector<uint8_t> buffer;
    std::string bad_checksum;
    auto need = [&](size_t size) -> Status {
      while (buffer.size() < size) {
        uint8_t byte = 0;
        if (Status status = serial_.read_exact(&byte, 1, deadline); !status) {
          return bad_checksum.empty() ? status : Status::error(bad_checksum);
        }
        buffer.push_back(byte);
      }
      return Status::ok();
    };
    for (;;) {
      if (Status status = need(2); !status) {
        return status;
      }
      if (buffer[0] != kStart1 || buffer[1] != kStart2) {
        buffer.erase(buffer.begin());
        continue;
      }
      if (Status status = need(4); !status) {
        return status;
      }
      const size_t length = static_cast<size_t>(buffer[2] << 8 | buffer[3]);
      if (length != kFrameLength) {
        buffer.erase(buffer.begin());  // a command's answer, or start bytes inside garbage
        continue;
      }
      if (Status status = need(kFrameSize); !status) {
        return status;
      }
      parsed = parse(buffer.data());
      if (parsed) {
        return Status::ok();
      }
      char text[128];
      std::snprintf(text, sizeof text,
                    "checksum mismatch in a frame from %s: sum 0x%04x, sent 0x%04x", port_.c_str(),
                    static_cast<unsigned>(checksum(buffer.data())),
                    static_cast<unsigned>(buffer[30] << 8 | buffer[31]));
      bad_checksum = std::string(text) + " (noise on the line or a loose wire)";
      buffer.erase(buffer.begin());
    }
  }

  void add(std::vector<ChannelSample>& out, const char* channel, uint16_t value) const {
    // Without listed channels: the three atmospheric mass concentrations.
    const bool wanted = channels_.empty()
                            ? (std::string(channel) == "pm1_0" || std::string(channel) == "pm2_5" ||
                               std::string(channel) == "pm10")
                            : channel_listed(channels_, channel);
    if (wanted) {
      out.push_back({channel, static_cast<double>(value), std::nullopt});
    }
  }

  std::string port_;
  bool passive_;
  std::chrono::milliseconds timeout_;
  std::vector<std::string> channels_;
  SerialPort serial_;
};

DriverInfo pms5003_info() {
  DriverInfo info;
  info.name = "pms5003";
  info.summary = "Plantower PMS5003/PMS7003/PMSA003 particulate matter sensor on a serial port";
  info.channels = {
      {"pm1_0", "µg/m³", "PM1.0, atmospheric environment"},
      {"pm2_5", "µg/m³", "PM2.5, atmospheric environment"},
      {"pm10", "µg/m³", "PM10, atmospheric environment"},
      {"pm1_0_cf1", "µg/m³", "PM1.0, CF=1 (standard particle)"},
      {"pm2_5_cf1", "µg/m³", "PM2.5, CF=1"},
      {"pm10_cf1", "µg/m³", "PM10, CF=1"},
  };
  const char* sizes[6] = {"0.3", "0.5", "1.0", "2.5", "5.0", "10"};
  for (size_t i = 0; i < 6; ++i) {
    info.channels.push_back({kParticleChannels[i], "1/0.1L",
                             std::string("particles beyond ") + sizes[i] + " µm in 0.1 L of air"});
  }
  info.sensor_options = serial_option_specs("3s");
  info.sensor_options.push_back({"mode",
                                 OptionType::string,
                                 "active",
                                 "active (the sensor sends) or passive (each read asks)",
                                 false,
                                 {"active", "passive"}});
  return info;
}

std::unique_ptr<Sensor> create_pms5003(const SensorConfig& config, const DriverContext& /*context*/,
                                       std::vector<DriverProblem>& problems) {
  std::string port = serial_port_option(config, problems);
  const std::string mode = config.options.string("mode", "active");
  if (mode != "active" && mode != "passive") {
    problems.push_back(sensor_problem(config, "mode", "must be active or passive"));
  }
  const auto timeout = config.options.duration("timeout", std::chrono::seconds(3));
  if (timeout.count() <= 0) {
    problems.push_back(sensor_problem(config, "timeout", "must be above 0"));
  }
  std::vector<std::string> channels = listed_channels(config, pms5003_info(), problems);
  return std::make_unique<Pms5003Sensor>(std::move(port), mode == "passive", timeout,
                                         std::move(channels));
}

}  // namespace

Driver make_driver() {
  return Driver{pms5003_info(), create_pms5003};
}

}  // namespace sa::pms5003
