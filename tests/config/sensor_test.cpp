#include <gtest/gtest.h>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

using test::expect_problem;
using test::kSimSensor;
using test::load;

TEST(Sensors, UnknownDriverListsTheKnownOnes) {
  std::string text = "[[sensor]]\nname = \"s\"\ndriver = \"bme\"\n";
  expect_problem(load(text), text, "sensor.s.driver", "\"bme\"", "",
                 "unknown driver 'bme'; known: sim, cpu_temp, system, probe");
}

TEST(Sensors, DriverTypoIsSuggested) {
  std::string text = "[[sensor]]\nname = \"s\"\ndriver = \"sytem\"\n";
  expect_problem(load(text), text, "sensor.s.driver", "\"sytem\"", "",
                 "unknown driver 'sytem' (did you mean 'system'?)");
}

TEST(Sensors, WithoutKnownNamesTheMessageStillNamesTheDriver) {
  std::string text = "[[sensor]]\nname = \"s\"\ndriver = \"bme\"\n";
  LoadResult result = load_config_text(text, "test.toml", test::fake_driver, test::test_env());
  expect_problem(result, text, "sensor.s.driver", "\"bme\"", "", "unknown driver 'bme'");
}

TEST(Sensors, MissingNameAndDriverAreReportedAtTheTable) {
  std::string text = std::string(kSimSensor) + "[[sensor]]\ninterval = \"1s\"\n";
  LoadResult result = load(text);
  expect_problem(result, text, "sensor[1].name", "[[sensor]]\ninterval", "",
                 "missing required key 'name'");
  expect_problem(result, text, "sensor[1].driver", "[[sensor]]\ninterval", "",
                 "missing required key 'driver'");
}

TEST(Sensors, NamesMustBeUnique) {
  std::string text = std::string(kSimSensor) +
                     "[[sensor]]\nname = \"wave\" # again\ndriver = \"sim\"\n[sensor.channels.v]\n";
  LoadResult result = load(text);
  ConfigProblem problem = expect_problem(result, text, "sensor[1].name", "\"wave\" # again",
                                         "\"wave\"", "is already used");
  std::string first_line = std::to_string(test::position_of(text, "name = \"wave\"\n").line);
  EXPECT_NE(problem.message.find("at line " + first_line), std::string::npos) << problem.message;
}

TEST(Sensors, SensorMustBeAnArrayOfTables) {
  std::string text = "[sensor]\nname = \"s\"\n";
  expect_problem(load(text), text, "sensor", "[sensor]", "", "write [[sensor]]");
}

TEST(Sensors, NoSensorIsAWarning) {
  LoadResult result = load("");
  EXPECT_TRUE(result.ok());
  ASSERT_EQ(result.problems.size(), 1u) << test::describe(result);
  EXPECT_TRUE(result.problems[0].warning);
  EXPECT_EQ(result.problems[0].key_path, "sensor");
}

TEST(Sensors, IntervalMustBePositive) {
  std::string text = "[[sensor]]\nname = \"s\"\ndriver = \"system\"\ninterval = \"0s\"\n";
  expect_problem(load(text), text, "sensor.s.interval", "\"0s\"", "", "longer than 0s");
}

TEST(Sensors, StaleAfterShorterThanIntervalIsAWarning) {
  std::string text =
      "[[sensor]]\nname = \"s\"\ndriver = \"system\"\ninterval = \"10s\"\nstale_after = \"5s\"\n";
  LoadResult result = load(text);
  EXPECT_TRUE(result.ok());
  expect_problem(result, text, "sensor.s.stale_after", "\"5s\"", "", "shorter than interval", true);
}

