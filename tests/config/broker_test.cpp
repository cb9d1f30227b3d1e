#include <gtest/gtest.h>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

using test::expect_problem;
using test::kSimSensor;
using test::load;

std::string with_broker(const std::string& lines) {
  return "[broker]\n" + lines + "\n" + kSimSensor;
}

BrokerConfig broker_for_url(const std::string& url) {
  LoadResult result = load(with_broker("url = \"" + url + "\""));
  EXPECT_TRUE(result.ok()) << url << "\n" << test::describe(result);
  return result.ok() ? result.config->broker : BrokerConfig{};
}

TEST(BrokerUrl, FillsHostPortAndTls) {
  BrokerConfig plain = broker_for_url("mqtt://broker.example.com");
  EXPECT_EQ(plain.host, "broker.example.com");
  EXPECT_EQ(plain.port, 1883);
  EXPECT_FALSE(plain.tls);

  BrokerConfig tls = broker_for_url("mqtts://broker.example.com");
  EXPECT_EQ(tls.port, 8883);
  EXPECT_TRUE(tls.tls);

  BrokerConfig explicit_port = broker_for_url("mqtts://10.0.0.7:18883");
  EXPECT_EQ(explicit_port.host, "10.0.0.7");
  EXPECT_EQ(explicit_port.port, 18883);
  EXPECT_EQ(explicit_port.url, "mqtts://10.0.0.7:18883");

  BrokerConfig ipv6 = broker_for_url("mqtt://[fd00::1]:1884");
  EXPECT_EQ(ipv6.host, "fd00::1");
  EXPECT_EQ(ipv6.port, 1884);

  BrokerConfig ipv6_default = broker_for_url("mqtts://[::1]");
  EXPECT_EQ(ipv6_default.host, "::1");
  EXPECT_EQ(ipv6_default.port, 8883);

  EXPECT_EQ(broker_for_url("mqtt://localhost/").host, "localhost");
  EXPECT_EQ(broker_for_url("mqtt://my_broker.local").host, "my_broker.local");
}

TEST(BrokerUrl, DefaultIsLocalhost) {
  LoadResult result = load(kSimSensor);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->broker.host, "localhost");
  EXPECT_EQ(result.config->broker.port, 1883);
  EXPECT_FALSE(result.config->broker.tls);
}

TEST(BrokerUrl, BadUrlsAreErrorsSayingWhy) {
  struct Case {
    std::string url;
    std::string message_part;
  };
  const Case cases[] = {
      {"tcp://localhost:1883", "must start with mqtt:// or mqtts://, got 'tcp://'"},
      {"localhost:1883", "must start with mqtt:// or mqtts://"},
      {"mqtt://", "has no host"},
      {"mqtt://:1883", "has no host"},
      {"mqtt://host:0", "port must be a number from 1 to 65535, got '0'"},
      {"mqtt://host:65536", "got '65536'"},
      {"mqtt://host:", "got ''"},
      {"mqtt://host:12a", "got '12a'"},
      {"mqtt://300.1.2.3", "'300.1.2.3' is not a valid IPv4 address"},
      {"mqtt://1.2.3", "not a valid IPv4 address"},
      {"mqtt://[fd00::zz]", "not a valid IPv6 address"},
      {"mqtt://[::1", "closing ']'"},
      {"mqtt://::1", "must be in brackets"},
      {"mqtt://bad host", "contains ' '"},
      {"mqtt://a..b", "empty label"},
      {"mqtt://host/topic", "must not have a path"},
  };
  for (const Case& c : cases) {
    std::string text = with_broker("url = \"" + c.url + "\"");
    LoadResult result = load(text);
    SCOPED_TRACE(c.url);
    expect_problem(result, text, "broker.url", "\"" + c.url + "\"", "", c.message_part);
  }
}

TEST(BrokerUrl, CredentialsInTheUrlAreRejectedWithoutEchoingThem) {
  std::string text = with_broker("url = \"mqtt://user:hunter2@host\"");
  LoadResult result = load(text);
  ConfigProblem problem = expect_problem(result, text, "broker.url", "\"mqtt://user:hunter2@host\"",
                                         "", "must not contain credentials");
  EXPECT_EQ(problem.message.find("hunter2"), std::string::npos);
}

