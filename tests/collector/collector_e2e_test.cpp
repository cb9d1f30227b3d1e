// sensor-collector end to end: real mosquitto, real agents, a real SQLite file, processes killed
// with SIGKILL at any point. What the database holds is checked against what the agents issued.
#include <sqlite3.h>

#include <csignal>
#include <deque>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "collector_fixture.h"
#include "support/mqtt_recorder.h"

namespace sa::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

struct Device {
  std::string id;
  std::filesystem::path state_dir;
  std::filesystem::path config;
  std::unique_ptr<AgentProcess> process;

  std::string topic() const { return "sensors/" + id + "/wave/temperature"; }
};

class CollectorE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.start());
    RecorderOptions options;
    options.url = broker_.url();
    options.topic_filters = {"sensors/+/wave/temperature"};
    options.qos = 1;
    options.persistent_session = true;
    recorder_ = std::make_unique<MqttRecorder>(options);
    ASSERT_TRUE(recorder_->start());
    setup_.database_url = "sqlite:" + db().string();
    config_ = dir_ / "collector.toml";
    write_file(config_, collector_toml(broker_, setup_));
    collector_ = std::make_unique<CollectorProcess>(dir_.path(), config_);
  }

  std::filesystem::path db() const { return dir_ / "readings.db"; }

  Device& add_device(const std::string& id) {
    Device device;
    device.id = id;
    device.state_dir = dir_ / id;
    AgentConfig config = config_for(broker_, device.state_dir);
    config.device_id = id;
    config.sensors[0].interval = "20ms";
    config.reconnect_min = "200ms";
    config.reconnect_max = "500ms";
    device.config = write_config(dir_ / (id + ".toml"), config);
    device.process = std::make_unique<AgentProcess>(dir_.path(), id + "-0");
    devices_.push_back(std::move(device));
    return devices_.back();
  }

  ::testing::AssertionResult start_agent(Device& device, int run) {
    device.process =
        std::make_unique<AgentProcess>(dir_.path(), device.id + "-" + std::to_string(run));
    return device.process->start({"run", "--config", device.config.string()});
  }

  ::testing::AssertionResult stop_agent(Device& device) {
    device.process->send_signal(SIGTERM);
    if (!device.process->wait(seconds(15))) {
      return ::testing::AssertionFailure() << device.id << " did not stop";
    }
    return ::testing::AssertionSuccess();
  }

  // More rows than now, from every device.
  ::testing::AssertionResult wait_for_progress(uint64_t more) {
    StoredSeqs now;
    if (std::filesystem::exists(db())) {
      read_sqlite(db(), now);
    }
    const uint64_t target = now.rows + more;
    return wait_for_rows(
        db(), [&](const StoredSeqs& seqs) { return seqs.rows >= target; }, seconds(20));
  }

  // The highest seq of each device that reached the broker, as a second subscriber saw it. An
  // agent stopped with a backlog keeps the rest in its queue: issued, but not sent.
  std::map<std::string, int64_t> published() {
    std::this_thread::sleep_for(milliseconds(500));  // the subscriber catches up
    std::map<std::string, int64_t> last;
    for (const ReceivedMessage& message : recorder_->messages()) {
      nlohmann::json reading = nlohmann::json::parse(message.payload, nullptr, false);
      if (reading.is_object() && reading.contains("seq")) {
        int64_t& seq = last[reading["device"].get<std::string>()];
        seq = std::max(seq, reading["seq"].get<int64_t>());
      }
    }
    return last;
  }

  // Every seq that reached the broker is stored.
  ::testing::AssertionResult wait_for_everything() {
    const std::map<std::string, int64_t> last = published();
    return wait_for_rows(
        db(),
        [&](const StoredSeqs& seqs) {
          for (const auto& [id, seq] : last) {
            auto it = seqs.by_device_boot.find(id);
            if (it == seqs.by_device_boot.end()) {
              return false;
            }
            int64_t max = 0;
            for (const auto& [boot, values] : it->second) {
              max = std::max(max, values.back());
            }
            if (max < seq) {
              return false;
            }
          }
          return true;
        },
        seconds(30));
  }

  // Within one boot, seq values run without a hole; the rows of a boot are distinct (the table's
  // key); the last stored is at least the last the broker got and at most the last issued.
  void expect_complete(const StoredSeqs& seqs, const Device& device) {
    SCOPED_TRACE(device.id);
    ASSERT_TRUE(seqs.by_device_boot.count(device.id));
    int64_t max = 0;
    for (const auto& [boot, values] : seqs.by_device_boot.at(device.id)) {
      for (size_t i = 1; i < values.size(); ++i) {
        EXPECT_EQ(values[i], values[i - 1] + 1) << "boot " << boot << " has a hole or a copy";
      }
      max = std::max(max, values.back());
    }
    EXPECT_GE(max, published()[device.id]);
    EXPECT_LE(max, static_cast<int64_t>(next_seq(device.state_dir, device.topic())) - 1);
  }

  nlohmann::json report() {
    CommandResult result =
        run_collector({"report", "--json", "--config", config_.string()}, dir_.path());
    EXPECT_TRUE(result.succeeded()) << result.describe();
    return nlohmann::json::parse(result.out, nullptr, false);
  }

  TempDir dir_{"sa-collector"};
  MosquittoBroker broker_{collector_broker_options()};
  CollectorSetup setup_;
  std::filesystem::path config_;
  std::unique_ptr<CollectorProcess> collector_;
  std::unique_ptr<MqttRecorder> recorder_;
  std::deque<Device> devices_;  // references to its elements stay valid
};

