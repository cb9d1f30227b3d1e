#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "sa/version.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  sensor-collector check --config /etc/sensor-collector/collector.toml
  sensor-collector run --config /etc/sensor-collector/collector.toml
  sensor-collector report --json

Exit codes: 0 success, 1 failure, 78 invalid configuration.)";

void add_config_option(CLI::App& command, std::string& path) {
  command.add_option("-c,--config", path, "Configuration file")->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  namespace cli = sa::collector::cli;
  std::string config_path = cli::kDefaultConfigPath;
  bool json = false;

  CLI::App app{
      "sensor-collector: stores the readings of sensor-agent devices from an MQTT broker into "
      "SQLite or PostgreSQL, each exactly once, and accounts for gaps.",
      "sensor-collector"};
  app.set_version_flag("--version", std::string("sensor-collector ") + sa::kVersion);
  app.footer(kExamples);
  app.require_subcommand(1, 1);

  auto* run = app.add_subcommand("run", "Run the collector (the systemd service does this)");
  add_config_option(*run, config_path);
  auto* check = app.add_subcommand("check", "Validate the configuration");
  add_config_option(*check, config_path);
  auto* report = app.add_subcommand(
      "report", "Per device and channel: readings stored, repeats dropped, open gaps, last seen");
  add_config_option(*report, config_path);
  report->add_flag("--json", json, "Machine-readable output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  try {
    if (*check) {
      return cli::run_check(config_path);
    }
    if (*report) {
      return cli::run_report(config_path, json);
    }
    return cli::run_collector(config_path);
  } catch (const std::exception& error) {
    std::cerr << "sensor-collector: " << error.what() << '\n';
    return cli::kExitFailure;
  }
}
