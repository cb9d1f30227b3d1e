#include <algorithm>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/collector.h"
#include "cli/commands.h"
#include "collector_config.h"

namespace sa::collector::cli {

namespace {

using std::chrono::system_clock;

// Seconds since an ISO 8601 UTC time written by the collector; 0 when it does not parse.
int64_t seconds_since(const std::string& iso) {
  std::tm tm{};
  if (strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) {
    return 0;
  }
  const std::time_t then = timegm(&tm);
  return std::max<int64_t>(0, system_clock::to_time_t(system_clock::now()) - then);
}

std::string gap_range(const Gap& gap) {
  return gap.first_missing == gap.last_missing
             ? std::to_string(gap.first_missing)
             : std::to_string(gap.first_missing) + "-" + std::to_string(gap.last_missing);
}

void print_json(const std::vector<ChannelReport>& channels) {
  nlohmann::json out = nlohmann::json::array();
  for (const ChannelReport& channel : channels) {
    nlohmann::json gaps = nlohmann::json::array();
    for (const Gap& gap : channel.gaps) {
      gaps.push_back({{"boot", gap.boot},
                      {"first_missing", gap.first_missing},
                      {"last_missing", gap.last_missing},
                      {"missing", gap.last_missing - gap.first_missing + 1},
                      {"open_since", gap.open_since},
                      {"open_s", seconds_since(gap.open_since)}});
    }
    out.push_back({{"device", channel.device},
                   {"sensor", channel.sensor},
                   {"channel", channel.channel},
                   {"stored", channel.stored},
                   {"repeats", channel.repeats},
                   {"gaps", gaps},
                   {"last_seen", channel.last_seen}});
  }
  std::cout << out.dump(2) << '\n';
}

void print_text(const std::vector<ChannelReport>& channels) {
  if (channels.empty()) {
    std::cout << "no readings stored yet\n";
  }
  for (const ChannelReport& channel : channels) {
    std::cout << channel.device << " " << channel.sensor << "/" << channel.channel << ": "
              << channel.stored << " stored, " << channel.repeats << " repeats dropped, "
              << channel.gaps.size() << " gaps open, last seen " << channel.last_seen << '\n';
    for (const Gap& gap : channel.gaps) {
      std::cout << "  gap seq " << gap_range(gap) << " (boot " << gap.boot << "), open "
                << seconds_since(gap.open_since) << " s since " << gap.open_since << '\n';
    }
  }
}

}  // namespace

int run_report(const std::string& config_path, bool json) {
  CollectorLoadResult loaded =
      load_collector_config_file(config_path, LoadEnvironment::from_process());
  for (const ConfigProblem& problem : loaded.problems) {
    std::cerr << problem.format() << '\n';
  }
  if (!loaded.ok()) {
    return kExitConfig;
  }
  std::unique_ptr<Store> store = make_store(loaded.config->database);
  std::vector<ChannelReport> channels;
  Status status = store == nullptr ? Status::error("no support for " + loaded.config->database.url)
                                   : store->open();
  if (status) {
    status = store->report(channels);
  }
  if (!status) {
    std::cerr << "sensor-collector: " << status.reason() << '\n';
    return kExitFailure;
  }
  if (json) {
    print_json(channels);
  } else {
    print_text(channels);
  }
  return kExitOk;
}

}  // namespace sa::collector::cli
