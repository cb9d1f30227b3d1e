// deploy/broker's configuration with identities from deploy/provision: who gets in, and where
// each device may publish and read.
#include <nlohmann/json.hpp>

#include "deploy_checks.h"
#include "deployed_broker.h"
#include "support/agent_process.h"
#include "support/mqtt_recorder.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

class DeploySecurity : public ::testing::Test {
 protected:
  // The broker and its back-end "ledger" account, which reads everything under sensors/.
  void start(bool pki_ready = false) {
    if (!pki_ready) {
      ASSERT_TRUE(broker_.init_pki());
    }
    ASSERT_TRUE(broker_.start());
    ASSERT_TRUE(broker_.add_consumer("ledger"));
    RecorderOptions options;
    options.url = broker_.plain_url();
    options.topic_filters = {"sensors/#"};
    options.credentials = broker_.credentials("ledger");
    ledger_ = std::make_unique<MqttRecorder>(options);
    ASSERT_TRUE(ledger_->start());
  }

  std::filesystem::path config_of(const std::string& id) const {
    return broker_.bundle(id) / "agent.toml";
  }

  CommandResult probe(const std::string& id) const {
    return run_agent({"probe", "--config", config_of(id).string()}, scratch_.path());
  }

  // Waits for a reading of the bundle's `system` sensor from `id`.
  ::testing::AssertionResult reading_from(const std::string& id) const {
    const std::string topic = "sensors/" + id + "/system/load1";
    auto arrived = ledger_->wait_for_count(topic, 1, kDeployArrival);
    if (!arrived) {
      return arrived;
    }
    auto reading = nlohmann::json::parse(ledger_->on_topic(topic).front().payload, nullptr, false);
    if (reading.is_discarded() || reading.value("device", "") != id) {
      return ::testing::AssertionFailure()
             << "not a reading of " << id << ": " << ledger_->on_topic(topic).front().payload;
    }
    return ::testing::AssertionSuccess();
  }

  // Revokes `id` and waits for the broker to reload; the bundle, which revocation deletes, is
  // put back, as a device keeps its copy.
  void revoke(const std::string& id) {
    std::filesystem::path kept = scratch_ / ("kept-" + id);
    std::filesystem::copy(broker_.bundle(id), kept, std::filesystem::copy_options::recursive);
    int reloads = broker_.reload_count();
    CommandResult revoked = broker_.provision({"--revoke", id});
    ASSERT_TRUE(revoked.succeeded()) << revoked.describe();
    ASSERT_TRUE(broker_.wait_for_reload(reloads, kDeployArrival));
    ASSERT_FALSE(std::filesystem::exists(broker_.bundle(id))) << "revocation keeps the bundle";
    std::filesystem::copy(kept, broker_.bundle(id), std::filesystem::copy_options::recursive);
  }

  TempDir scratch_{"sa-deploy-test"};
  DeployedBroker broker_;
  std::unique_ptr<MqttRecorder> ledger_;
};

TEST_F(DeploySecurity, AnonymousClientsAreRefusedOnEveryListener) {
  start();
  CommandResult plain =
      publish_as({}, broker_.plain_port(), "sensors/x/y", "anon", scratch_.path());
  EXPECT_NE(plain.exit_code(), 0) << plain.describe();
  EXPECT_TRUE(says_not_authorised(plain.out + plain.err)) << plain.describe();

  // An agent with the fleet CA but no user name, on the devices' TLS listener.
  ASSERT_TRUE(broker_.add_device("pi-anon"));
  std::string config = read_file(config_of("pi-anon"));
  for (const char* key : {"username = ", "password_file = "}) {
    size_t at = config.find(key);
    ASSERT_NE(at, std::string::npos) << config;
    config.erase(at, config.find('\n', at) - at);
  }
  write_file(config_of("pi-anon"), config);
  CommandResult agent = probe("pi-anon");
  EXPECT_EQ(agent.exit_code(), 69) << agent.describe();
  EXPECT_TRUE(says_not_authorised(agent.out + agent.err)) << agent.describe();
  EXPECT_TRUE(ledger_->messages().empty()) << describe(ledger_->messages());
}

