#include <gtest/gtest.h>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

TEST(ConfigProblemFormat, IsFileLineColumnKeyPathMessage) {
  ConfigProblem problem{SourceLocation{"agent.toml", 12, 7}, "sensor.wave.channels.t.qos",
                        "qos must be 0, 1 or 2, got 3", false};
  EXPECT_EQ(problem.format(),
            "agent.toml:12:7: sensor.wave.channels.t.qos: qos must be 0, 1 or 2, got 3");
}

TEST(ConfigProblemFormat, LeavesOutWhatIsUnknown) {
  ConfigProblem no_key{SourceLocation{"a.toml", 3, 1}, "", "expected value", false};
  EXPECT_EQ(no_key.format(), "a.toml:3:1: expected value");
  ConfigProblem no_position{SourceLocation{"a.toml", 0, 0}, "", "cannot read", false};
  EXPECT_EQ(no_position.format(), "a.toml: cannot read");
}

TEST(SyntaxError, IsReportedAtItsLineAndColumn) {
  std::string text = "[agent]\nlog_level = \"info\"\nstate_dir = \n";
  LoadResult result = test::load(text);
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.problems.size(), 1u) << test::describe(result);
  const ConfigProblem& problem = result.problems.front();
  // toml++ points at the character where a value was expected: the newline after "= ".
  test::TextPosition expected = test::position_of(text, "state_dir = \n", "\n");
  EXPECT_EQ(problem.where.file, "test.toml");
  EXPECT_EQ(problem.where.line, expected.line);
  EXPECT_EQ(problem.where.column, expected.column);
  EXPECT_TRUE(problem.key_path.empty());
  EXPECT_FALSE(problem.message.empty());
}

TEST(SyntaxError, DuplicateKeyIsASyntaxError) {
  std::string text = "[agent]\nlog_level = \"info\"\nlog_level = \"debug\"\n";
  LoadResult result = test::load(text);
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.problems.size(), 1u) << test::describe(result);
  EXPECT_EQ(result.problems.front().where.line,
            test::position_of(text, "log_level = \"debug\"").line);
}

TEST(LoadConfigFile, MissingFileIsOneProblemWithoutPosition) {
  test::TempDir dir;
  std::string path = (dir.path() / "absent.toml").string();
  LoadResult result =
      load_config_file(path, test::fake_driver, test::test_env(), test::fake_driver_names());
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems.front().format(),
            path + ": cannot read the config file: No such file or directory");
}

TEST(LoadConfigFile, ProblemsNameTheFile) {
  test::TempDir dir;
  std::string text = std::string("[agent]\nlog_levle = \"info\"\n") + test::kSimSensor;
  std::string path = dir.write("agent.toml", text);
  LoadResult result =
      load_config_file(path, test::fake_driver, test::test_env(), test::fake_driver_names());
  ASSERT_EQ(result.problems.size(), 1u) << test::describe(result);
  test::TextPosition at = test::position_of(text, "log_levle");
  EXPECT_EQ(result.problems.front().format(),
            path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                ": agent.log_levle: unknown key 'log_levle' (did you mean 'log_level'?)");
  EXPECT_FALSE(result.config.has_value());
}

TEST(LoadConfigFile, GoodFileLoadsWithItsPath) {
  test::TempDir dir;
  std::string path = dir.write("agent.toml", test::kSimSensor);
  LoadResult result =
      load_config_file(path, test::fake_driver, test::test_env(), test::fake_driver_names());
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->path, path);
  EXPECT_EQ(result.config->sensors.at(0).where.file, path);
}

TEST(ManyProblems, AreAllReportedAtOnceInFileOrder) {
  std::string text =
      "[agent]\n"
      "log_level = \"loud\"\n"
      "[broker]\n"
      "max_inflight = 0\n"
      "keepalive = 30\n"
      "[[sensor]]\n"
      "name = \"wave\"\n"
      "driver = \"sim\"\n"
      "intervall = \"1s\"\n"
      "[sensor.channels.temperature]\n"
      "qos = 3\n"
      "[[sensor]]\n"
      "driver = \"bme\"\n";
  LoadResult result = test::load(text);
  EXPECT_FALSE(result.ok());
  test::expect_problem(result, text, "agent.log_level", "\"loud\"", "", "\"loud\"");
  test::expect_problem(result, text, "broker.max_inflight", "max_inflight = 0", "0",
                       "from 1 to 65535, got 0");
  test::expect_problem(result, text, "broker.keepalive", "keepalive = 30", "30",
                       "must be a duration string");
  test::expect_problem(result, text, "sensor.wave.intervall", "intervall", "",
                       "unknown key 'intervall' (did you mean 'interval'?)");
  test::expect_problem(result, text, "sensor.wave.channels.temperature.qos", "qos = 3", "3",
                       "qos must be 0, 1 or 2, got 3");
  test::expect_problem(result, text, "sensor[1].name", "[[sensor]]\ndriver", "",
                       "missing required key 'name'");
  test::expect_problem(result, text, "sensor[1].driver", "\"bme\"", "",
                       "unknown driver 'bme'; known: sim, cpu_temp, system, probe");
  ASSERT_EQ(result.problems.size(), 7u) << test::describe(result);
  for (size_t i = 1; i < result.problems.size(); ++i) {
    const SourceLocation& a = result.problems[i - 1].where;
    const SourceLocation& b = result.problems[i].where;
    EXPECT_TRUE(a.line < b.line || (a.line == b.line && a.column <= b.column))
        << test::describe(result);
  }
}

TEST(Warnings, DoNotWithholdTheConfig) {
  std::string text = std::string("[broker]\nusername = \"u\"\n") + test::kSimSensor;
  LoadResult result = test::load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  test::expect_problem(result, text, "broker.username", "\"u\"", "", "without a password", true);
}

}  // namespace
}  // namespace sa