TEST_F(CollectorE2E, KillsAndRestartsOfAgentsBrokerAndCollectorLoseNothingAndStoreOnce) {
  ASSERT_TRUE(collector_->start("collector-0"));
  Device& a = add_device("dev-a");
  Device& b = add_device("dev-b");
  ASSERT_TRUE(start_agent(a, 0));
  ASSERT_TRUE(start_agent(b, 0));
  ASSERT_TRUE(wait_for_progress(50));

  a.process->kill();  // SIGKILL: its queue and seq file as a crash leaves them
  ASSERT_TRUE(start_agent(a, 1));
  ASSERT_TRUE(wait_for_progress(50));

  ASSERT_TRUE(broker_.restart());
  ASSERT_TRUE(wait_for_progress(50));

  // Mid-batch: readings arrive every few milliseconds and a batch waits up to 100 ms.
  collector_->kill();
  std::this_thread::sleep_for(milliseconds(300));
  ASSERT_TRUE(collector_->start("collector-1"));
  ASSERT_TRUE(wait_for_progress(50));
  collector_->kill();
  ASSERT_TRUE(collector_->start("collector-2"));

  ASSERT_TRUE(stop_agent(a));
  ASSERT_TRUE(stop_agent(b));
  ASSERT_TRUE(wait_for_everything()) << collector_->err();

  StoredSeqs seqs;
  ASSERT_TRUE(read_sqlite(db(), seqs));
  for (const Device& device : devices_) {
    expect_complete(seqs, device);
  }
  EXPECT_EQ(seqs.by_device_boot.at("dev-a").size(), 2u);
  nlohmann::json channels = report();
  ASSERT_EQ(channels.size(), 2u) << channels.dump();
  for (const nlohmann::json& channel : channels) {
    EXPECT_TRUE(channel["gaps"].empty()) << channel.dump();
  }
  ASSERT_TRUE(collector_->stop());
}

// The acknowledgement of a message must wait for the commit holding it: with the database
// locked by another writer the collector reads messages it cannot commit; killed then, it must
// get them again from the broker. Sending PUBACKs early would lose them here.
TEST_F(CollectorE2E, MessagesReadButNotCommittedAreRedeliveredAfterACrash) {
  ASSERT_TRUE(collector_->start("collector-0"));
  Device& a = add_device("dev-a");
  ASSERT_TRUE(start_agent(a, 0));
  ASSERT_TRUE(wait_for_progress(20));

  sqlite3* locker = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &locker), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(locker, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_TRUE(collector_->wait_for_log("held and not acknowledged", seconds(15)));
  StoredSeqs before;
  collector_->kill();
  sqlite3_exec(locker, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(locker);
  ASSERT_TRUE(read_sqlite(db(), before));

  ASSERT_TRUE(collector_->start("collector-1"));
  ASSERT_TRUE(wait_for_progress(20));
  ASSERT_TRUE(stop_agent(a));
  ASSERT_TRUE(wait_for_everything()) << collector_->err();
  StoredSeqs seqs;
  ASSERT_TRUE(read_sqlite(db(), seqs));
  expect_complete(seqs, a);
  EXPECT_GT(seqs.rows, before.rows);
}

// A reading removed from the agent's durable queue (its record damaged on purpose, which the
// queue's recovery skips) is exactly one open gap in the report.
TEST_F(CollectorE2E, ReadingLostFromTheAgentQueueIsExactlyThatGap) {
  ASSERT_TRUE(collector_->start("collector-0"));
  Device& a = add_device("dev-a");
  ASSERT_TRUE(start_agent(a, 0));
  ASSERT_TRUE(wait_for_progress(20));
  ASSERT_TRUE(broker_.stop());
  std::this_thread::sleep_for(milliseconds(800));  // readings queue up at the agent
  ASSERT_TRUE(stop_agent(a));

  StoredSeqs stored;
  ASSERT_TRUE(read_sqlite(db(), stored));
  int64_t max_stored = 0;
  for (const auto& [boot, values] : stored.by_device_boot["dev-a"]) {
    max_stored = std::max(max_stored, values.back());
  }
  const int64_t victim = max_stored + 10;
  ASSERT_LT(victim, static_cast<int64_t>(next_seq(a.state_dir, a.topic())) - 1);
  const std::string needle = "\"seq\":" + std::to_string(victim) + ",";
  bool damaged = false;
  for (const auto& entry : std::filesystem::directory_iterator(a.state_dir / "queue")) {
    if (entry.path().extension() != ".seg") {
      continue;
    }
    std::string bytes = read_file(entry.path());
    size_t at = bytes.find(needle);
    if (at == std::string::npos) {
      continue;
    }
    std::fstream file(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(at + 1));
    file.put('S');  // the record's checksum no longer matches: recovery drops it
    damaged = true;
  }
  ASSERT_TRUE(damaged) << "seq " << victim << " not found in the queue";

  ASSERT_TRUE(broker_.start());
  ASSERT_TRUE(start_agent(a, 1));
  ASSERT_TRUE(wait_for_progress(20));
  ASSERT_TRUE(stop_agent(a));
  ASSERT_TRUE(wait_for_everything()) << collector_->err();

  nlohmann::json channels = report();
  ASSERT_EQ(channels.size(), 1u) << channels.dump();
  const nlohmann::json& gaps = channels[0]["gaps"];
  ASSERT_EQ(gaps.size(), 1u) << channels.dump();
  EXPECT_EQ(gaps[0]["first_missing"], victim);
  EXPECT_EQ(gaps[0]["last_missing"], victim);
  CommandResult text = run_collector({"report", "--config", config_.string()}, dir_.path());
  EXPECT_NE(text.out.find("gap seq " + std::to_string(victim) + " "), std::string::npos)
      << text.out;
}

}  // namespace
}  // namespace sa::test
