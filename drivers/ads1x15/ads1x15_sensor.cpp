#include "drivers/ads1x15/ads1x15_sensor.h"

#include <thread>

namespace sa::ads1x15 {

namespace {

constexpr auto kMinPollStep = std::chrono::microseconds(200);
// Polls made before giving up, however late the thread woke: a loaded host may oversleep.
constexpr int kMinPolls = 5;

}  // namespace

Status Ads1x15Sensor::setup() {
  if (Status status = device_.open(); !status) {
    return status;
  }
  // No id register: reading the config register is the probe.
  uint16_t config = 0;
  return with_context("reading config register", device_.read_register16(kRegConfig, config));
}

Status Ads1x15Sensor::convert(const Input& input, double& volts_out) {
  const uint16_t config =
      single_shot_config(input.mux, input.pga, data_rate_code(chip_, data_rate_));
  if (Status status = device_.write_register16(kRegConfig, config); !status) {
    return with_context("starting conversion of " + input.channel, status);
  }
  const auto nominal = conversion_time(data_rate_);
  std::this_thread::sleep_for(nominal);
  // The internal oscillator may run up to 10% slow (electrical characteristics); poll the OS bit
  // for a little longer than that before giving up.
  const auto step = std::max<std::chrono::microseconds>(nominal / 10, kMinPollStep);
  const auto give_up = SteadyClock::now() + nominal / 2 + std::chrono::milliseconds(2);
  for (int poll = 1;; ++poll) {
    uint16_t state = 0;
    if (Status status = device_.read_register16(kRegConfig, state); !status) {
      return with_context("polling conversion of " + input.channel, status);
    }
    if ((state & kConfigOs) != 0) {
      break;
    }
    if (poll >= kMinPolls && SteadyClock::now() >= give_up) {
      return Status::error("conversion of " + input.channel + " at " + device_.where() +
                           " did not complete in time");
    }
    std::this_thread::sleep_for(step);
  }
  uint16_t raw = 0;
  if (Status status = device_.read_register16(kRegConversion, raw); !status) {
    return with_context("reading conversion of " + input.channel, status);
  }
  volts_out = volts(chip_, raw, input.pga);
  return Status::ok();
}

Status Ads1x15Sensor::read(std::vector<ChannelSample>& out) {
  if (Status status = device_.open(); !status) {
    return status;
  }
  for (const Input& input : inputs_) {
    double value = 0.0;
    if (Status status = convert(input, value); !status) {
      return status;
    }
    out.push_back({input.channel, value, std::nullopt});
  }
  return Status::ok();
}

}  // namespace sa::ads1x15