TEST(Sensors, ReadsTimingAndDriverOptions) {
  std::string text = std::string(kSimSensor) +
                     "[[sensor]]\nname = \"slow\"\ndriver = \"sim\"\ninterval = \"1m30s\"\n"
                     "stale_after = \"5m\"\nfail_probability = 1\nread_delay = \"250ms\"\n"
                     "[sensor.channels.v]\n";
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const SensorConfig& sensor = result.config->sensors.at(1);
  EXPECT_EQ(sensor.interval, std::chrono::seconds{90});
  EXPECT_EQ(sensor.stale_after, std::chrono::minutes{5});
  // A number option written as an integer is stored as a double.
  ASSERT_TRUE(sensor.options.has("fail_probability"));
  EXPECT_TRUE(std::holds_alternative<double>(sensor.options.find("fail_probability")->value));
  EXPECT_EQ(sensor.options.number("fail_probability", 0.0), 1.0);
  EXPECT_EQ(sensor.options.duration("read_delay", {}), std::chrono::milliseconds{250});
  test::TextPosition at = test::position_of(text, "\"250ms\"");
  EXPECT_EQ(sensor.options.find("read_delay")->where.line, at.line);
  EXPECT_EQ(sensor.options.find("read_delay")->where.column, at.column);
  EXPECT_EQ(sensor.where.line, test::position_of(text, "[[sensor]]\nname = \"slow\"").line);
}

TEST(DriverOptions, RequiredOptionIsMissingAtTheTable) {
  std::string text = "[[sensor]]\nname = \"p\"\ndriver = \"probe\"\n";
  expect_problem(load(text), text, "sensor.p.bus", "[[sensor]]", "", "missing required key 'bus'");
}

TEST(DriverOptions, TypesAndChoicesAreChecked) {
  std::string text =
      "[[sensor]]\nname = \"p\"\ndriver = \"probe\"\nbus = \"one\"\nfast = \"yes\"\n"
      "mode = \"trubo\"\n[sensor.channels.a]\ngain = true\n";
  LoadResult result = load(text);
  expect_problem(result, text, "sensor.p.bus", "\"one\"", "", "bus must be an integer");
  expect_problem(result, text, "sensor.p.fast", "\"yes\"", "", "fast must be true or false");
  expect_problem(result, text, "sensor.p.mode", "\"trubo\"", "",
                 "mode must be \"normal\" or \"turbo\", got \"trubo\" (did you mean 'turbo'?)");
  expect_problem(result, text, "sensor.p.channels.a.gain", "gain = true", "true",
                 "gain must be a number");
  EXPECT_EQ(result.problems.size(), 4u) << test::describe(result);
}

TEST(DriverOptions, ValuesAreStoredWithTheirTypes) {
  std::string text =
      "[[sensor]]\nname = \"p\"\ndriver = \"probe\"\nbus = 3\nfast = true\nmode = \"turbo\"\n"
      "[sensor.channels.b]\ngain = 2.5\n";
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const SensorConfig& sensor = result.config->sensors.at(0);
  EXPECT_EQ(sensor.options.integer("bus", 0), 3);
  EXPECT_TRUE(sensor.options.boolean("fast", false));
  EXPECT_EQ(sensor.options.string("mode", ""), "turbo");
  ASSERT_EQ(sensor.channels.size(), 1u);
  EXPECT_EQ(sensor.channels[0].name, "b");
  EXPECT_EQ(sensor.channels[0].options.number("gain", 0), 2.5);
  EXPECT_EQ(sensor.channels[0].unit, "V");
}

TEST(Channels, FreeChannelDriverNeedsAtLeastOne) {
  std::string text = "[[sensor]]\nname = \"w\"\ndriver = \"sim\"\n";
  expect_problem(load(text), text, "sensor.w", "[[sensor]]", "",
                 "driver 'sim' needs at least one channel");
}

TEST(Channels, FixedDriverRejectsUnknownChannelNames) {
  std::string text = "[[sensor]]\nname = \"h\"\ndriver = \"system\"\n[sensor.channels.load_1]\n";
  expect_problem(load(text), text, "sensor.h.channels.load_1", "[sensor.channels.load_1]", "load_1",
                 "unknown channel 'load_1' for driver 'system' (did you mean 'load1'?); known: "
                 "load1, load5, load15, mem_available, disk_free, uptime, cpu_usage");
}

