// Two collectors on one MQTT 5 shared subscription into one real PostgreSQL: every reading
// stored once, none missing, also when one collector is killed and comes back.
#include <libpq-fe.h>

#include <csignal>
#include <deque>
#include <nlohmann/json.hpp>
#include <thread>

#include "collector_fixture.h"
#include "postgres_server.h"
#include "support/mqtt_recorder.h"

namespace sa::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

::testing::AssertionResult read_postgres(const std::string& url, StoredSeqs& out) {
  out = {};
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return ::testing::AssertionFailure() << message;
  }
  PGresult* result = PQexec(conn, "SELECT device, boot, seq FROM readings ORDER BY seq");
  const bool ok = PQresultStatus(result) == PGRES_TUPLES_OK;
  std::string message = PQerrorMessage(conn);
  for (int row = 0; ok && row < PQntuples(result); ++row) {
    out.by_device_boot[PQgetvalue(result, row, 0)][PQgetvalue(result, row, 1)].push_back(
        std::stoll(PQgetvalue(result, row, 2)));
    ++out.rows;
  }
  PQclear(result);
  PQfinish(conn);
  if (!ok) {
    return ::testing::AssertionFailure() << message;
  }
  return ::testing::AssertionSuccess();
}

struct Agent {
  std::string id;
  std::filesystem::path state_dir;
  std::filesystem::path config;
  std::unique_ptr<AgentProcess> process;
  std::string topic() const { return "sensors/" + id + "/wave/temperature"; }
};

TEST(CollectorPostgres, TwoCollectorsOnASharedSubscriptionStoreEveryReadingOnce) {
  if (std::string reason = PostgresServer::unavailable_reason(); !reason.empty()) {
    GTEST_SKIP() << reason;
  }
  TempDir dir("sa-collector-pg");
  PostgresServer postgres;
  ASSERT_TRUE(postgres.start());
  MosquittoBroker broker(collector_broker_options());
  ASSERT_TRUE(broker.start());
  RecorderOptions options;
  options.url = broker.url();
  options.topic_filters = {"sensors/+/wave/temperature"};
  options.qos = 1;
  MqttRecorder recorder(options);
  ASSERT_TRUE(recorder.start());

  std::deque<CollectorProcess> collectors;
  for (const std::string name : {"c1", "c2"}) {
    CollectorSetup setup;
    setup.name = name;
    setup.database_url = postgres.url();
    setup.shared_group = "store";
    write_file(dir / (name + ".toml"), collector_toml(broker, setup));
    collectors.emplace_back(dir.path(), dir / (name + ".toml"));
    ASSERT_TRUE(collectors.back().start(name + "-0"));
  }
  std::deque<Agent> agents;
  for (const std::string id : {"dev-a", "dev-b", "dev-c"}) {
    Agent agent{id, dir / id, {}, nullptr};
    AgentConfig config = config_for(broker, agent.state_dir);
    config.device_id = id;
    config.sensors[0].interval = "20ms";
    agent.config = write_config(dir / (id + ".toml"), config);
    agent.process = std::make_unique<AgentProcess>(dir.path(), id);
    ASSERT_TRUE(agent.process->start({"run", "--config", agent.config.string()}));
    agents.push_back(std::move(agent));
  }
  auto wait_until = [&](const std::function<bool(const StoredSeqs&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + seconds(30);
    StoredSeqs seqs;
    while (std::chrono::steady_clock::now() < deadline) {
      if (read_postgres(postgres.url(), seqs) && done(seqs)) {
        return true;
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
    return false;
  };
  ASSERT_TRUE(wait_until([](const StoredSeqs& s) { return s.rows >= 100; }));
  collectors.front().kill();
  std::this_thread::sleep_for(milliseconds(500));
  ASSERT_TRUE(collectors.front().start("c1-1"));
  ASSERT_TRUE(wait_until([](const StoredSeqs& s) { return s.rows >= 300; }));
  for (Agent& agent : agents) {
    agent.process->send_signal(SIGTERM);
    ASSERT_TRUE(agent.process->wait(seconds(15)));
  }
  // What reached the broker: an agent stopped with a backlog keeps the rest in its queue.
  std::this_thread::sleep_for(milliseconds(500));
  std::map<std::string, int64_t> last;
  for (const ReceivedMessage& message : recorder.messages()) {
    nlohmann::json reading = nlohmann::json::parse(message.payload, nullptr, false);
    int64_t& seq = last[reading["device"].get<std::string>()];
    seq = std::max(seq, reading["seq"].get<int64_t>());
  }
  ASSERT_EQ(last.size(), agents.size());
  ASSERT_TRUE(wait_until([&](const StoredSeqs& s) {
    for (const auto& [id, seq] : last) {
      if (!s.by_device_boot.count(id) || s.by_device_boot.at(id).begin()->second.back() < seq) {
        return false;
      }
    }
    return true;
  })) << collectors.front().err();

  StoredSeqs seqs;
  ASSERT_TRUE(read_postgres(postgres.url(), seqs));
  for (const auto& [id, seq] : last) {
    SCOPED_TRACE(id);
    ASSERT_EQ(seqs.by_device_boot.at(id).size(), 1u);
    const std::vector<int64_t>& values = seqs.by_device_boot.at(id).begin()->second;
    ASSERT_GE(values.size(), static_cast<size_t>(seq));
    for (size_t i = 0; i < values.size(); ++i) {
      ASSERT_EQ(values[i], static_cast<int64_t>(i) + 1) << "a hole or a copy";
    }
  }
  // Both collectors took part.
  for (CollectorProcess& collector : collectors) {
    EXPECT_NE(collector.err().find("committed"), std::string::npos) << collector.err();
  }
  CommandResult report =
      run_collector({"report", "--json", "--config", (dir / "c2.toml").string()}, dir.path());
  ASSERT_TRUE(report.succeeded()) << report.describe();
  EXPECT_EQ(report.out.find("first_missing"), std::string::npos) << report.out;
}

}  // namespace
}  // namespace sa::test
