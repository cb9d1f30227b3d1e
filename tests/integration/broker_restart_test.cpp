// The broker goes away and comes back: what was sampled meanwhile still arrives.
#include <set>
#include <thread>

#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/mosquitto_broker.h"
#include "support/mqtt_recorder.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

TEST(BrokerRestart, ReadingsSampledWhileTheBrokerIsDownArriveAfterItReturns) {
  TempDir dir;
  BrokerOptions options;
  options.persistence = true;  // keeps the recorder's session across the restart
  MosquittoBroker broker(options);
  ASSERT_TRUE(broker.start());
  RecorderOptions subscriber;
  subscriber.url = broker.url();
  subscriber.persistent_session = true;
  MqttRecorder recorder(subscriber);
  ASSERT_TRUE(recorder.start());

  AgentConfig config = config_for(broker, dir / "state");
  config.reconnect_min = "1s";
  config.reconnect_max = "2s";
  config.sensors[0].interval = "100ms";
  std::string topic = channel_topic(config, "wave", "temperature");
  AgentProcess agent(dir.path());
  ASSERT_TRUE(agent.start({"run", "--config", write_config(dir / "agent.toml", config)}));
  ASSERT_TRUE(recorder.wait_for_count(topic, 5, kArrival)) << agent.describe();

  ASSERT_TRUE(broker.stop());
  // Let the agent sample for a while with nowhere to send (a pause, not a timing assertion).
  std::this_thread::sleep_for(std::chrono::seconds(2));
  ASSERT_TRUE(broker.restart()) << broker.log();

  // Readings marked as replayed, then live ones again.
  ASSERT_TRUE(recorder.wait_for(
      [&](const std::vector<ReceivedMessage>& messages) {
        bool replayed = false;
        size_t after_replay = 0;
        for (const ReceivedMessage& message : messages) {
          if (message.topic != topic) {
            continue;
          }
          bool replay = message.payload.find("\"replay\":true") != std::string::npos;
          replayed = replayed || replay;
          after_replay += replayed && !replay ? 1 : 0;
        }
        return after_replay >= 3;
      },
      kArrival, "replayed readings followed by live ones on " + topic))
      << agent.describe() << broker.log();

  // QoS 1 may deliver twice; a consumer drops repeats by seq. What is left has no gap.
  std::set<uint64_t> seqs;
  for (const ReceivedMessage& message : recorder.on_topic(topic)) {
    nlohmann::json reading;
    ASSERT_TRUE(parse_payload(message.payload, reading));
    seqs.insert(reading.value("seq", uint64_t{0}));
  }
  EXPECT_EQ(*seqs.rbegin() - *seqs.begin() + 1, seqs.size())
      << "missing seq values; " << describe(recorder.on_topic(topic), 200);
}

}  // namespace
}  // namespace sa::test