TEST(BrokerProtocol, AcceptsThreeOneOneAndFive) {
  LoadResult v3 = load(with_broker("protocol = \"3.1.1\""));
  ASSERT_TRUE(v3.ok()) << test::describe(v3);
  EXPECT_EQ(v3.config->broker.protocol, MqttVersion::v3_1_1);
  LoadResult v5 = load(with_broker("protocol = \"5\""));
  ASSERT_TRUE(v5.ok()) << test::describe(v5);
  EXPECT_EQ(v5.config->broker.protocol, MqttVersion::v5);
}

TEST(BrokerProtocol, OtherVersionsAndNumbersAreErrors) {
  std::string text = with_broker("protocol = \"3.1\"");
  expect_problem(load(text), text, "broker.protocol", "\"3.1\"", "",
                 "protocol must be \"3.1.1\" or \"5\", got \"3.1\"");
  std::string number = with_broker("protocol = 5");
  expect_problem(load(number), number, "broker.protocol", "protocol = 5", "5", "in quotes");
}

TEST(BrokerTiming, ReconnectMinMustNotExceedMax) {
  std::string text = with_broker("reconnect_min = \"2m\"\nreconnect_max = \"1m\"");
  expect_problem(load(text), text, "broker.reconnect_min", "\"2m\"", "",
                 "reconnect_min (2m) must not be longer than reconnect_max (1m)");
}

TEST(BrokerTiming, ReconnectMaxBelowTheDefaultMinIsReportedAtMax) {
  std::string text = with_broker("reconnect_max = \"500ms\"");
  expect_problem(load(text), text, "broker.reconnect_max", "\"500ms\"", "",
                 "must not be longer than reconnect_max (500ms)");
}

TEST(BrokerTiming, KeepaliveIsZeroOrWholeSeconds) {
  LoadResult off = load(with_broker("keepalive = \"0s\""));
  ASSERT_TRUE(off.ok()) << test::describe(off);
  EXPECT_EQ(off.config->broker.keepalive.count(), 0);

  std::string fraction = with_broker("keepalive = \"1500ms\"");
  expect_problem(load(fraction), fraction, "broker.keepalive", "\"1500ms\"", "",
                 "keepalive must be whole seconds");
  std::string below = with_broker("keepalive = \"500ms\"");
  expect_problem(load(below), below, "broker.keepalive", "\"500ms\"", "", "whole seconds");
  std::string huge = with_broker("keepalive = \"19h\"");
  expect_problem(load(huge), huge, "broker.keepalive", "\"19h\"", "", "at most 18h12m15s");
}

TEST(BrokerTiming, TimeoutsMustBePositive) {
  std::string text = with_broker("connect_timeout = \"0s\"\nack_timeout = \"0ms\"");
  LoadResult result = load(text);
  expect_problem(result, text, "broker.connect_timeout", "\"0s\"", "", "longer than 0s");
  expect_problem(result, text, "broker.ack_timeout", "\"0ms\"", "", "longer than 0s");
}

TEST(BrokerTiming, MaxInflightRange) {
  std::string text = with_broker("max_inflight = 65536");
  expect_problem(load(text), text, "broker.max_inflight", "65536", "",
                 "max_inflight must be from 1 to 65535, got 65536");
  LoadResult top = load(with_broker("max_inflight = 65535"));
  ASSERT_TRUE(top.ok()) << test::describe(top);
  EXPECT_EQ(top.config->broker.max_inflight, 65535);
}

TEST(BrokerSession, ZeroExpiryWithAKeptSessionIsAWarning) {
  std::string text = with_broker("session_expiry = \"0s\"");
  LoadResult result = load(text);
  EXPECT_TRUE(result.ok());
  expect_problem(result, text, "broker.session_expiry", "\"0s\"", "", "not resumed", true);
}

TEST(BrokerSession, ValuesAreRead) {
  LoadResult result =
      load(with_broker("clean_session = true\nsession_expiry = \"2h\"\nmessage_expiry = \"10m\"\n"
                       "connect_timeout = \"5s\"\nack_timeout = \"7s\"\nreconnect_min = \"2s\"\n"
                       "reconnect_max = \"2m\""));
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const BrokerConfig& broker = result.config->broker;
  EXPECT_TRUE(broker.clean_session);
  EXPECT_EQ(broker.session_expiry, std::chrono::hours{2});
  EXPECT_EQ(broker.message_expiry, std::chrono::minutes{10});
  EXPECT_EQ(broker.connect_timeout, std::chrono::seconds{5});
  EXPECT_EQ(broker.ack_timeout, std::chrono::seconds{7});
  EXPECT_EQ(broker.reconnect_min, std::chrono::seconds{2});
  EXPECT_EQ(broker.reconnect_max, std::chrono::minutes{2});
}

