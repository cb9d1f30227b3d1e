#include "collector_config.h"

#include <gtest/gtest.h>

namespace sa::collector {
namespace {

LoadEnvironment test_env() {
  LoadEnvironment env;
  env.hostname = "broker-host";
  return env;
}

CollectorLoadResult load(const std::string& toml) {
  return load_collector_config_text(toml, "collector.toml", test_env());
}

std::string all_problems(const CollectorLoadResult& result) {
  std::string out;
  for (const ConfigProblem& problem : result.problems) {
    out += problem.format() + "\n";
  }
  return out;
}

TEST(CollectorConfig, EmptyFileGivesTheDocumentedDefaults) {
  CollectorLoadResult result = load("");
  ASSERT_TRUE(result.ok()) << all_problems(result);
  const CollectorConfig& config = *result.config;
  EXPECT_EQ(config.collector.name, "broker-host");
  EXPECT_EQ(config.collector.topics, std::vector<std::string>{"sensors/#"});
  EXPECT_EQ(config.subscriptions(), std::vector<std::string>{"sensors/#"});
  EXPECT_EQ(config.database.kind, DatabaseKind::sqlite);
  EXPECT_EQ(config.database.sqlite_path, "/var/lib/sensor-collector/readings.db");
  EXPECT_EQ(config.broker.client, MqttClient::mosquitto);
  EXPECT_EQ(config.broker.client_id, "sensor-collector-broker-host");
  EXPECT_FALSE(config.broker.clean_session);
}

TEST(CollectorConfig, SharedGroupPrefixesEveryFilter) {
  CollectorLoadResult result = load(
      "[collector]\nname = \"c1\"\ntopics = [\"sensors/#\", \"lab/+/x\"]\n"
      "shared_group = \"store\"\nbatch_size = 100\nbatch_time = \"50ms\"\nretention = \"30d\"\n"
      "[database]\nurl = \"postgresql://collector@/readings?host=/run/postgresql\"\n");
  ASSERT_TRUE(result.ok()) << all_problems(result);
  EXPECT_EQ(result.config->subscriptions(),
            (std::vector<std::string>{"$share/store/sensors/#", "$share/store/lab/+/x"}));
  EXPECT_EQ(result.config->database.kind, DatabaseKind::postgresql);
  EXPECT_EQ(result.config->collector.batch_size, 100);
  EXPECT_EQ(result.config->collector.retention, std::chrono::hours(24 * 30));
}

TEST(CollectorConfig, PahoClientIsRefusedWithTheReasonAndPosition) {
  CollectorLoadResult result = load("[broker]\nurl = \"mqtt://localhost\"\nclient = \"paho\"\n");
  ASSERT_FALSE(result.ok());
  std::string problems = all_problems(result);
  EXPECT_NE(problems.find("collector.toml:3:10: broker.client:"), std::string::npos) << problems;
  EXPECT_NE(problems.find("acknowledges a message before"), std::string::npos) << problems;
}

TEST(CollectorConfig, EveryProblemIsReportedWithFileLineColumnAndKey) {
  CollectorLoadResult result = load(
      "[collector]\nbatch_size = 0\ntopics = [\"a/#/b\"]\nbatchsize = 3\n"
      "[database]\nurl = \"mysql://x\"\n");
  ASSERT_FALSE(result.ok());
  std::string problems = all_problems(result);
  EXPECT_NE(problems.find("collector.toml:2:14: collector.batch_size:"), std::string::npos)
      << problems;
  EXPECT_NE(problems.find("collector.toml:3:10: collector.topics:"), std::string::npos) << problems;
  EXPECT_NE(problems.find("collector.batchsize"), std::string::npos) << problems;
  EXPECT_NE(problems.find("collector.toml:6:7: database.url:"), std::string::npos) << problems;
}

}  // namespace
}  // namespace sa::collector
