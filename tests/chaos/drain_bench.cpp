// Prints how fast a backlog drains to a broker: N readings pre-filled in the durable queue (as
// after an outage), then the publisher sends them to a fresh mosquitto on loopback; next to
// `mosquitto_pub -l` sending the same payloads at the same QoS to the same broker in the same run.
// The publisher drains with each client library (broker.client), once with one reading per
// message and once with queue.replay_pack.
//   sa_drain_bench [readings (1000000)] [max_inflight (the default)] [all|agent|packed]
//                  [replay_pack (100)] [clients (paho,mosquitto)]
// "agent" leaves mosquitto_pub out, "packed" runs the packed drain alone (to profile either).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "mqtt/transport_factory.h"
#include "publish/publisher.h"
#include "queue/durable_queue.h"
#include "support/mosquitto_broker.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"
#include "support/tool_paths.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kTopic = "sensors/bench/wave/a";

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A reading as the agent encodes it (about 200 bytes).
std::string payload(uint64_t seq) {
  char text[256];
  std::snprintf(text, sizeof text,
                "{\"v\":1,\"device\":\"bench\",\"sensor\":\"wave\",\"channel\":\"a\",\"value\":"
                "21.37,\"unit\":\"°C\",\"ts\":\"2026-11-25T21:00:00.123Z\",\"seq\":%llu,\"boot\":"
                "\"6f1c2a9e-58b4-4a8e-9a4b-2d7c3e1f0a55\"}",
                static_cast<unsigned long long>(seq));
  return text;
}

void fill_queue(const std::string& dir, uint64_t count, int qos) {
  sa::QueueConfig config;
  config.dir = dir;
  config.max_bytes = 8ull << 30;
  config.sync = sa::SyncPolicy::none;
  auto opened = sa::DurableQueue::open(config);
  if (!opened.queue) {
    std::fprintf(stderr, "cannot open queue: %s\n", opened.status.reason().c_str());
    std::exit(1);
  }
  for (uint64_t seq = 1; seq <= count; ++seq) {
    sa::OutgoingMessage message{kTopic, payload(seq), static_cast<uint8_t>(qos), false,
                                1'795'000'000'000};
    opened.queue->push(std::move(message));
  }
  opened.queue->flush();
}

// Readings per second the publisher drained, or 0 on failure.
double drain(const sa::test::MosquittoBroker& broker, uint64_t count, int qos, int inflight,
             int pack, sa::MqttClient client) {
  sa::test::TempDir dir("sa-drain");
  const std::string queue_dir = (dir.path() / "queue").string();
  fill_queue(queue_dir, count, qos);

  sa::Config config;
  config.device.id = "bench";
  config.agent.state_dir = dir.path().string();
  config.broker.host = "127.0.0.1";
  config.broker.port = broker.port();
  config.broker.url = broker.url();
  config.broker.client_id = "bench";
  config.broker.max_inflight = inflight;
  config.broker.client = client;
  if (std::getenv("SA_BENCH_V3") != nullptr) {
    config.broker.protocol = sa::MqttVersion::v3_1_1;
  }
  config.queue.dir = queue_dir;
  config.queue.max_bytes = 8ull << 30;
  config.queue.replay_pack = pack;
  auto opened = sa::DurableQueue::open(config.queue);
  if (!opened.queue) {
    return 0;
  }
  auto transport = sa::make_transport(config.broker, "bench-drain-q" + std::to_string(qos), "");
  sa::Publisher publisher(config, std::move(transport), std::move(opened.queue), "bench-boot");
  const auto start = Clock::now();
  publisher.start();
  for (;;) {
    const sa::PublisherStats stats = publisher.stats();
    if (stats.published >= count) {
      break;
    }
    if (seconds_since(start) > 600) {
      std::fprintf(stderr, "drain timed out at %llu of %llu\n",
                   static_cast<unsigned long long>(stats.published),
                   static_cast<unsigned long long>(count));
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const double seconds = seconds_since(start);
  publisher.stop(std::chrono::milliseconds(1000));
  return static_cast<double>(count) / seconds;
}

double mosquitto_pub(const sa::test::MosquittoBroker& broker, uint64_t count, int qos) {
  sa::test::TempDir dir("sa-drain-pub");
  {
    std::ofstream lines(dir.path() / "payloads");
    for (uint64_t seq = 1; seq <= count; ++seq) {
      lines << payload(seq) << "\n";
    }
  }
  sa::test::SpawnOptions options;
  options.stdin_path = dir.path() / "payloads";
  options.stderr_path = dir.path() / "stderr";
  sa::test::Subprocess pub;
  std::string error;
  const auto start = Clock::now();
  if (!pub.spawn(
          {sa::test::kMosquittoPubPath, "-h", "127.0.0.1", "-p", std::to_string(broker.port()),
           "-t", kTopic, "-q", std::to_string(qos), "-i", "bench-pub", "-l"},
          options, error)) {
    std::fprintf(stderr, "mosquitto_pub: %s\n", error.c_str());
    return 0;
  }
  const auto status = pub.wait(std::chrono::minutes(10));
  const double seconds = seconds_since(start);
  if (!status || !status->exited || status->code != 0) {
    std::fprintf(stderr, "mosquitto_pub failed: %s\n",
                 sa::test::read_file(dir.path() / "stderr").c_str());
    return 0;
  }
  return static_cast<double>(count) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const int inflight = argc > 2 ? std::atoi(argv[2]) : sa::BrokerConfig{}.max_inflight;
  const std::string mode = argc > 3 ? argv[3] : "all";
  const bool agent_only = mode == "agent" || mode == "packed";
  const int pack = argc > 4 ? std::atoi(argv[4]) : 100;
  const std::string clients = argc > 5 ? argv[5] : "paho,mosquitto";
  sa::test::MosquittoBroker broker;
  if (!broker.start()) {
    std::fprintf(stderr, "cannot start mosquitto\n");
    return 1;
  }
  std::printf(
      "drain of %llu queued readings (~%zu-byte JSON) to mosquitto on loopback, "
      "max_inflight %d\n",
      static_cast<unsigned long long>(count), payload(1).size(), inflight);
  std::printf("%-4s %-26s %12s %20s %8s\n", "QoS", "sender", "readings/s", "mosquitto_pub msg/s",
              "ratio");
  for (int qos : {1, 2}) {
    const double reference = agent_only ? 0.0 : mosquitto_pub(broker, count, qos);
    const auto row = [&](const std::string& sender, double rate) {
      std::printf("%-4d %-26s %12.0f %20.0f %8.2f\n", qos, sender.c_str(), rate, reference,
                  reference > 0 ? rate / reference : 0.0);
      std::fflush(stdout);
    };
    for (const auto& [name, client] : {std::pair{"paho", sa::MqttClient::paho},
                                       std::pair{"mosquitto", sa::MqttClient::mosquitto}}) {
      if (clients.find(name) == std::string::npos) {
        continue;
      }
      if (mode != "packed") {
        row(std::string("agent ") + name, drain(broker, count, qos, inflight, 1, client));
      }
      row(std::string("agent ") + name + " pack " + std::to_string(pack),
          drain(broker, count, qos, inflight, pack, client));
    }
  }
  return 0;
}
