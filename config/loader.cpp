#include "loader.h"

#include <toml++/toml.h>

#include "internal/file_access.h"
#include "internal/readers.h"

namespace sa {

using config_detail::ProblemList;
using config_detail::ReadContext;
using config_detail::TableReader;

namespace {

LoadResult finish(ProblemList& problems, Config config) {
  LoadResult result;
  if (problems.has_errors()) {
    result.partial = std::move(config);
  } else {
    result.config = std::move(config);
  }
  result.problems = problems.take_sorted();
  return result;
}

}  // namespace

LoadResult load_config_text(std::string_view toml, const std::string& path,
                            const DriverLookup& drivers, const LoadEnvironment& env,
                            const std::vector<std::string>& known_drivers) {
  ProblemList problems(path);
  Config config;
  config.path = path;
  toml::table root;
  try {
    root = toml::parse(toml, std::string_view(path));
  } catch (const toml::parse_error& error) {
    // toml++ stops at the first syntax error, so this is the only problem reported.
    problems.error(problems.at(error.source()), "", std::string(error.description()));
    return finish(problems, std::move(config));
  }

  ReadContext context{problems, env, std::nullopt, SourceLocation{path, 1, 1}};
  TableReader top(&root, "", context);
  // device first: its id is what {device} expands to everywhere else.
  config_detail::read_device(top.subtable("device"), context, config.device);
  config_detail::read_agent(top.subtable("agent"), context, config.agent);
  config_detail::read_broker(top.subtable("broker"), context, config.broker);
  config_detail::read_queue(top.subtable("queue"), context, config.agent, config.queue);
  config_detail::read_homeassistant(top.subtable("homeassistant"), context, config.device,
                                    config.homeassistant);
  config_detail::read_commands(top.subtable("commands"), context, config.commands);
  config_detail::read_sensors(top.find("sensor"), context,
                              config_detail::DriverCatalog{drivers, known_drivers}, config.sensors);
  top.report_unknown_keys();
  config_detail::build_topics(config.device, context, config.sensors);
  return finish(problems, std::move(config));
}

LoadResult load_config_file(const std::string& path, const DriverLookup& drivers,
                            const LoadEnvironment& env,
                            const std::vector<std::string>& known_drivers) {
  std::string text;
  std::string problem;
  if (!config_detail::read_whole_file(path, text, problem)) {
    ProblemList problems(path);
    problems.error(SourceLocation{path, 0, 0}, "", "cannot read the config file: " + problem);
    return finish(problems, Config{});
  }
  return load_config_text(text, path, drivers, env, known_drivers);
}

}  // namespace sa
