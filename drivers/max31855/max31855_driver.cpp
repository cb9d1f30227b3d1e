#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/max31855/max31855_math.h"
#include "drivers/problem.h"
#include "drivers/spi/spi_bus.h"

namespace sa::max31855 {

namespace {

constexpr uint32_t kDefaultSpeed = 1'000'000;
constexpr uint32_t kMaxSpeed = 5'000'000;  // f_SCL, electrical characteristics

// MAX31855 thermocouple converter: it converts continuously; a read clocks out the 32-bit frame.
// A fault bit (open, short to GND or VCC) is a read error with its reason, not a reading; a frame
// of all ones (MISO floating) or all zeros with nothing plausible is caught by the fault bits or
// the internal temperature range.
class Max31855Sensor final : public Sensor {
 public:
  Max31855Sensor(SpiDevice device, std::vector<std::string> channels)
      : device_(std::move(device)), channels_(std::move(channels)) {}

  Status setup() override { return device_.open(); }

  Status read(std::vector<ChannelSample>& out) override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    const uint8_t tx[4] = {};
    uint8_t rx[4] = {};
    if (Status status = device_.transfer(tx, rx, sizeof rx); !status) {
      return status;
    }
    const uint32_t word = static_cast<uint32_t>(rx[0]) << 24 | static_cast<uint32_t>(rx[1]) << 16 |
                          static_cast<uint32_t>(rx[2]) << 8 | rx[3];
    const Frame frame = decode(word);
    if (std::string reason = fault_reason(frame); !reason.empty()) {
      return Status::error(reason + " (" + device_.path() + ")");
    }
    // Reserved bits D17 and D3 always read 0: set, the frame did not come from a MAX31855.
    if ((word & 0x00020008u) != 0 || frame.internal < -55.0 || frame.internal > 125.0) {
      return Status::error("implausible frame from " + device_.path() +
                           " (reserved bits set or cold junction out of range: check MISO wiring)");
    }
    if (channel_listed(channels_, "temperature")) {
      out.push_back({"temperature", frame.thermocouple, std::nullopt});
    }
    if (channel_listed(channels_, "cold_junction")) {
      out.push_back({"cold_junction", frame.internal, std::nullopt});
    }
    return Status::ok();
  }

 private:
  SpiDevice device_;
  std::vector<std::string> channels_;
};

DriverInfo max31855_info() {
  DriverInfo info;
  info.name = "max31855";
  info.summary = "Maxim MAX31855 thermocouple converter on SPI (K, J, N, T, S, R, E types)";
  info.channels = {
      {"temperature", "°C", "hot junction: the thermocouple's tip, cold-junction compensated"},
      {"cold_junction", "°C", "the chip's own temperature"},
  };
  info.sensor_options = spi_option_specs(kDefaultSpeed, kMaxSpeed);
  return info;
}

std::unique_ptr<Sensor> create_max31855(const SensorConfig& config, const DriverContext& context,
                                        std::vector<DriverProblem>& problems) {
  SpiSettings settings;
  settings.mode = 0;
  settings.speed_hz = kDefaultSpeed;
  SpiDevice device = SpiDevice::from_options(config, context, settings, kMaxSpeed, problems);
  std::vector<std::string> channels = listed_channels(config, max31855_info(), problems);
  return std::make_unique<Max31855Sensor>(std::move(device), std::move(channels));
}

}  // namespace

Driver make_driver() {
  return Driver{max31855_info(), create_max31855};
}

}  // namespace sa::max31855
