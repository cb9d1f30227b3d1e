#include "config_test_support.h"

#include <unistd.h>

#include <fstream>

namespace sa::test {

namespace {

std::vector<DriverInfo> make_drivers() {
  DriverInfo sim;
  sim.name = "sim";
  sim.free_channels = true;
  sim.sensor_options = {
      {"fail_probability", OptionType::number, "0", "", false, {}},
      {"read_delay", OptionType::duration, "0s", "", false, {}},
  };
  sim.channel_options = {
      {"waveform",
       OptionType::string,
       "sine",
       "",
       false,
       {"sine", "ramp", "random_walk", "constant"}},
      {"min", OptionType::number, "0", "", false, {}},
      {"max", OptionType::number, "100", "", false, {}},
      {"period", OptionType::duration, "60s", "", false, {}},
  };

  DriverInfo cpu_temp;
  cpu_temp.name = "cpu_temp";
  cpu_temp.channels = {{"temperature", "°C", ""}};
  cpu_temp.sensor_options = {{"path", OptionType::string, "(discovered)", "", false, {}}};

  DriverInfo system;
  system.name = "system";
  system.channels = {{"load1", "", ""},          {"load5", "", ""},      {"load15", "", ""},
                     {"mem_available", "B", ""}, {"disk_free", "B", ""}, {"uptime", "s", ""},
                     {"cpu_usage", "%", ""}};
  system.sensor_options = {{"path", OptionType::string, "/", "", false, {}}};

  // Exercises the option types and required options the built-in drivers do not use.
  DriverInfo probe;
  probe.name = "probe";
  probe.channels = {{"a", "V", ""}, {"b", "V", ""}};
  probe.sensor_options = {
      {"bus", OptionType::integer, "", "", true, {}},
      {"fast", OptionType::boolean, "false", "", false, {}},
      {"mode", OptionType::string, "normal", "", false, {"normal", "turbo"}},
  };
  probe.channel_options = {{"gain", OptionType::number, "1", "", false, {}}};
  return {sim, cpu_temp, system, probe};
}

const std::vector<DriverInfo>& drivers() {
  static const std::vector<DriverInfo> list = make_drivers();
  return list;
}

}  // namespace

const DriverInfo* fake_driver(std::string_view name) {
  for (const DriverInfo& info : drivers()) {
    if (info.name == name) {
      return &info;
    }
  }
  return nullptr;
}

std::vector<std::string> fake_driver_names() {
  std::vector<std::string> names;
  for (const DriverInfo& info : drivers()) {
    names.push_back(info.name);
  }
  return names;
}

LoadEnvironment test_env(std::map<std::string, std::string> variables, std::string hostname) {
  LoadEnvironment env;
  env.hostname = std::move(hostname);
  env.lookup = [variables =
                    std::move(variables)](const std::string& name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end()) {
      return std::nullopt;
    }
    return it->second;
  };
  return env;
}

LoadResult load(std::string_view toml, const LoadEnvironment& env) {
  return load_config_text(toml, "test.toml", fake_driver, env, fake_driver_names());
}

TextPosition position_of(std::string_view text, std::string_view context, std::string_view target) {
  size_t start = text.find(context);
  EXPECT_NE(start, std::string_view::npos) << "'" << context << "' is not in the text";
  EXPECT_EQ(text.find(context, start + 1), std::string_view::npos)
      << "'" << context << "' occurs more than once";
  if (start == std::string_view::npos) {
    return {};
  }
  size_t offset = start;
  if (!target.empty()) {
    size_t inside = context.find(target);
    EXPECT_NE(inside, std::string_view::npos) << "'" << target << "' is not in '" << context << "'";
    offset += inside == std::string_view::npos ? 0 : inside;
  }
  TextPosition position{1, 1};
  for (size_t i = 0; i < offset; ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((byte & 0xC0) != 0x80) {  // count code points, not continuation bytes
      ++position.column;
    }
  }
  return position;
}

std::vector<ConfigProblem> problems_at(const LoadResult& result, std::string_view key_path) {
  std::vector<ConfigProblem> found;
  for (const ConfigProblem& problem : result.problems) {
    if (problem.key_path == key_path) {
      found.push_back(problem);
    }
  }
  return found;
}

ConfigProblem expect_problem(const LoadResult& result, std::string_view text,
                             std::string_view key_path, std::string_view context,
                             std::string_view target, std::string_view message_part, bool warning) {
  std::vector<ConfigProblem> found = problems_at(result, key_path);
  EXPECT_EQ(found.size(), 1u) << "problems at " << key_path << ":\n" << describe(result);
  if (found.empty()) {
    return {};
  }
  const ConfigProblem& problem = found.front();
  TextPosition expected = position_of(text, context, target);
  EXPECT_EQ(problem.where.file, "test.toml");
  EXPECT_EQ(problem.where.line, expected.line) << problem.format();
  EXPECT_EQ(problem.where.column, expected.column) << problem.format();
  EXPECT_NE(problem.message.find(message_part), std::string::npos)
      << "message: " << problem.message << "\nexpected to contain: " << message_part;
  EXPECT_EQ(problem.warning, warning) << problem.format();
  if (!warning) {
    EXPECT_FALSE(result.ok()) << "an error must withhold the config";
  }
  return problem;
}

std::string describe(const LoadResult& result) {
  std::string text;
  for (const ConfigProblem& problem : result.problems) {
    text += (problem.warning ? "warning: " : "error: ") + problem.format() + "\n";
  }
  return text;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sa-config-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::add, ignored);
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, std::string_view content) const {
  std::filesystem::path file = path_ / name;
  std::ofstream out(file, std::ios::binary);
  out << content;
  return file.string();
}

}  // namespace sa::test
