// `sensor-agent check`: exit codes, and every mistake reported as FILE:LINE:COL: key.path: message.
#include <sstream>

#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

// Where the first occurrence of `needle` sits in `text`: its line,
// the column of its first character and the column of the value after its `=`.
struct Position {
  int line = 0;
  int key_column = 0;
  int value_column = 0;
};

Position find_position(const std::string& text, const std::string& needle) {
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    size_t at = line.find(needle);
    if (at == std::string::npos) {
      continue;
    }
    Position position{number, static_cast<int>(at) + 1, 0};
    size_t equals = line.find('=', at);
    if (equals != std::string::npos) {
      position.value_column = static_cast<int>(line.find_first_not_of(' ', equals + 1)) + 1;
    }
    return position;
  }
  ADD_FAILURE() << "\"" << needle << "\" is not in the config";
  return {};
}

// The report has a line FILE:LINE:COL: KEY: ... at `position` (key or value column) whose message
// mentions one of the '|'-separated `word`s.
::testing::AssertionResult reported(const std::string& output, const std::string& file,
                                    const Position& position, const std::string& key,
                                    const std::string& word) {
  std::istringstream lines(output);
  std::string line;
  for (int column : {position.key_column, position.value_column}) {
    std::string prefix = file + ":" + std::to_string(position.line) + ":" + std::to_string(column) +
                         ": " + key + ": ";
    lines.clear();
    lines.seekg(0);
    while (std::getline(lines, line)) {
      if (line.rfind(prefix, 0) != 0) {
        continue;
      }
      std::istringstream alternatives(word);
      std::string alternative;
      while (std::getline(alternatives, alternative, '|')) {
        if (contains_nocase(line.substr(prefix.size()), alternative)) {
          return ::testing::AssertionSuccess();
        }
      }
    }
  }
  return ::testing::AssertionFailure()
         << "no line " << file << ":" << position.line << ":" << position.key_column
         << " (or :" << position.value_column << "): " << key << ": ...\"" << word << "\"... in\n"
         << output;
}

constexpr const char* kValid = R"(# a valid device
[device]
id = "pi-shed"

[broker]
url = "mqtt://127.0.0.1:1"

[[sensor]]
name = "wave"
driver = "sim"
interval = "1s"
[sensor.channels.temperature]
waveform = "sine"
min = 18.0
max = 24.0
period = "10m"
unit = "°C"
qos = 1
)";

// Six deliberate mistakes, each a kind a person makes.
constexpr const char* kMistakes = R"([device]
id = "pi-shed"
topic_prefix = "sensors/+/{device}"

[broker]
url = "mqtt://127.0.0.1:1883"
keepalve = "30s"

[[sensor]]
name = "wave"
driver = "sim"
interval = "10 parsecs"
[sensor.channels.temperature]
waveform = "sine"
min = 30.0
max = 20.0
qos = 3

[[sensor]]
name = "ghost"
driver = "simm"
interval = "1s"
)";

TEST(Check, ExitsZeroForAValidConfig) {
  TempDir dir;
  std::filesystem::path file = dir / "agent.toml";
  write_file(file, kValid);
  CommandResult result = run_agent({"check", "--config", file.string()}, dir.path());
  EXPECT_EQ(result.exit_code(), 0) << result.describe();
}

TEST(Check, ReportsEveryMistakeWithFileLineColumnAndKeyAndExits78) {
  TempDir dir;
  std::filesystem::path file = dir / "agent.toml";
  std::string text = kMistakes;
  write_file(file, text);
  CommandResult result = run_agent({"check", "--config", file.string()}, dir.path());
  EXPECT_EQ(result.exit_code(), 78) << result.describe();
  std::string output = result.out + result.err;
  std::string name = file.string();

  EXPECT_TRUE(reported(output, name, find_position(text, "topic_prefix ="), "device.topic_prefix",
                       "+|wildcard"));
  EXPECT_TRUE(reported(output, name, find_position(text, "keepalve"), "broker.keepalve",
                       "unknown|keepalive"));
  EXPECT_TRUE(reported(output, name, find_position(text, "interval = \"10 parsecs\""),
                       "sensor.wave.interval", "duration"));
  EXPECT_TRUE(reported(output, name, find_position(text, "qos = 3"),
                       "sensor.wave.channels.temperature.qos", "0, 1 or 2|0 to 2|0..2|qos"));
  // min above max: reported at either of the two.
  Position min = find_position(text, "min = 30.0");
  Position max = find_position(text, "max = 20.0");
  EXPECT_TRUE(reported(output, name, min, "sensor.wave.channels.temperature.min", "max") ||
              reported(output, name, max, "sensor.wave.channels.temperature.max", "min"))
      << output;
  EXPECT_TRUE(reported(output, name, find_position(text, "driver = \"simm\""),
                       "sensor.ghost.driver", "simm"));
}

TEST(Check, DriverOptionMistakeIsReportedAtItsLine) {
  TempDir dir;
  std::filesystem::path file = dir / "agent.toml";
  std::string text = kValid;
  text.replace(text.find("min = 18.0"), 10, "min = 30.0");
  write_file(file, text);
  CommandResult result = run_agent({"check", "--config", file.string()}, dir.path());
  EXPECT_EQ(result.exit_code(), 78) << result.describe();
  std::string output = result.out + result.err;
  EXPECT_TRUE(reported(output, file.string(), find_position(text, "min = 30.0"),
                       "sensor.wave.channels.temperature.min", "max") ||
              reported(output, file.string(), find_position(text, "max = 24.0"),
                       "sensor.wave.channels.temperature.max", "min"))
      << output;
}

TEST(Check, MissingFileExits78AndSaysSo) {
  TempDir dir;
  std::string missing = (dir / "nowhere.toml").string();
  CommandResult result = run_agent({"check", "--config", missing}, dir.path());
  EXPECT_EQ(result.exit_code(), 78) << result.describe();
  EXPECT_TRUE(contains_nocase(result.out + result.err, missing)) << result.describe();
}

}  // namespace
}  // namespace sa::test
