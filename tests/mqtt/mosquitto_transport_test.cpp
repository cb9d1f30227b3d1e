// MosquittoTransport against a real mosquitto: session resume across link drops (through the
// fault proxy), the path without a session, mutual TLS, MQTT 5 rejections and the Last Will.
#include "mqtt/mosquitto_transport.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "support/fault_proxy.h"
#include "support/mosquitto_broker.h"
#include "support/mqtt_recorder.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"
#include "support/tool_paths.h"

namespace sa {
namespace {

using std::chrono::milliseconds;
using test::FaultProxy;
using test::MosquittoBroker;
using test::MqttRecorder;

constexpr milliseconds kPatience{30'000};

// Delivery reports and losses as the publisher would see them.
class Reports {
 public:
  Transport::Callbacks callbacks() {
    Transport::Callbacks callbacks;
    callbacks.connection_lost = [this](const std::string&) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++losses_;
      changed_.notify_all();
    };
    callbacks.delivered = [this](const DeliveryReport& report) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++reports_per_token_[report.token];
      by_token_[report.token] = report;
      changed_.notify_all();
    };
    return callbacks;
  }

  bool wait_for_losses(int count) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] { return losses_ >= count; });
  }
  bool wait_for_reports(size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] { return by_token_.size() >= count; });
  }
  int losses() {
    std::lock_guard<std::mutex> lock(mutex_);
    return losses_;
  }
  std::map<uint64_t, DeliveryReport> reports() {
    std::lock_guard<std::mutex> lock(mutex_);
    return by_token_;
  }
  int max_reports_per_token() {
    std::lock_guard<std::mutex> lock(mutex_);
    int most = 0;
    for (const auto& [token, n] : reports_per_token_)
      most = std::max(most, n);
    return most;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int losses_ = 0;
  std::map<uint64_t, DeliveryReport> by_token_;
  std::map<uint64_t, int> reports_per_token_;
};