TEST_F(DeploySecurity, WrongPasswordIsRefused) {
  start();
  ASSERT_TRUE(broker_.add_device("pi-a"));
  write_file(broker_.bundle("pi-a") / "mqtt-password", "not-the-password\n");
  CommandResult agent = probe("pi-a");
  EXPECT_EQ(agent.exit_code(), 69) << agent.describe();
  EXPECT_TRUE(says_not_authorised(agent.out + agent.err)) << agent.describe();
  EXPECT_EQ((agent.out + agent.err).find("not-the-password"), std::string::npos);
  EXPECT_TRUE(ledger_->messages().empty()) << describe(ledger_->messages());
}

TEST_F(DeploySecurity, ProvisionedBundleUsedAsIsPublishesOverTls) {
  start();
  ASSERT_TRUE(broker_.add_device("pi-a"));
  AgentProcess agent(scratch_.path());
  ASSERT_TRUE(agent.start({"run", "--config", config_of("pi-a").string()}));
  EXPECT_TRUE(reading_from("pi-a")) << agent.describe() << broker_.log();
  EXPECT_TRUE(ledger_->wait_for(
      [](const std::vector<ReceivedMessage>& messages) {
        for (const ReceivedMessage& message : messages) {
          if (message.topic == "sensors/pi-a/status" && message.payload == "online") {
            return true;
          }
        }
        return false;
      },
      kDeployArrival, "sensors/pi-a/status online"));
  // Everything the device sent stayed in its own tree.
  EXPECT_EQ(under(ledger_->messages(), "sensors/pi-a/").size(), ledger_->messages().size())
      << describe(ledger_->messages());
}

TEST_F(DeploySecurity, RevokedDeviceIsDisconnectedAndRefusedAfterReload) {
  start();
  ASSERT_TRUE(broker_.add_device("pi-a"));
  AgentProcess agent(scratch_.path());
  ASSERT_TRUE(agent.start({"run", "--config", config_of("pi-a").string()}));
  ASSERT_TRUE(reading_from("pi-a")) << agent.describe();

  revoke("pi-a");
  // mosquitto checks connected clients again on reload: the running agent is cut off, and its
  // reconnects are refused.
  EXPECT_TRUE(agent.wait_for_log("not authori", kDeployArrival)) << agent.describe();
  EXPECT_TRUE(agent.running()) << "keeps retrying\n" << agent.describe();
  CommandResult again = probe("pi-a");
  EXPECT_EQ(again.exit_code(), 69) << again.describe();
  EXPECT_TRUE(says_not_authorised(again.out + again.err)) << again.describe();
}

TEST_F(DeploySecurity, DeviceCannotPublishIntoAnotherDevicesTree) {
  start();
  ASSERT_TRUE(broker_.add_device("pi-a"));
  ASSERT_TRUE(broker_.add_device("pi-b"));
  // pi-a's own credentials, with pi-b's topic prefix: a tampered or mistaken config.
  std::string config = read_file(config_of("pi-a"));
  const std::string prefix = "topic_prefix = \"sensors/{device}\"";
  ASSERT_NE(config.find(prefix), std::string::npos) << config;
  config.replace(config.find(prefix), prefix.size(), "topic_prefix = \"sensors/pi-b\"");
  write_file(config_of("pi-a"), config);

  AgentProcess agent(scratch_.path());
  ASSERT_TRUE(agent.start({"run", "--config", config_of("pi-a").string()}));
  // The broker answers each QoS 1 reading with "not authorised" until the agent gives it up.
  EXPECT_TRUE(agent.wait_for_log("rejecting", kDeployArrival)) << agent.describe();
  CommandResult by_hand = publish_as(broker_.credentials("pi-a"), broker_.plain_port(),
                                     "sensors/pi-b/cmd/unlock", "from pi-a", scratch_.path());
  EXPECT_TRUE(says_not_authorised(by_hand.out + by_hand.err)) << by_hand.describe();

  // pi-b's own message arrives after all of that; nothing else ever reached pi-b's tree.
  CommandResult own = publish_as(broker_.credentials("pi-b"), broker_.plain_port(),
                                 "sensors/pi-b/marker", "from pi-b", scratch_.path());
  ASSERT_TRUE(own.succeeded()) << own.describe();
  ASSERT_TRUE(ledger_->wait_for_count("sensors/pi-b/marker", 1, kDeployArrival));
  std::vector<ReceivedMessage> in_b = under(ledger_->messages(), "sensors/pi-b/");
  EXPECT_EQ(in_b.size(), 1u) << describe(in_b);
}

