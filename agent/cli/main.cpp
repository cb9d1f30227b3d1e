#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  sensor-agent check --config /etc/sensor-agent/agent.toml
  sensor-agent read --config agent.toml --sensor board
  sensor-agent probe --config agent.toml
  sensor-agent drivers --json
  sensor-agent run --config /etc/sensor-agent/agent.toml

Exit codes: 0 success, 1 failure, 69 broker unavailable, 78 invalid configuration.)";

void add_config_option(CLI::App& command, std::string& path) {
  command.add_option("-c,--config", path, "Configuration file")->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  namespace cli = sa::cli;
  std::string config_path = cli::kDefaultConfigPath;
  std::optional<std::string> sensor;
  bool json = false;

  CLI::App app{
      "sensor-agent: samples sensors and publishes every reading to an MQTT broker.\n"
      "Without a command it runs the agent (like `run`).",
      "sensor-agent"};
  app.set_version_flag("--version", [] { return cli::version_text(); });
  app.footer(kExamples);
  app.require_subcommand(0, 1);
  add_config_option(app, config_path);

  auto* run = app.add_subcommand("run", "Run the agent (the systemd service does this)");
  add_config_option(*run, config_path);

  auto* check = app.add_subcommand(
      "check", "Validate the configuration and every sensor's driver options, without I/O");
  add_config_option(*check, config_path);

  auto* read = app.add_subcommand(
      "read", "Sample each sensor once and print the readings as JSON lines (no broker needed)");
  add_config_option(*read, config_path);
  read->add_option("-s,--sensor", sensor, "Only this sensor");

  auto* probe =
      app.add_subcommand("probe", "Connect to the broker as configured and report what happened");
  add_config_option(*probe, config_path);

  auto* drivers = app.add_subcommand("drivers", "List the drivers, their channels and options");
  drivers->add_flag("--json", json, "Machine-readable output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }

  try {
    if (*check) {
      return cli::run_check(config_path);
    }
    if (*read) {
      return cli::run_read(config_path, sensor);
    }
    if (*probe) {
      return cli::run_probe(config_path);
    }
    if (*drivers) {
      return cli::run_drivers(json);
    }
    return cli::run_daemon(config_path);
  } catch (const std::exception& error) {
    std::cerr << "sensor-agent: " << error.what() << '\n';
    return cli::kExitFailure;
  }
}
