#include <gtest/gtest.h>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

using test::expect_problem;
using test::kSimSensor;
using test::load;

TEST(UnknownKeys, TopLevelTableTypoSuggestsTheTable) {
  std::string text = std::string("[brokr]\nurl = \"mqtt://x\"\n") + kSimSensor;
  LoadResult result = load(text);
  expect_problem(result, text, "brokr", "brokr", "",
                 "unknown key 'brokr' (did you mean 'broker'?)");
}

TEST(UnknownKeys, WithoutACloseMatchListsTheAllowedKeys) {
  std::string text = std::string("[agent]\nverbosity = 3\n") + kSimSensor;
  LoadResult result = load(text);
  expect_problem(result, text, "agent.verbosity", "verbosity", "",
                 "unknown key 'verbosity'; allowed: state_dir, health_interval, log_level");
}

TEST(UnknownKeys, AreErrorsInEveryTable) {
  std::string text =
      "[device]\nidd = \"x\"\n"
      "[broker]\nkeep_alive = \"30s\"\n"
      "[queue]\nmax_byte = 5\n"
      "[[sensor]]\nname = \"wave\"\ndriver = \"sim\"\nfail_probabilty = 0.1\n"
      "[sensor.channels.value]\nwavefrom = \"sine\"\n";
  LoadResult result = load(text);
  expect_problem(result, text, "device.idd", "idd", "", "(did you mean 'id'?)");
  expect_problem(result, text, "broker.keep_alive", "keep_alive", "",
                 "(did you mean 'keepalive'?)");
  expect_problem(result, text, "queue.max_byte", "max_byte", "", "(did you mean 'max_bytes'?)");
  expect_problem(result, text, "sensor.wave.fail_probabilty", "fail_probabilty", "",
                 "(did you mean 'fail_probability'?)");
  expect_problem(result, text, "sensor.wave.channels.value.wavefrom", "wavefrom", "",
                 "(did you mean 'waveform'?)");
  EXPECT_EQ(result.problems.size(), 5u) << test::describe(result);
}

TEST(UnknownKeys, DottedKeyIsReportedWhereItIsWritten) {
  std::string text = std::string("[agent]\nlog.level = \"info\"\n") + kSimSensor;
  LoadResult result = load(text);
  expect_problem(result, text, "agent.log", "log.level", "log", "unknown key 'log'");
}

TEST(WrongTypes, AreErrorsAtTheValue) {
  std::string text =
      "[agent]\nstate_dir = 5\n"
      "[broker]\nclean_session = \"no\"\nmax_inflight = 1.5\n"
      "[[sensor]]\nname = \"wave\"\ndriver = \"sim\"\nretain = 1\n"
      "[sensor.channels.value]\nmin = \"low\"\n";
  LoadResult result = load(text);
  expect_problem(result, text, "agent.state_dir", "state_dir = 5", "5",
                 "state_dir must be a string, got integer 5");
  expect_problem(result, text, "broker.clean_session", "\"no\"", "",
                 "clean_session must be true or false, got string \"no\"");
  expect_problem(result, text, "broker.max_inflight", "1.5", "",
                 "max_inflight must be an integer, got float 1.5");
  expect_problem(result, text, "sensor.wave.retain", "retain = 1", "1",
                 "retain must be true or false, got integer 1");
  expect_problem(result, text, "sensor.wave.channels.value.min", "\"low\"", "",
                 "min must be a number, got string \"low\"");
  EXPECT_EQ(result.problems.size(), 5u) << test::describe(result);
}

TEST(WrongTypes, SectionThatIsNotATable) {
  std::string text = std::string("agent = \"fast\"\n") + kSimSensor;
  LoadResult result = load(text);
  expect_problem(result, text, "agent", "\"fast\"", "", "agent must be a table");
}

TEST(WrongTypes, NonFiniteNumberIsRejected) {
  std::string text = std::string(kSimSensor) + "max = nan\n";
  LoadResult result = load(text);
  expect_problem(result, text, "sensor.wave.channels.value.max", "nan", "",
                 "must be a finite number");
}

TEST(Choices, WrongChoiceListsTheAllowedOnesAndSuggests) {
  std::string text = std::string("[queue]\non_full = \"drop_olde\"\n") + kSimSensor;
  LoadResult result = load(text);
  expect_problem(result, text, "queue.on_full", "\"drop_olde\"", "",
                 "on_full must be \"drop_oldest\" or \"drop_newest\", got \"drop_olde\" (did you "
                 "mean 'drop_oldest'?)");
}

TEST(Choices, LogLevelAndSync) {
  std::string text =
      std::string("[agent]\nlog_level = \"verbose\"\n[queue]\nsync = \"never\"\n") + kSimSensor;
  LoadResult result = load(text);
  expect_problem(result, text, "agent.log_level", "\"verbose\"", "", "\"trace\", \"debug\"");
  expect_problem(result, text, "queue.sync", "\"never\"", "", "\"always\", \"batch\" or \"none\"");
}

TEST(Ranges, QueueBoundsMustBePositive) {
  std::string text =
      std::string(
          "[queue]\nmax_bytes = \"0\"\nmemory_max_messages = 0\nreplay_pack = "
          "501\nsync_interval = \"0s\"\n[agent]\nhealth_interval = \"0s\"\nstate_dir = \"\"\n") +
      kSimSensor;
  LoadResult result = load(text);
  expect_problem(result, text, "queue.max_bytes", "\"0\"", "", "larger than 0");
  expect_problem(result, text, "queue.memory_max_messages", "memory_max_messages = 0", "0",
                 "must be from 1");
  expect_problem(result, text, "queue.replay_pack", "501", "501", "must be from 1");
  expect_problem(result, text, "queue.sync_interval", "\"0s\"\n[agent]", "\"0s\"",
                 "longer than 0s");
  expect_problem(result, text, "agent.health_interval", "\"0s\"\nstate_dir", "\"0s\"",
                 "longer than 0s");
  expect_problem(result, text, "agent.state_dir", "\"\"", "", "must not be empty");
}

}  // namespace
}  // namespace sa
