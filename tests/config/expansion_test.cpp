#include <gtest/gtest.h>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

using test::expect_problem;
using test::kSimSensor;
using test::load;

TEST(Expansion, DeviceBecomesTheDeviceIdInEveryString) {
  std::string text = std::string(
                         "[device]\nid = \"pi-7\"\ntopic_prefix = \"site/{device}\"\n"
                         "[agent]\nstate_dir = \"/var/lib/{device}\"\n"
                         "[broker]\nclient_id = \"agent-{device}\"\nusername = \"{device}\"\n"
                         "password = \"${PW}\"\n") +
                     kSimSensor + "unit = \"{device}-units\"\n";
  LoadResult result = load(text, test::test_env({{"PW", "x"}}));
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const Config& config = *result.config;
  EXPECT_EQ(config.device.topic_prefix, "site/pi-7");
  EXPECT_EQ(config.agent.state_dir, "/var/lib/pi-7");
  EXPECT_EQ(config.queue.dir, "/var/lib/pi-7/queue");
  EXPECT_EQ(config.broker.client_id, "agent-pi-7");
  EXPECT_EQ(config.broker.username, "pi-7");
  EXPECT_EQ(config.sensors.at(0).channels.at(0).unit, "pi-7-units");
  EXPECT_EQ(config.sensors.at(0).channels.at(0).topic, "site/pi-7/wave/value");
}

TEST(Expansion, DefaultsExpandTheHostName) {
  LoadResult result = load(kSimSensor, test::test_env({}, "kitchen"));
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->device.id, "kitchen");
  EXPECT_EQ(result.config->device.topic_prefix, "sensors/kitchen");
  EXPECT_EQ(result.config->broker.client_id, "kitchen");
}

TEST(Expansion, EnvironmentVariablesAreSubstituted) {
  std::string text = std::string(
                         "[device]\nid = \"${SITE}-${ROOM}\"\n"
                         "[broker]\nurl = \"mqtts://${BROKER_HOST}:${BROKER_PORT}\"\n") +
                     kSimSensor + "period = \"${PERIOD}\"\n";
  LoadResult result = load(text, test::test_env({{"SITE", "farm"},
                                                 {"ROOM", "barn"},
                                                 {"BROKER_HOST", "mq.example"},
                                                 {"BROKER_PORT", "8884"},
                                                 {"PERIOD", "5m"}}));
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->device.id, "farm-barn");
  EXPECT_EQ(result.config->broker.host, "mq.example");
  EXPECT_EQ(result.config->broker.port, 8884);
  EXPECT_EQ(result.config->sensors.at(0).channels.at(0).options.duration("period", {}),
            std::chrono::minutes{5});
}

TEST(Expansion, UnsetVariableIsAnErrorAtThatKey) {
  std::string text = std::string("[broker]\nurl = \"mqtt://${BROKER_HOST}\"\n") + kSimSensor;
  expect_problem(load(text), text, "broker.url", "\"mqtt://${BROKER_HOST}\"", "",
                 "environment variable 'BROKER_HOST' is not set");
}

TEST(Expansion, CredentialsDirectoryComesFromTheEnvironmentField) {
  std::string text =
      std::string("[agent]\nstate_dir = \"${CREDENTIALS_DIRECTORY}/x\"\n") + kSimSensor;
  LoadEnvironment env = test::test_env();
  env.credentials_directory = "/run/credentials/sensor-agent.service";
  LoadResult result = load(text, env);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->agent.state_dir, "/run/credentials/sensor-agent.service/x");

  LoadResult unset = load(text);
  expect_problem(unset, text, "agent.state_dir", "\"${CREDENTIALS_DIRECTORY}/x\"", "",
                 "'CREDENTIALS_DIRECTORY' is not set");
}

TEST(Expansion, DoubleDollarIsALiteralDollar) {
  std::string text = std::string("[agent]\nstate_dir = \"/tmp/$${HOME}/$x\"\n") + kSimSensor;
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->agent.state_dir, "/tmp/${HOME}/$x");
}

TEST(Expansion, MalformedReferencesAreErrors) {
  std::string unclosed = std::string("[agent]\nstate_dir = \"/a/${HOME\"\n") + kSimSensor;
  expect_problem(load(unclosed), unclosed, "agent.state_dir", "\"/a/${HOME\"", "", "not closed");
  std::string bad_name = std::string("[agent]\nstate_dir = \"/a/${MY-VAR}\"\n") + kSimSensor;
  expect_problem(load(bad_name), bad_name, "agent.state_dir", "\"/a/${MY-VAR}\"", "",
                 "not a valid variable name");
}

TEST(Expansion, DeviceIdCannotReferToItself) {
  std::string text = std::string("[device]\nid = \"x-{device}\"\n") + kSimSensor;
  expect_problem(load(text), text, "device.id", "\"x-{device}\"", "", "{device} cannot be used");
}

TEST(Expansion, MissingHostNameWithoutDeviceIdIsAnError) {
  LoadResult result = load(kSimSensor, test::test_env({}, ""));
  ASSERT_FALSE(result.ok());
  std::vector<ConfigProblem> problems = test::problems_at(result, "device");
  ASSERT_EQ(problems.size(), 1u) << test::describe(result);
  EXPECT_NE(problems[0].message.find("set device.id"), std::string::npos);
  EXPECT_EQ(problems[0].where.line, 1u);
}

TEST(LoadEnvironment, FromProcessReadsTheRealEnvironment) {
  ASSERT_EQ(setenv("SA_CONFIG_TEST_VARIABLE", "present", 1), 0);
  LoadEnvironment env = LoadEnvironment::from_process();
  EXPECT_EQ(env.variable("SA_CONFIG_TEST_VARIABLE"), "present");
  EXPECT_EQ(env.variable("SA_CONFIG_TEST_SURELY_UNSET"), std::nullopt);
  EXPECT_FALSE(env.hostname.empty());
  unsetenv("SA_CONFIG_TEST_VARIABLE");
}

}  // namespace
}  // namespace sa
