// Against a real mosquitto on a free loopback port, each test with its own config file.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <tuple>

#include "app/probe.h"
#include "mqtt/paho_transport.h"
#include "mqtt/transport_factory.h"
#include "publish/publisher.h"
#include "queue/memory_buffer.h"

namespace sa {
namespace {

using std::chrono::milliseconds;
namespace fs = std::filesystem;

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool port_open(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

bool have(const char* program) {
  return std::system((std::string("command -v ") + program + " >/dev/null 2>&1").c_str()) == 0;
}

class MosquittoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have("mosquitto"))
      GTEST_SKIP() << "mosquitto not installed";
    char name[] = "/tmp/sa-mosq-XXXXXX";
    dir_ = ::mkdtemp(name);
    port_ = free_port();
    // mosquitto started as root drops to its own user, which must read the files made here.
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  }
  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (!dir_.empty())
      fs::remove_all(dir_);
  }

  void start_broker(const std::string& listener_extra) {
    // The broker may run as another user; files the test wrote must be readable.
    for (const auto& entry : fs::directory_iterator(dir_)) {
      std::error_code ignored;
      fs::permissions(entry.path(),
                      fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read,
                      fs::perm_options::add, ignored);
    }
    const std::string conf = dir_ + "/mosquitto.conf";
    std::ofstream(conf) << "listener " << port_ << " 127.0.0.1\n"
                        << listener_extra << "persistence false\nlog_dest none\n";
    pid_ = ::fork();
    if (pid_ == 0) {
      // Not our stdout: a broker outliving a killed test must not hold the caller's pipe open.
      const int null_fd = ::open("/dev/null", O_WRONLY);
      if (null_fd >= 0) {
        ::dup2(null_fd, STDOUT_FILENO);
        ::dup2(null_fd, STDERR_FILENO);
      }
      ::execlp("mosquitto", "mosquitto", "-c", conf.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200 && !port_open(port_); ++i)
      std::this_thread::sleep_for(milliseconds(25));
    ASSERT_TRUE(port_open(port_)) << "mosquitto did not start";
  }

  Config config(MqttVersion version, bool tls = false) {
    Config c;
    c.agent.state_dir = dir_;
    c.device.id = "dev";
    c.device.topic_prefix = "sensors/dev";
    c.broker.host = "localhost";
    c.broker.port = port_;
    c.broker.tls = tls;
    c.broker.url = std::string(tls ? "mqtts://" : "mqtt://") + "localhost:" + std::to_string(port_);
    c.broker.protocol = version;
    c.broker.client_id = "dev-test";
    c.broker.connect_timeout = milliseconds(5'000);
    c.broker.reconnect_min = milliseconds(100);
    c.broker.reconnect_max = milliseconds(1'000);
    c.queue.memory_max_messages = 200'000;
    return c;
  }

  // A CA, a server certificate for localhost signed by it, and a second unrelated CA.
  void make_certificates() {
    const std::string d = dir_;
    const std::string script =
        "cd " + d + " && " +
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca -keyout ca.key "
        "-out ca.crt && "
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca -keyout other.key "
        "-out other.crt && "
        "openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server.key -out "
        "server.csr && "
        "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext && "
        "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
        "-extfile san.ext -out server.crt) >/dev/null 2>&1";
    ASSERT_EQ(std::system(("(" + script).c_str()), 0);
  }

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Collects what arrives on a subscription.
struct Subscriber {
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> messages;
  std::unique_ptr<PahoTransport> transport;

  Subscriber(const Config& c, const std::string& filter) {
    BrokerConfig broker = c.broker;
    broker.clean_session = true;
    transport = std::make_unique<PahoTransport>(broker, "subscriber", "");
    Transport::Callbacks callbacks;
    callbacks.message = [this](const std::string& topic, const std::string& payload) {
      std::lock_guard<std::mutex> lock(mutex);
      messages.emplace_back(topic, payload);
    };
    transport->set_callbacks(std::move(callbacks));
    const ConnectReport report = transport->connect(milliseconds(5'000));
    EXPECT_TRUE(report.connected) << report.reason;
    std::string reason;
    EXPECT_TRUE(transport->subscribe(filter, 2, milliseconds(5'000), reason)) << reason;
  }
  size_t count() {
    std::lock_guard<std::mutex> lock(mutex);
    return messages.size();
  }
};

template <typename Pred>
bool eventually(Pred pred, milliseconds patience = milliseconds(30'000)) {
  const auto until = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < until) {
    if (pred())
      return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return pred();
}

// Every transport-level test runs for both MQTT client libraries and both protocol versions.
using ClientAndVersion = std::tuple<MqttClient, MqttVersion>;

std::string param_name(const ::testing::TestParamInfo<ClientAndVersion>& info) {
  const MqttClient client = std::get<0>(info.param);
  const MqttVersion version = std::get<1>(info.param);
  return std::string(client == MqttClient::paho ? "paho" : "mosquitto") +
         (version == MqttVersion::v5 ? "_v5" : "_v3_1_1");
}

const auto kAllClientsAndVersions =
    ::testing::Combine(::testing::Values(MqttClient::paho, MqttClient::mosquitto),
                       ::testing::Values(MqttVersion::v3_1_1, MqttVersion::v5));

class ClientTest : public MosquittoTest, public ::testing::WithParamInterface<ClientAndVersion> {
 protected:
  Config client_config(bool tls = false) {
    Config c = config(std::get<1>(GetParam()), tls);
    c.broker.client = std::get<0>(GetParam());
    return c;
  }
};

class QosTest : public ClientTest {};

TEST_P(QosTest, Qos1And2ReadingsArriveWithGaplessSeq) {
  // Unlimited in-flight towards the subscriber: mosquitto 2.0.11 reorders its queue to a
  // subscriber that has more than max_inflight_messages in flight, which a fast publisher causes.
  start_broker("allow_anonymous true\nmax_inflight_messages 0\n");
  const Config c = client_config();
  Subscriber subscriber(c, "sensors/dev/#");
  ChannelRoute q1{"s", "q1", "u", "sensors/dev/s/q1", 1, false, true, -1};
  ChannelRoute q2{"s", "q2", "u", "sensors/dev/s/q2", 2, false, true, 2};
  Publisher publisher(c, make_transport(c.broker, "dev-test", "sensors/dev/status"),
                      std::make_unique<MemoryBuffer>(c.queue), "boot-x");
  publisher.start();
  constexpr int kEach = 200;
  for (int i = 0; i < kEach; ++i) {
    publisher.submit(Reading{&q1, i * 0.5, WallClock::now(), true});
    publisher.submit(Reading{&q2, i * 0.25, WallClock::now(), true});
  }
  ASSERT_TRUE(eventually([&] { return publisher.stats().published == 2 * kEach; }))
      << publisher.stats().last_error;
  ASSERT_TRUE(eventually([&] { return subscriber.count() >= 2 * kEach + 1; }));
  publisher.stop(milliseconds(2'000));
  std::map<std::string, std::vector<uint64_t>> seqs;
  bool online = false;
  {
    std::lock_guard<std::mutex> lock(subscriber.mutex);
    for (const auto& [topic, payload] : subscriber.messages) {
      if (topic == "sensors/dev/status") {
        online = online || payload == "online";
        continue;
      }
      seqs[topic].push_back(nlohmann::json::parse(payload)["seq"].get<uint64_t>());
    }
  }
  EXPECT_TRUE(online);
  for (const auto& topic : {"sensors/dev/s/q1", "sensors/dev/s/q2"}) {
    ASSERT_EQ(seqs[topic].size(), static_cast<size_t>(kEach)) << topic;
    for (size_t i = 0; i < seqs[topic].size(); ++i)
      EXPECT_EQ(seqs[topic][i], i + 1);
  }
}

INSTANTIATE_TEST_SUITE_P(Clients, QosTest, kAllClientsAndVersions, param_name);

std::vector<std::string> thread_names() {
  std::vector<std::string> names;
  for (const auto& task : fs::directory_iterator("/proc/self/task")) {
    std::string name;
    std::getline(std::ifstream(task.path() / "comm"), name);
    names.push_back(name);
  }
  return names;
}

// The publisher drives libmosquitto's socket itself: no network thread, and keepalive still
// holds an idle connection (the broker drops a client silent for 1.5 keepalives).
TEST_F(MosquittoTest, LibmosquittoRunsOnThePublisherThreadAndKeepsAnIdleLinkAlive) {
  start_broker("allow_anonymous true\n");
  Config c = config(MqttVersion::v5);
  c.broker.client = MqttClient::mosquitto;
  c.broker.keepalive = milliseconds(5'000);
  Subscriber subscriber(c, "sensors/dev/s/#");
  ChannelRoute q1{"s", "q1", "u", "sensors/dev/s/q1", 1, false, true, -1};
  Publisher publisher(c, make_transport(c.broker, "dev-test", "sensors/dev/status"),
                      std::make_unique<MemoryBuffer>(c.queue), "boot-x");
  publisher.start();
  for (int i = 0; i < 50; ++i)
    publisher.submit(Reading{&q1, i * 1.0, WallClock::now(), true});
  ASSERT_TRUE(eventually([&] { return publisher.stats().published == 50; }))
      << publisher.stats().last_error;
  const std::vector<std::string> names = thread_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "sa-publish"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "sa-mqtt-net"), names.end());

  std::this_thread::sleep_for(milliseconds(12'000));
  publisher.submit(Reading{&q1, 51.0, WallClock::now(), false});
  ASSERT_TRUE(eventually([&] { return publisher.stats().published == 51; }));
  EXPECT_EQ(publisher.stats().reconnects, 0u) << publisher.stats().last_error;
  ASSERT_TRUE(eventually([&] { return subscriber.count() >= 51; }));
  publisher.stop(milliseconds(2'000));
  EXPECT_EQ(subscriber.count(), 51u);
}

class WordsTest : public ClientTest {};

TEST_P(WordsTest, WrongPasswordIsReportedInWords) {
  const std::string passwords = dir_ + "/passwd";
  ASSERT_EQ(
      std::system(("mosquitto_passwd -b -c " + passwords + " agent right >/dev/null").c_str()), 0);
  start_broker("allow_anonymous false\npassword_file " + passwords + "\n");
  Config c = client_config();
  c.broker.username = "agent";
  c.broker.password = "wrong";
  const auto bad = make_transport(c.broker, "dev-test", "");
  const ConnectReport report = bad->connect(milliseconds(5'000));
  EXPECT_FALSE(report.connected);
  EXPECT_NE(report.reason.find("not authorised"), std::string::npos) << report.reason;
  std::cout << "wrong password: " << report.reason << "\n";

  c.broker.password = "right";
  const auto good = make_transport(c.broker, "dev-test", "");
  const ConnectReport ok = good->connect(milliseconds(5'000));
  EXPECT_TRUE(ok.connected) << ok.reason;
}

TEST_P(WordsTest, NothingListeningIsConnectionRefused) {
  const Config c = client_config();  // no broker started on this port
  const auto transport = make_transport(c.broker, "dev-test", "");
  const ConnectReport report = transport->connect(milliseconds(3'000));
  EXPECT_FALSE(report.connected);
  EXPECT_NE(report.reason.find("connection refused (nothing listening at localhost:" +
                               std::to_string(port_) + ")"),
            std::string::npos)
      << report.reason;
}

TEST_P(WordsTest, TlsWithTrustedCaConnectsAndProbeReportsTheCertificate) {
  if (!have("openssl"))
    GTEST_SKIP() << "openssl not installed";
  make_certificates();
  start_broker("cafile " + dir_ + "/ca.crt\ncertfile " + dir_ + "/server.crt\nkeyfile " + dir_ +
               "/server.key\nallow_anonymous true\n");
  Config c = client_config(true);
  c.broker.ca_file = dir_ + "/ca.crt";
  const ProbeReport probe = run_probe(c);
  EXPECT_TRUE(probe.ok) << format_probe(probe);
  EXPECT_FALSE(probe.tls_version.empty());
  EXPECT_NE(probe.peer_subject.find("CN=localhost"), std::string::npos) << probe.peer_subject;
  std::cout << format_probe(probe);
}

TEST_P(WordsTest, TlsWithUntrustedCertificateSaysSo) {
  if (!have("openssl"))
    GTEST_SKIP() << "openssl not installed";
  make_certificates();
  start_broker("cafile " + dir_ + "/ca.crt\ncertfile " + dir_ + "/server.crt\nkeyfile " + dir_ +
               "/server.key\nallow_anonymous true\n");
  Config c = client_config(true);
  c.broker.ca_file = dir_ + "/other.crt";
  const auto transport = make_transport(c.broker, "dev-test", "");
  const ConnectReport report = transport->connect(milliseconds(5'000));
  EXPECT_FALSE(report.connected);
  EXPECT_NE(report.reason.find("TLS handshake failed: certificate not trusted"), std::string::npos)
      << report.reason;
  std::cout << "untrusted: " << report.reason << "\n";
  const ProbeReport probe = run_probe(c);
  EXPECT_FALSE(probe.ok);
  EXPECT_EQ(probe.stage, "connect");
}

INSTANTIATE_TEST_SUITE_P(Clients, WordsTest, kAllClientsAndVersions, param_name);

class ThroughputTest : public MosquittoTest, public ::testing::WithParamInterface<MqttClient> {};

// Not a pass/fail figure: prints the publisher's rate against this machine's mosquitto.
TEST_P(ThroughputTest, MeasuresPublisherThroughput) {
  start_broker("allow_anonymous true\nmax_inflight_messages 0\n");
  for (int qos : {1, 2}) {
    Config c = config(MqttVersion::v5);
    c.broker.max_inflight = 64;
    c.broker.client = GetParam();
    ChannelRoute route{"s", "c", "u", "sensors/dev/s/c", qos, false, true, -1};
    Publisher publisher(c, make_transport(c.broker, "dev-bench", "sensors/dev/status"),
                        std::make_unique<MemoryBuffer>(c.queue), "boot-b");
    publisher.start();
    ASSERT_TRUE(eventually([&] { return publisher.stats().connected; }));
    constexpr int kCount = 20'000;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kCount; ++i)
      publisher.submit(Reading{&route, i * 0.1, WallClock::now(), true});
    ASSERT_TRUE(
        eventually([&] { return publisher.stats().published == kCount; }, milliseconds(120'000)));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "QoS " << qos << ": " << static_cast<int>(kCount / seconds) << " msgs/s ("
              << kCount << " readings, window " << c.broker.max_inflight << ")\n";
    RecordProperty("qos" + std::to_string(qos) + "_msgs_per_s", static_cast<int>(kCount / seconds));
    publisher.stop(milliseconds(2'000));
  }
}

std::string client_name(const ::testing::TestParamInfo<MqttClient>& param) {
  return param.param == MqttClient::paho ? "paho" : "mosquitto";
}

INSTANTIATE_TEST_SUITE_P(Clients, ThroughputTest,
                         ::testing::Values(MqttClient::paho, MqttClient::mosquitto), client_name);

}  // namespace
}  // namespace sa