TEST(Channels, FixedDriverWithoutChannelsPublishesAllWithDefaults) {
  std::string text = "[[sensor]]\nname = \"h\"\ndriver = \"system\"\nqos = 2\nretain = true\n";
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const SensorConfig& sensor = result.config->sensors.at(0);
  const DriverInfo* system = test::fake_driver("system");
  ASSERT_EQ(sensor.channels.size(), system->channels.size());
  for (size_t i = 0; i < sensor.channels.size(); ++i) {
    const ChannelConfig& channel = sensor.channels[i];
    EXPECT_EQ(channel.name, system->channels[i].name);
    EXPECT_EQ(channel.unit, system->channels[i].unit);
    EXPECT_EQ(channel.qos, 2);
    EXPECT_TRUE(channel.retain);
    EXPECT_TRUE(channel.queue);
    EXPECT_EQ(channel.topic, "sensors/testhost/h/" + channel.name);
    EXPECT_EQ(channel.where.line, sensor.where.line);
  }
}

TEST(Channels, ListedChannelsOnlyInFileOrder) {
  std::string text =
      "[[sensor]]\nname = \"h\"\ndriver = \"system\"\n[sensor.channels.uptime]\n"
      "[sensor.channels.load1]\n";
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const SensorConfig& sensor = result.config->sensors.at(0);
  ASSERT_EQ(sensor.channels.size(), 2u);
  EXPECT_EQ(sensor.channels[0].name, "uptime");
  EXPECT_EQ(sensor.channels[1].name, "load1");
  test::TextPosition at = test::position_of(text, "[sensor.channels.load1]", "load1");
  EXPECT_EQ(sensor.channels[1].where.line, at.line);
  EXPECT_EQ(sensor.channels[1].where.column, at.column);
}

TEST(Channels, InheritSensorQosAndRetainAndMayOverride) {
  std::string text =
      "[[sensor]]\nname = \"w\"\ndriver = \"sim\"\nqos = 0\nretain = true\n"
      "[sensor.channels.a]\n[sensor.channels.b]\nqos = 2\nretain = false\nunit = \"K\"\n"
      "[sensor.channels.c]\nqos = 0\nqueue = true\n";
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const std::vector<ChannelConfig>& channels = result.config->sensors.at(0).channels;
  ASSERT_EQ(channels.size(), 3u);
  EXPECT_EQ(channels[0].qos, 0);
  EXPECT_TRUE(channels[0].retain);
  EXPECT_FALSE(channels[0].queue);  // qos 0 is not queued unless asked
  EXPECT_EQ(channels[0].unit, "");
  EXPECT_EQ(channels[1].qos, 2);
  EXPECT_FALSE(channels[1].retain);
  EXPECT_TRUE(channels[1].queue);
  EXPECT_EQ(channels[1].unit, "K");
  EXPECT_TRUE(channels[2].queue);
}

TEST(Channels, QosOutOfRangeAtSensorAndChannel) {
  std::string text =
      "[[sensor]]\nname = \"w\"\ndriver = \"sim\"\nqos = -1\n[sensor.channels.a]\nqos = 3\n";
  LoadResult result = load(text);
  expect_problem(result, text, "sensor.w.qos", "-1", "", "qos must be 0, 1 or 2, got -1");
  expect_problem(result, text, "sensor.w.channels.a.qos", "qos = 3", "3",
                 "qos must be 0, 1 or 2, got 3");
}

TEST(Channels, ChannelThatIsNotATableIsAnError) {
  std::string text = "[[sensor]]\nname = \"w\"\ndriver = \"sim\"\nchannels = { a = 1 }\n";
  expect_problem(load(text), text, "sensor.w.channels.a", "a = 1", "1", "must be a table");
}

TEST(Channels, InlineTablesWork) {
  std::string text =
      "[[sensor]]\nname = \"w\"\ndriver = \"sim\"\n"
      "channels = { b = { qos = 2, waveform = \"ramp\" }, a = {} }\n";
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const std::vector<ChannelConfig>& channels = result.config->sensors.at(0).channels;
  ASSERT_EQ(channels.size(), 2u);
  EXPECT_EQ(channels[0].name, "b");
  EXPECT_EQ(channels[0].options.string("waveform", ""), "ramp");
}

}  // namespace
}  // namespace sa
