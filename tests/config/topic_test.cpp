#include <gtest/gtest.h>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

using test::expect_problem;
using test::kSimSensor;
using test::load;

TEST(TopicNameProblem, AcceptsOrdinaryTopics) {
  EXPECT_EQ(topic_name_problem("sensors/pi/wave/temperature"), "");
  EXPECT_EQ(topic_name_problem("a"), "");
  EXPECT_EQ(topic_name_problem("/leading/slash"), "");
  EXPECT_EQ(topic_name_problem("caf\xC3\xA9/\xE2\x82\xAC"), "");
  EXPECT_EQ(topic_name_problem(std::string(65535, 'a')), "");
}

TEST(TopicNameProblem, RejectsWhatMqttForbids) {
  EXPECT_NE(topic_name_problem(""), "");
  EXPECT_NE(topic_name_problem("a/+/b").find("'+'"), std::string::npos);
  EXPECT_NE(topic_name_problem("a/#").find("'#'"), std::string::npos);
  EXPECT_NE(topic_name_problem(std::string("a\0b", 3)).find("U+0000"), std::string::npos);
  EXPECT_NE(topic_name_problem(std::string(65536, 'a')).find("65536 bytes"), std::string::npos);
  for (const char* bad :
       {"\xC3", "\xC3\x28", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "a\x80"}) {
    EXPECT_NE(topic_name_problem(bad).find("UTF-8"), std::string::npos) << bad;
  }
}

TEST(TopicPrefix, WildcardIsAnError) {
  std::string text = std::string("[device]\ntopic_prefix = \"sensors/+\"\n") + kSimSensor;
  expect_problem(load(text), text, "device.topic_prefix", "\"sensors/+\"", "",
                 "topic_prefix 'sensors/+' contains the wildcard '+'");
}

TEST(TopicPrefix, EmptyOrTrailingSlashIsAnError) {
  std::string empty = std::string("[device]\ntopic_prefix = \"\"\n") + kSimSensor;
  expect_problem(load(empty), empty, "device.topic_prefix", "\"\"", "", "is empty");
  std::string slash = std::string("[device]\ntopic_prefix = \"a/b/\"\n") + kSimSensor;
  expect_problem(load(slash), slash, "device.topic_prefix", "\"a/b/\"", "",
                 "must not end with '/'");
}

TEST(TopicPrefix, LeadingSlashOrDollarIsAWarning) {
  std::string slash = std::string("[device]\ntopic_prefix = \"/sensors\"\n") + kSimSensor;
  LoadResult with_slash = load(slash);
  EXPECT_TRUE(with_slash.ok());
  expect_problem(with_slash, slash, "device.topic_prefix", "\"/sensors\"", "", "starts with '/'",
                 true);
  std::string dollar = std::string("[device]\ntopic_prefix = \"$sensors\"\n") + kSimSensor;
  LoadResult with_dollar = load(dollar);
  EXPECT_TRUE(with_dollar.ok());
  expect_problem(with_dollar, dollar, "device.topic_prefix", "\"$sensors\"", "", "starts with '$'",
                 true);
}

TEST(TopicPrefix, DeviceIdWithAWildcardIsReportedAtTheId) {
  std::string text = std::string("[device]\nid = \"pi#1\"\n") + kSimSensor;
  LoadResult result = load(text);
  expect_problem(result, text, "device.id", "\"pi#1\"", "", "contains the wildcard '#'");
}

TEST(ChannelTopics, AreBuiltFromPrefixSensorAndChannel) {
  std::string text = std::string("[device]\nid = \"pi\"\n") + kSimSensor;
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->sensors.at(0).channels.at(0).topic, "sensors/pi/wave/value");
}

TEST(ChannelTopics, TooLongTopicIsAnErrorAtTheChannel) {
  std::string long_prefix(65530, 'p');
  std::string text = "[device]\ntopic_prefix = \"" + long_prefix + "\"\n" + kSimSensor;
  LoadResult result = load(text);
  ConfigProblem problem = expect_problem(result, text, "sensor.wave.channels.value",
                                         "[sensor.channels.value]", "value", "bytes long");
  EXPECT_NE(problem.message.find("at most 65535"), std::string::npos);
}

TEST(SensorNames, MustBeOneTopicLevel) {
  for (const char* name : {"a/b", "a+b", "a#"}) {
    std::string text =
        std::string("[[sensor]]\nname = \"") + name + "\"\ndriver = \"sim\"\n[sensor.channels.v]\n";
    SCOPED_TRACE(name);
    expect_problem(load(text), text, "sensor[0].name", std::string("\"") + name + "\"", "",
                   std::string("name '") + name + "'");
  }
  std::string empty = "[[sensor]]\nname = \"\"\ndriver = \"sim\"\n[sensor.channels.v]\n";
  expect_problem(load(empty), empty, "sensor[0].name", "\"\"", "", "is empty");
}

TEST(ChannelNames, MustBeOneTopicLevel) {
  std::string text = "[[sensor]]\nname = \"s\"\ndriver = \"sim\"\n[sensor.channels.\"a/b\"]\n";
  expect_problem(load(text), text, "sensor.s.channels.a/b", "\"a/b\"", "",
                 "contains '/'; it must be a single topic level");
}

}  // namespace
}  // namespace sa