BrokerConfig broker_at(int port, MqttVersion version) {
  BrokerConfig broker;
  broker.client = MqttClient::mosquitto;
  broker.host = "127.0.0.1";
  broker.port = port;
  broker.url = "mqtt://127.0.0.1:" + std::to_string(port);
  broker.protocol = version;
  broker.keepalive = milliseconds(5'000);
  // Over MQTT 3.1.1 the transport keeps max_inflight + 4 unacknowledged (8 here); over MQTT 5 the
  // broker's Receive Maximum (mosquitto's max_inflight_messages).
  broker.max_inflight = 4;
  return broker;
}

PublishRequest request(uint64_t token, const std::string& topic, int qos) {
  PublishRequest r;
  r.token = token;
  r.topic = topic;
  r.payload = "m" + std::to_string(token);
  r.qos = qos;
  return r;
}

test::RecorderOptions recording(const MosquittoBroker& broker, const std::string& filter) {
  test::RecorderOptions options;
  options.url = broker.url();
  options.topic_filters = {filter};
  return options;
}

std::map<std::string, int> payload_counts(const MqttRecorder& recorder, const std::string& topic) {
  std::map<std::string, int> counts;
  for (const test::ReceivedMessage& m : recorder.on_topic(topic))
    ++counts[m.payload];
  return counts;
}

class SessionTest : public ::testing::TestWithParam<MqttVersion> {};

TEST_P(SessionTest, Qos1And2InFlightAcrossLinkDropsArriveAndQos2ExactlyOnce) {
  MosquittoBroker broker;
  ASSERT_TRUE(broker.start());
  FaultProxy proxy(broker.port());
  ASSERT_TRUE(proxy.start());
  MqttRecorder recorder(recording(broker, "s/#"));
  ASSERT_TRUE(recorder.start());

  MosquittoTransport transport(broker_at(proxy.port(), GetParam()), "dev-session", "");
  Reports reports;
  transport.set_callbacks(reports.callbacks());
  ASSERT_TRUE(transport.connect(milliseconds(5'000)).connected);

  // Three drops, each with a burst in flight: written before the cut (acknowledged or not) and
  // written into a dead link; both within the 3.1.1 limit of 8 unacknowledged.
  constexpr int kBurst = 4;
  uint64_t token = 0;
  std::string reason;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < kBurst; ++i) {
      const int qos = 1 + (i % 2);
      ASSERT_TRUE(transport.publish(request(++token, qos == 1 ? "s/q1" : "s/q2", qos), reason))
          << reason;
    }
    proxy.set_mode(FaultProxy::Mode::blackhole);
    for (int i = 0; i < kBurst; ++i) {
      const int qos = 1 + (i % 2);
      ASSERT_TRUE(transport.publish(request(++token, qos == 1 ? "s/q1" : "s/q2", qos), reason))
          << reason;
    }
    proxy.set_mode(round == 1 ? FaultProxy::Mode::close : FaultProxy::Mode::reset);
    ASSERT_TRUE(reports.wait_for_losses(round + 1));
    EXPECT_FALSE(transport.is_connected());
    proxy.set_mode(FaultProxy::Mode::pass);
    const ConnectReport again = transport.connect(milliseconds(5'000));
    ASSERT_TRUE(again.connected) << again.reason;
    EXPECT_TRUE(again.session_present);
    ASSERT_TRUE(reports.wait_for_reports(token)) << reports.reports().size() << " of " << token;
  }
  ASSERT_TRUE(reports.wait_for_reports(token)) << reports.reports().size() << " of " << token;
  for (const auto& [t, report] : reports.reports())
    EXPECT_TRUE(report.delivered) << t << ": " << report.reason;
  EXPECT_EQ(reports.max_reports_per_token(), 1);
  EXPECT_EQ(reports.losses(), 3);

  recorder.wait_for_count("s/q1", token / 2, kPatience);
  recorder.wait_for_count("s/q2", token / 2, kPatience);
  std::this_thread::sleep_for(milliseconds(300));  // room for a late duplicate to show
  const auto q1 = payload_counts(recorder, "s/q1");
  const auto q2 = payload_counts(recorder, "s/q2");
  for (uint64_t t = 1; t <= token; ++t) {
    const auto& arrived = t % 2 == 1 ? q1 : q2;
    EXPECT_EQ(arrived.count("m" + std::to_string(t)), 1u) << "m" << t << " never arrived";
  }
  for (const auto& [payload, n] : q2)
    EXPECT_EQ(n, 1) << "QoS 2 " << payload << " arrived " << n << " times";
  transport.disconnect(milliseconds(2'000));
}

// mosquitto 2.0.11 sends its queue to a subscriber out of order once more than
// max_inflight_messages are in flight to it (its debug log shows older messages sent after newer
// ones): unlimited here, so what arrives is the order the transport sent.
TEST_P(SessionTest, MessagesArriveInTheOrderTheyWerePublished) {
  test::BrokerOptions options;
  options.extra_config = "max_inflight_messages 0\n";
  MosquittoBroker broker(options);
  ASSERT_TRUE(broker.start());
  test::TempDir dir("sa-order");
  const std::filesystem::path out = dir.path() / "sub.txt";
  test::Subprocess sub;
  test::SpawnOptions spawn;
  spawn.stdout_path = out;
  std::string error;
  ASSERT_TRUE(sub.spawn({test::kMosquittoSubPath, "-h", "127.0.0.1", "-p",
                         std::to_string(broker.port()), "-q", "2", "-v", "-t", "s/#"},
                        spawn, error))
      << error;
  const auto lines = [&] {
    std::vector<std::string> all;
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);)
      all.push_back(line);
    return all;
  };

  BrokerConfig config = broker_at(broker.port(), GetParam());
  config.max_inflight = 1'000;  // the broker has no limit here
  MosquittoTransport transport(config, "dev-order", "");
  Reports reports;
  transport.set_callbacks(reports.callbacks());
  ASSERT_TRUE(transport.connect(milliseconds(5'000)).connected);
  std::string reason;
  uint64_t token = 0;
  // Until the subscriber is in place.
  const auto ready_by = std::chrono::steady_clock::now() + kPatience;
  while (lines().empty() && std::chrono::steady_clock::now() < ready_by) {
    ASSERT_TRUE(transport.publish(request(++token, "s/ready", 1), reason)) << reason;
    std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_FALSE(lines().empty());
  const uint64_t first = token + 1;
  constexpr uint64_t kCount = 400;
  for (uint64_t i = 0; i < kCount; ++i) {
    const int qos = i % 2 == 0 ? 1 : 2;
    ASSERT_TRUE(transport.publish(request(++token, qos == 1 ? "s/q1" : "s/q2", qos), reason))
        << reason;
  }
  ASSERT_TRUE(reports.wait_for_reports(token));
  std::map<std::string, std::vector<uint64_t>> order;
  const auto arrived_by = std::chrono::steady_clock::now() + kPatience;
  while (std::chrono::steady_clock::now() < arrived_by) {
    order.clear();
    for (const std::string& line : lines()) {
      const size_t space = line.find(' ');
      if (space != std::string::npos && line.compare(0, space, "s/ready") != 0)
        order[line.substr(0, space)].push_back(std::stoull(line.substr(space + 2)));
    }
    if (order["s/q1"].size() + order["s/q2"].size() >= kCount)
      break;
    std::this_thread::sleep_for(milliseconds(50));
  }
  for (const char* topic : {"s/q1", "s/q2"}) {
    ASSERT_EQ(order[topic].size(), kCount / 2) << topic;
    for (size_t i = 0; i < order[topic].size(); ++i)
      EXPECT_EQ(order[topic][i], first + 2 * i + (topic[3] == '2' ? 1 : 0)) << topic;
  }
  transport.disconnect(milliseconds(2'000));
}

TEST_P(SessionTest, WithoutTheSessionTheLibraryResendsNothing) {
  MosquittoBroker broker;  // no persistence: a restart forgets every session
  ASSERT_TRUE(broker.start());
  FaultProxy proxy(broker.port());
  ASSERT_TRUE(proxy.start());

  MosquittoTransport transport(broker_at(proxy.port(), GetParam()), "dev-nosession", "");
  Reports reports;
  transport.set_callbacks(reports.callbacks());
  ASSERT_TRUE(transport.connect(milliseconds(5'000)).connected);

  proxy.set_mode(FaultProxy::Mode::blackhole);
  std::string reason;
  uint64_t token = 0;
  for (int qos : {1, 2, 1, 2, 1, 2})
    ASSERT_TRUE(transport.publish(request(++token, "s/lost", qos), reason)) << reason;
  transport.disconnect(milliseconds(500));  // as the publisher does when no ack comes
  ASSERT_TRUE(broker.restart());
  proxy.set_mode(FaultProxy::Mode::pass);
  MqttRecorder recorder(recording(broker, "s/#"));
  ASSERT_TRUE(recorder.start());

  const ConnectReport again = transport.connect(milliseconds(5'000));
  ASSERT_TRUE(again.connected) << again.reason;
  EXPECT_FALSE(again.session_present);
  // The publisher sends them again from its queue; here a marker shows the link works.
  ASSERT_TRUE(transport.publish(request(100, "s/marker", 1), reason)) << reason;
  ASSERT_TRUE(recorder.wait_for_count("s/marker", 1, kPatience));
  ASSERT_TRUE(reports.wait_for_reports(1));
  std::this_thread::sleep_for(milliseconds(500));
  EXPECT_TRUE(recorder.on_topic("s/lost").empty()) << test::describe(recorder.messages());
  const auto seen = reports.reports();
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen.count(100), 1u);

  // The session the new connection made is kept: the next drop resumes it.
  proxy.set_mode(FaultProxy::Mode::reset);
  ASSERT_TRUE(reports.wait_for_losses(1));
  proxy.set_mode(FaultProxy::Mode::pass);
  const ConnectReport resumed = transport.connect(milliseconds(5'000));
  ASSERT_TRUE(resumed.connected) << resumed.reason;
  EXPECT_TRUE(resumed.session_present);
  transport.disconnect(milliseconds(2'000));
}

TEST_P(SessionTest, CleanDisconnectSendsNoWillAndALostLinkDoes) {
  MosquittoBroker broker;
  ASSERT_TRUE(broker.start());
  FaultProxy proxy(broker.port());
  ASSERT_TRUE(proxy.start());
  MqttRecorder recorder(recording(broker, "dev/status"));
  ASSERT_TRUE(recorder.start());

  MosquittoTransport transport(broker_at(proxy.port(), GetParam()), "dev-will", "dev/status");
  Reports reports;
  transport.set_callbacks(reports.callbacks());
  ASSERT_TRUE(transport.connect(milliseconds(5'000)).connected);
  transport.disconnect(milliseconds(2'000));
  EXPECT_FALSE(transport.is_connected());
  std::this_thread::sleep_for(milliseconds(500));
  EXPECT_TRUE(recorder.on_topic("dev/status").empty()) << test::describe(recorder.messages());
  EXPECT_EQ(reports.losses(), 0);

  ASSERT_TRUE(transport.connect(milliseconds(5'000)).connected);
  proxy.set_mode(FaultProxy::Mode::reset);
  ASSERT_TRUE(reports.wait_for_losses(1));
  ASSERT_TRUE(recorder.wait_for_count("dev/status", 1, kPatience));
  const test::ReceivedMessage will = recorder.on_topic("dev/status").front();
  EXPECT_EQ(will.payload, "offline");
  EXPECT_EQ(will.qos, 1);
  EXPECT_TRUE(will.retained);
}

// libmosquitto 2.0.11 would queue more, and after a reconnect send what lies past its own limit
// as new PUBLISH packets, QoS 2 ones included: the transport refuses instead, and the publisher
// keeps the reading in its queue.
TEST_P(SessionTest, PublishPastTheBrokersInFlightLimitIsRefused) {
  test::BrokerOptions options;
  options.extra_config = "max_inflight_messages 6\n";
  MosquittoBroker broker(options);
  ASSERT_TRUE(broker.start());
  FaultProxy proxy(broker.port());
  ASSERT_TRUE(proxy.start());
  BrokerConfig config = broker_at(proxy.port(), GetParam());
  config.max_inflight = 2;  // 3.1.1: 2 + 4 for control messages = the broker's 6
  Reports reports;          // outlives the transport, whose thread reports into it
  MosquittoTransport transport(config, "dev-limit", "");
  transport.set_callbacks(reports.callbacks());
  ASSERT_TRUE(transport.connect(milliseconds(5'000)).connected);
  proxy.set_mode(FaultProxy::Mode::blackhole);  // nothing is acknowledged any more
  std::string reason;
  int accepted = 0;
  while (accepted < 100 && transport.publish(request(accepted + 1, "s/q2", 2), reason))
    ++accepted;
  EXPECT_EQ(accepted, 6);
  EXPECT_NE(reason.find("in-flight limit"), std::string::npos) << reason;
  std::string qos0_reason;
  EXPECT_TRUE(transport.publish(request(1000, "s/q0", 0), qos0_reason)) << qos0_reason;
}

INSTANTIATE_TEST_SUITE_P(Protocols, SessionTest,
                         ::testing::Values(MqttVersion::v3_1_1, MqttVersion::v5));

TEST(MosquittoTransportV5, PublishDeniedByTheAclIsRejectedWithTheReasonCode) {
  test::TempDir dir("sa-acl");
  const std::string acl = (dir.path() / "acl").string();
  std::ofstream(acl) << "topic readwrite allowed/#\n";
  std::filesystem::permissions(dir.path(), std::filesystem::perms::all);
  std::filesystem::permissions(acl, std::filesystem::perms::owner_read |
                                        std::filesystem::perms::group_read |
                                        std::filesystem::perms::others_read);
  test::BrokerOptions options;
  options.extra_config = "acl_file " + acl + "\n";
  MosquittoBroker broker(options);
  ASSERT_TRUE(broker.start());

  MosquittoTransport transport(broker_at(broker.port(), MqttVersion::v5), "dev-acl", "");
  Reports reports;
  transport.set_callbacks(reports.callbacks());
  ASSERT_TRUE(transport.connect(milliseconds(5'000)).connected);
  std::string reason;
  ASSERT_TRUE(transport.publish(request(1, "denied/x", 1), reason)) << reason;
  ASSERT_TRUE(transport.publish(request(2, "denied/y", 2), reason)) << reason;
  ASSERT_TRUE(transport.publish(request(3, "allowed/z", 1), reason)) << reason;
  ASSERT_TRUE(reports.wait_for_reports(3));
  const auto seen = reports.reports();
  for (uint64_t token : {1, 2}) {
    const DeliveryReport& denied = seen.at(token);
    EXPECT_FALSE(denied.delivered);
    EXPECT_TRUE(denied.rejected);
    EXPECT_NE(denied.reason.find("reason code 0x87"), std::string::npos) << denied.reason;
    EXPECT_NE(denied.reason.find("not authorised"), std::string::npos) << denied.reason;
  }
  EXPECT_TRUE(seen.at(3).delivered);
  EXPECT_FALSE(seen.at(3).rejected);
}

class MutualTlsTest : public ::testing::TestWithParam<MqttVersion> {};

TEST_P(MutualTlsTest, ClientCertificateIssuedByTheBrokersCaConnects) {
  test::BrokerOptions options;
  options.tls = true;
  options.require_certificate = true;
  MosquittoBroker broker(options);
  ASSERT_TRUE(broker.start());
  BrokerConfig config = broker_at(broker.tls_port(), GetParam());
  config.host = "localhost";
  config.tls = true;
  config.ca_file = broker.ca().cert_file().string();
  config.cert_file = broker.client_cert().cert.string();
  config.key_file = broker.client_cert().key.string();

  MosquittoTransport transport(config, "dev-mtls", "");
  const ConnectReport report = transport.connect(milliseconds(5'000));
  ASSERT_TRUE(report.connected) << report.reason;
  EXPECT_EQ(report.server_uri, "ssl://localhost:" + std::to_string(broker.tls_port()));
  EXPECT_NE(report.tls_version.find("TLS"), std::string::npos) << report.tls_version;
  EXPECT_NE(report.peer_subject.find("CN=localhost"), std::string::npos) << report.peer_subject;
  transport.disconnect(milliseconds(2'000));

  config.cert_file = broker.untrusted_client_cert().cert.string();
  config.key_file = broker.untrusted_client_cert().key.string();
  MosquittoTransport untrusted(config, "dev-mtls-2", "");
  const ConnectReport refused = untrusted.connect(milliseconds(5'000));
  EXPECT_FALSE(refused.connected);
  EXPECT_FALSE(refused.reason.empty());
  std::cout << "untrusted client certificate: " << refused.reason << "\n";

  config.ca_file = broker.other_ca().cert_file().string();
  MosquittoTransport wrong_ca(config, "dev-mtls-3", "");
  const ConnectReport not_trusted = wrong_ca.connect(milliseconds(5'000));
  EXPECT_FALSE(not_trusted.connected);
  EXPECT_NE(not_trusted.reason.find("certificate not trusted"), std::string::npos)
      << not_trusted.reason;
}

INSTANTIATE_TEST_SUITE_P(Protocols, MutualTlsTest,
                         ::testing::Values(MqttVersion::v3_1_1, MqttVersion::v5));

}  // namespace
}  // namespace sa