TEST(BrokerClientId, EmptyIsAnError) {
  std::string text = with_broker("client_id = \"\"");
  expect_problem(load(text), text, "broker.client_id", "\"\"", "", "must not be empty");
}

TEST(BrokerTls, CaFileMustExist) {
  test::TempDir dir;
  std::string missing = (dir.path() / "ca.pem").string();
  std::string text = with_broker("url = \"mqtts://host\"\nca_file = \"" + missing + "\"");
  expect_problem(load(text), text, "broker.ca_file", "\"" + missing + "\"", "",
                 "cannot read ca_file '" + missing + "': No such file or directory");
}

TEST(BrokerTls, MqttsNeedsNothingElse) {
  LoadResult result = load(with_broker("url = \"mqtts://host\""));
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_TRUE(result.problems.empty()) << test::describe(result);
  EXPECT_TRUE(result.config->broker.ca_file.empty());
}

TEST(BrokerTls, CertAndKeyGoTogether) {
  test::TempDir dir;
  std::string cert = dir.write("client.crt", "cert");
  std::string key = dir.write("client.key", "key");
  std::string ca = dir.write("ca.pem", "ca");
  std::string only_cert = with_broker("url = \"mqtts://host\"\ncert_file = \"" + cert + "\"");
  expect_problem(load(only_cert), only_cert, "broker.cert_file", "\"" + cert + "\"", "",
                 "cert_file and key_file go together");

  LoadResult both =
      load(with_broker("url = \"mqtts://host\"\nca_file = \"" + ca + "\"\ncert_file = \"" + cert +
                       "\"\nkey_file = \"" + key + "\""));
  ASSERT_TRUE(both.ok()) << test::describe(both);
  EXPECT_EQ(both.config->broker.ca_file, ca);
  EXPECT_EQ(both.config->broker.cert_file, cert);
  EXPECT_EQ(both.config->broker.key_file, key);
}

TEST(BrokerTls, KeyThatIsADirectoryIsAnError) {
  test::TempDir dir;
  std::string cert = dir.write("client.crt", "cert");
  std::string key = dir.path().string();
  std::string text = with_broker("url = \"mqtts://host\"\ncert_file = \"" + cert +
                                 "\"\nkey_file = \"" + key + "\"");
  expect_problem(load(text), text, "broker.key_file", "\"" + key + "\"", "", "is a directory");
}

TEST(BrokerTls, FilesWithPlainMqttAreAWarning) {
  test::TempDir dir;
  std::string ca = dir.write("ca.pem", "ca");
  std::string text = with_broker("ca_file = \"" + ca + "\"");
  LoadResult result = load(text);
  EXPECT_TRUE(result.ok());
  expect_problem(result, text, "broker.ca_file", "\"" + ca + "\"", "", "use mqtts://", true);
}

TEST(BrokerClient, DefaultIsMosquittoAndPahoCanBeChosen) {
  LoadResult defaults = load(with_broker(""));
  ASSERT_TRUE(defaults.ok()) << test::describe(defaults);
  EXPECT_EQ(defaults.config->broker.client, MqttClient::mosquitto);
  LoadResult paho = load(with_broker("client = \"paho\""));
  ASSERT_TRUE(paho.ok()) << test::describe(paho);
  EXPECT_EQ(paho.config->broker.client, MqttClient::paho);
  LoadResult mosquitto = load(with_broker("client = \"mosquitto\""));
  ASSERT_TRUE(mosquitto.ok()) << test::describe(mosquitto);
  EXPECT_EQ(mosquitto.config->broker.client, MqttClient::mosquitto);
}

TEST(BrokerClient, OtherNamesAreErrorsListingTheChoices) {
  std::string text = with_broker("client = \"mosquito\"");
  expect_problem(load(text), text, "broker.client", "\"mosquito\"", "",
                 "client must be \"paho\" or \"mosquitto\", got \"mosquito\"");
  std::string number = with_broker("client = 2");
  expect_problem(load(number), number, "broker.client", "client = 2", "2", "client must be");
}

}  // namespace
}  // namespace sa