TEST_F(DeploySecurity, DeviceReadsOnlyItsOwnCommands) {
  start();
  ASSERT_TRUE(broker_.add_device("pi-a"));
  ASSERT_TRUE(broker_.add_device("pi-b"));
  RecorderOptions options;
  options.url = broker_.plain_url();
  options.credentials = broker_.credentials("pi-a");
  options.topic_filters = {"sensors/pi-b/#", "sensors/+/cmd/#", "#"};
  MqttRecorder pi_a(options);
  ASSERT_TRUE(pi_a.start());

  Credentials ledger = broker_.credentials("ledger");
  for (const auto& [who, topic] : std::vector<std::pair<Credentials, std::string>>{
           {broker_.credentials("pi-b"), "sensors/pi-b/wave/temperature"},
           {ledger, "sensors/pi-b/cmd/restart"},
           {ledger, "sensors/pi-a/cmd/restart"}}) {
    CommandResult sent = publish_as(who, broker_.plain_port(), topic, "x", scratch_.path());
    ASSERT_TRUE(sent.succeeded()) << sent.describe();
  }
  // pi-a's command was sent last, each publish acknowledged before the next: once it is in,
  // pi-b's messages would have been too.
  ASSERT_TRUE(pi_a.wait_for_count("sensors/pi-a/cmd/restart", 1, kDeployArrival));
  // (Once per matching subscription: MQTT 5 allows overlapping subscriptions to deliver twice.)
  EXPECT_EQ(pi_a.on_topic("sensors/pi-a/cmd/restart").size(), pi_a.messages().size())
      << describe(pi_a.messages());
  // The ledger is another client: it may get the last message a little after pi-a does.
  EXPECT_TRUE(ledger_->wait_for_count("sensors/pi-a/cmd/restart", 1, kDeployArrival));
  EXPECT_EQ(ledger_->messages().size(), 3u) << describe(ledger_->messages());
}

TEST_F(DeploySecurity, OnlyACommandConsumerSetsADevicesOutputs) {
  start();
  ASSERT_TRUE(broker_.add_device("pi-a"));
  ASSERT_TRUE(broker_.add_device("pi-b"));
  RecorderOptions options;
  options.url = broker_.plain_url();
  options.credentials = broker_.credentials("pi-b");
  options.topic_filters = {"sensors/pi-b/+/+/set", "sensors/pi-b/cmd/+"};
  MqttRecorder pi_b(options);
  ASSERT_TRUE(pi_b.start());

  for (const std::string topic : {"sensors/pi-b/relay/state/set", "sensors/pi-b/cmd/ping"}) {
    CommandResult forged =
        publish_as(broker_.credentials("pi-a"), broker_.plain_port(), topic, "ON", scratch_.path());
    EXPECT_TRUE(says_not_authorised(forged.out + forged.err)) << forged.describe();
  }
  // A consumer may send commands, not answer them in a device's name.
  CommandResult reply = publish_as(broker_.credentials("ledger"), broker_.plain_port(),
                                   "sensors/pi-b/cmd/ping/reply", "{}", scratch_.path());
  EXPECT_TRUE(says_not_authorised(reply.out + reply.err)) << reply.describe();
  CommandResult sent = publish_as(broker_.credentials("ledger"), broker_.plain_port(),
                                  "sensors/pi-b/relay/state/set", "ON", scratch_.path());
  ASSERT_TRUE(sent.succeeded()) << sent.describe();
  ASSERT_TRUE(pi_b.wait_for_count("sensors/pi-b/relay/state/set", 1, kDeployArrival));
  EXPECT_EQ(pi_b.messages().size(), 1u) << describe(pi_b.messages());
}

TEST_F(DeploySecurity, AgentRefusesABrokerCertificateFromAnotherCa) {
  ASSERT_TRUE(broker_.init_pki());
  // The broker presents a certificate for the right names, issued by a CA the fleet does not use.
  const std::map<std::string, std::string> other = {
      {"SA_PKI_DIR", (scratch_ / "other-pki").string()}};
  ASSERT_TRUE(broker_.provision({"ca", "init"}, other).succeeded());
  CommandResult server =
      broker_.provision({"ca", "server", "localhost", "--ip", "127.0.0.1", "--force"}, other);
  ASSERT_TRUE(server.succeeded()) << server.describe();
  start(true);
  ASSERT_TRUE(broker_.add_device("pi-a"));
  CommandResult agent = probe("pi-a");
  EXPECT_EQ(agent.exit_code(), 69) << agent.describe();
  EXPECT_TRUE(says_certificate_problem(agent.out + agent.err)) << agent.describe();
}

