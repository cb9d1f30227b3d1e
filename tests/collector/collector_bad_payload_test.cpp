// Bad payloads are counted, logged with their topic and skipped; readings behind them are stored.
#include <nlohmann/json.hpp>

#include "collector_fixture.h"
#include "support/tool_paths.h"

namespace sa::test {
namespace {

using std::chrono::seconds;

::testing::AssertionResult publish(const MosquittoBroker& broker, const std::string& topic,
                                   const std::filesystem::path& payload_file,
                                   const std::filesystem::path& dir) {
  CommandResult result =
      run_command({kMosquittoPubPath, "-h", "127.0.0.1", "-p", std::to_string(broker.port()), "-q",
                   "1", "-t", topic, "-f", payload_file.string()},
                  dir);
  if (!result.succeeded()) {
    return ::testing::AssertionFailure() << result.describe();
  }
  return ::testing::AssertionSuccess();
}

std::string reading(int seq) {
  return R"({"v":1,"device":"pub","sensor":"s","channel":"c","value":1.5,"unit":"","ts":)"
         R"("2026-11-25T20:45:08.123Z","seq":)" +
         std::to_string(seq) + R"(,"boot":"b"})";
}

TEST(CollectorBadPayloads, AreCountedLoggedWithTheTopicAndSkipped) {
  TempDir dir("sa-collector-bad");
  MosquittoBroker broker(collector_broker_options());
  ASSERT_TRUE(broker.start());
  CollectorSetup setup;
  setup.database_url = "sqlite:" + (dir / "readings.db").string();
  setup.health_interval = "200ms";
  write_file(dir / "collector.toml", collector_toml(broker, setup));
  CollectorProcess collector(dir.path(), dir / "collector.toml");
  ASSERT_TRUE(collector.start("collector"));

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"sensors/pub/s/not-json", "{\"v\":1,"},
      {"sensors/pub/s/wrong-version", "{\"v\":2}"},
      {"sensors/pub/s/not-utf8", reading(1).replace(30, 3, "\xff\xfe\xfd")},
      {"sensors/pub/s/huge", std::string(300 * 1024, '[')},
  };
  int index = 0;
  for (const auto& [topic, payload] : bad) {
    write_file(dir / ("bad" + std::to_string(index)), payload);
    ASSERT_TRUE(publish(broker, topic, dir / ("bad" + std::to_string(index++)), dir.path()));
  }
  write_file(dir / "good", reading(1));
  ASSERT_TRUE(publish(broker, "sensors/pub/s/c", dir / "good", dir.path()));
  // The service topics of an agent are not readings and not bad either.
  write_file(dir / "status", "online");
  ASSERT_TRUE(publish(broker, "sensors/pub/status", dir / "status", dir.path()));

  ASSERT_TRUE(wait_for_rows(
      dir / "readings.db", [](const StoredSeqs& seqs) { return seqs.rows == 1; }, seconds(10)));
  ASSERT_TRUE(collector.wait_for_log("\"bad_payloads\":4", seconds(10)));
  const std::string log = collector.err();
  EXPECT_NE(log.find("bad payload on sensors/pub/s/not-json"), std::string::npos) << log;
  EXPECT_TRUE(collector.running());
  ASSERT_TRUE(collector.stop());
}

}  // namespace
}  // namespace sa::test
