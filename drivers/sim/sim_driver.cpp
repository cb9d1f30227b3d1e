#include <chrono>
#include <random>
#include <thread>

#include "drivers/builtin.h"
#include "drivers/problem.h"
#include "drivers/sim/waveform.h"

namespace sa::sim {

namespace {

using std::chrono::milliseconds;

constexpr double kDefaultMin = 0.0;
constexpr double kDefaultMax = 100.0;
constexpr milliseconds kDefaultPeriod{60'000};

struct SimChannel {
  std::string name;
  sim::Waveform waveform = sim::Waveform::sine;
  double min = kDefaultMin;
  double max = kDefaultMax;
  double period_s = 60.0;
  sim::RandomWalk walk{kDefaultMin, kDefaultMax};
};

class SimSensor final : public Sensor {
 public:
  SimSensor(std::vector<SimChannel> channels, double fail_probability, milliseconds read_delay)
      : channels_(std::move(channels)),
        fail_probability_(fail_probability),
        read_delay_(read_delay),
        random_(std::random_device{}()) {}

  Status read(std::vector<ChannelSample>& out) override {
    if (read_delay_.count() > 0) {
      std::this_thread::sleep_for(read_delay_);
    }
    if (fail_probability_ > 0 &&
        std::uniform_real_distribution<double>(0.0, 1.0)(random_) < fail_probability_) {
      return Status::error("simulated failure");
    }
    const double elapsed_s = std::chrono::duration<double>(SteadyClock::now() - started_).count();
    for (SimChannel& channel : channels_) {
      const double value = channel.waveform == sim::Waveform::random_walk
                               ? channel.walk.next(random_)
                               : sim::waveform_value(channel.waveform, channel.min, channel.max,
                                                     channel.period_s, elapsed_s);
      out.push_back(ChannelSample{channel.name, value, std::nullopt});
    }
    return Status::ok();
  }

 private:
  std::vector<SimChannel> channels_;
  double fail_probability_;
  milliseconds read_delay_;
  std::mt19937_64 random_;
  SteadyTime started_ = SteadyClock::now();
};

std::unique_ptr<Sensor> create_sim(const SensorConfig& config, const DriverContext& /*context*/,
                                   std::vector<DriverProblem>& problems) {
  const size_t problems_before = problems.size();
  const double fail_probability = config.options.number("fail_probability", 0.0);
  if (!(fail_probability >= 0.0 && fail_probability <= 1.0)) {
    problems.push_back(sensor_problem(config, "fail_probability", "must be between 0 and 1"));
  }
  const milliseconds read_delay = config.options.duration("read_delay", milliseconds{0});
  if (read_delay.count() < 0) {
    problems.push_back(sensor_problem(config, "read_delay", "must not be negative"));
  }

  std::vector<SimChannel> channels;
  for (const ChannelConfig& channel_config : config.channels) {
    SimChannel channel;
    channel.name = channel_config.name;
    const std::string waveform_name = channel_config.options.string("waveform", "sine");
    if (const auto waveform = sim::parse_waveform(waveform_name)) {
      channel.waveform = *waveform;
    } else {
      problems.push_back(channel_problem(
          config, channel_config, "waveform",
          "unknown waveform \"" + waveform_name + "\" (sine, ramp, random_walk or constant)"));
    }
    channel.min = channel_config.options.number("min", kDefaultMin);
    channel.max = channel_config.options.number("max", kDefaultMax);
    if (!(channel.min < channel.max)) {
      problems.push_back(
          channel_problem(config, channel_config, channel_config.options.has("min") ? "min" : "max",
                          "min (" + format_number(channel.min) + ") must be less than max (" +
                              format_number(channel.max) + ")"));
    }
    const milliseconds period = channel_config.options.duration("period", kDefaultPeriod);
    if (period.count() <= 0) {
      problems.push_back(channel_problem(config, channel_config, "period", "must be positive"));
    }
    channel.period_s = std::chrono::duration<double>(period).count();
    channel.walk = sim::RandomWalk(channel.min, channel.max);
    channels.push_back(std::move(channel));
  }
  if (problems.size() != problems_before) {
    return nullptr;
  }
  return std::make_unique<SimSensor>(std::move(channels), fail_probability, read_delay);
}

}  // namespace

Driver make_driver() {
  DriverInfo info;
  info.name = "sim";
  info.summary =
      "Simulated sensor: each channel follows a waveform between min and max. For demos, tests "
      "and trying a broker setup without hardware.";
  info.free_channels = true;
  info.sensor_options = {
      {"fail_probability",
       OptionType::number,
       "0",
       "Chance (0 to 1) that a read fails with the reason \"simulated failure\".",
       false,
       {}},
      {"read_delay",
       OptionType::duration,
       "0s",
       "How long each read blocks, to show that a slow sensor does not delay the others.",
       false,
       {}},
  };
  info.channel_options = {
      {"waveform",
       OptionType::string,
       "sine",
       "sine and ramp follow the clock since start (one cycle per period), random_walk takes a "
       "bounded random step per read, constant stays at the midpoint of min and max.",
       false,
       {"sine", "ramp", "random_walk", "constant"}},
      {"min", OptionType::number, "0", "Lowest value; must be less than max.", false, {}},
      {"max", OptionType::number, "100", "Highest value.", false, {}},
      {"period", OptionType::duration, "60s", "Length of one sine or ramp cycle.", false, {}},
  };
  return Driver{std::move(info), create_sim};
}

}  // namespace sa::sim