TEST_F(DeploySecurity, AgentRefusesABrokerCertificateForAnotherHostName) {
  ASSERT_TRUE(broker_.init_pki());
  CommandResult server = broker_.provision({"ca", "server", "elsewhere.example", "--force"});
  ASSERT_TRUE(server.succeeded()) << server.describe();
  start(true);
  ASSERT_TRUE(broker_.add_device("pi-a"));
  CommandResult agent = probe("pi-a");
  EXPECT_EQ(agent.exit_code(), 69) << agent.describe();
  EXPECT_TRUE(says_certificate_problem(agent.out + agent.err)) << agent.describe();
}

TEST_F(DeploySecurity, CertificateDevicePublishesOnlyUnderItsCommonName) {
  start();
  ASSERT_TRUE(broker_.add_device("pi-c", true));
  EXPECT_FALSE(std::filesystem::exists(broker_.bundle("pi-c") / "mqtt-password"));
  AgentProcess agent(scratch_.path());
  ASSERT_TRUE(agent.start({"run", "--config", config_of("pi-c").string()}));
  EXPECT_TRUE(reading_from("pi-c")) << agent.describe() << broker_.log();
  EXPECT_EQ(under(ledger_->messages(), "sensors/pi-c/").size(), ledger_->messages().size())
      << describe(ledger_->messages());
}

TEST_F(DeploySecurity, DeviceCertificateFromAnotherCaIsRefused) {
  start();
  // A device certificate from a CA of its own; the device trusts the fleet CA for the broker.
  const std::map<std::string, std::string> other = {
      {"SA_PKI_DIR", (scratch_ / "other-pki").string()},
      {"SA_BUNDLE_DIR", (scratch_ / "other-bundles").string()}};
  ASSERT_TRUE(broker_.provision({"ca", "init"}, other).succeeded());
  std::filesystem::path bundle = scratch_ / "other-bundles" / "pi-x";
  CommandResult made = broker_.provision(
      {"--cert", "--broker-url", broker_.certificate_url(), "--broker-ca",
       (broker_.pki() / "ca.crt").string(), "--install-dir", bundle.string(), "pi-x"},
      other);
  ASSERT_TRUE(made.succeeded()) << made.describe();
  CommandResult agent =
      run_agent({"probe", "--config", (bundle / "agent.toml").string()}, scratch_.path());
  EXPECT_EQ(agent.exit_code(), 69) << agent.describe();
  EXPECT_TRUE(contains_nocase(broker_.log(), "certificate verify failed")) << broker_.log();
  EXPECT_TRUE(ledger_->messages().empty()) << describe(ledger_->messages());
}

TEST_F(DeploySecurity, RevokedDeviceCertificateIsRefusedAfterReload) {
  start();
  ASSERT_TRUE(broker_.add_device("pi-c", true));
  std::filesystem::path bundle = broker_.bundle("pi-c");
  auto publish_with_certificate = [&](const std::string& message) {
    return publish_as(
        {}, broker_.certificate_port(), "sensors/pi-c/note", message, scratch_.path(),
        {"--cafile", (bundle / "ca.crt").string(), "--cert", (bundle / "client.crt").string(),
         "--key", (bundle / "client.key").string()});
  };
  CommandResult before = publish_with_certificate("before");
  ASSERT_TRUE(before.succeeded()) << before.describe() << broker_.log();
  ASSERT_TRUE(ledger_->wait_for_count("sensors/pi-c/note", 1, kDeployArrival));

  revoke("pi-c");
  CommandResult after = publish_with_certificate("after");
  EXPECT_NE(after.exit_code(), 0) << after.describe();
  CommandResult agent = probe("pi-c");
  EXPECT_EQ(agent.exit_code(), 69) << agent.describe();
  EXPECT_EQ(ledger_->on_topic("sensors/pi-c/note").size(), 1u) << describe(ledger_->messages());
}

}  // namespace
}  // namespace sa::test
