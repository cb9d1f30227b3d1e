#include <iostream>
#include <map>

#include "app/boot_id.h"
#include "app/config_check.h"
#include "app/host_context.h"
#include "app/route_table.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "publish/payload.h"
#include "sampling/channel_pipeline.h"

namespace sa::cli {
namespace {

// Prints the sensor's readings; false (error on stderr) when it failed.
bool read_sensor(const SensorConfig& config, Sensor& sensor, const RouteTable& routes,
                 const std::string& device, const std::string& boot_id) {
  const auto fail = [&](const std::string& reason) {
    std::cerr << config.name << ": " << reason << '\n';
    return false;
  };
  if (Status status = sensor.setup(); !status) {
    return fail("setup failed: " + status.reason());
  }
  std::vector<ChannelSample> samples;
  if (Status status = sensor.read(samples); !status) {
    return fail("read failed: " + status.reason());
  }
  ChannelPipeline pipeline(config, routes.of_sensor(config.name));
  std::map<const ChannelRoute*, uint64_t> seq;  // a payload's seq starts at 1
  const auto print = [&](const Reading& reading) {
    const PayloadEncoder encoder(device, *reading.route, boot_id);
    std::cout << encoder.encode(reading.value, reading.sampled_at, reading.clock_synchronized,
                                ++seq[reading.route])
              << '\n';
  };
  const auto result = pipeline.process(samples, WallClock::now(), wall_clock_synchronized(),
                                       SteadyClock::now(), print);
  std::cout.flush();
  if (result.rejected > 0) {
    return fail(std::to_string(result.rejected) + " sample(s) rejected: " + result.error);
  }
  return true;
}

}  // namespace

int run_read(const std::string& config_path, const std::optional<std::string>& sensor_name) {
  const CheckedConfig checked = check_config_file(config_path, LoadEnvironment::from_process());
  print_problems(checked.problems);
  if (!checked.ok()) {
    return kExitConfig;
  }
  const Config& config = *checked.config;
  if (sensor_name) {
    bool known = false;
    for (const auto& sensor : config.sensors) {
      known = known || sensor.name == *sensor_name;
    }
    if (!known) {
      std::cerr << "no sensor named '" << *sensor_name << "' in " << config_path << '\n';
      return kExitFailure;
    }
  }
  HostContext host;
  std::vector<ConfigProblem> problems;
  auto sensors = create_sensors(config, host.context(), problems);
  print_problems(problems);
  const RouteTable routes(config);
  const std::string boot_id = make_boot_id();
  bool all_ok = problems.empty();
  for (auto& built : sensors) {
    if (sensor_name && built.config->name != *sensor_name) {
      continue;
    }
    all_ok = read_sensor(*built.config, *built.sensor, routes, config.device.id, boot_id) && all_ok;
  }
  return all_ok ? kExitOk : kExitFailure;
}

}  // namespace sa::cli
