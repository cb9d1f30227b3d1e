// deploy/provision on its own: what it writes, what it refuses, and that the agent accepts the
// bundle. No broker runs here (reload none).
#include <unistd.h>

#include "deploy_checks.h"
#include "deployed_broker.h"
#include "support/agent_process.h"
#include "support/temp_dir.h"
#include "support/tool_paths.h"

namespace sa::test {
namespace {

const std::map<std::string, std::string> kNoReload = {{"SA_RELOAD", "none"}};

class Provision : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(broker_.init_pki()); }

  CommandResult provision(std::vector<std::string> args) const {
    return broker_.provision(args, kNoReload);
  }

  CommandResult add(const std::string& id, std::vector<std::string> extra = {}) const {
    extra.insert(extra.end(), {"--broker-url", "mqtts://broker.example:8883", "--install-dir",
                               broker_.bundle(id).string(), "--state-dir",
                               (broker_.dir() / "state").string(), id});
    return provision(extra);
  }

  std::string password_line(const std::string& id) const {
    std::string text = read_file(broker_.dir() / "sensor-agent" / "passwd");
    size_t at = text.find(id + ":");
    return at == std::string::npos ? std::string() : text.substr(at, text.find('\n', at) - at);
  }

  DeployedBroker broker_;
};

TEST_F(Provision, HelpDescribesEveryCommandAndTheEnvironment) {
  CommandResult help = provision({"--help"});
  ASSERT_TRUE(help.succeeded()) << help.describe();
  for (const char* words : {"--revoke", "--cert", "ca init", "ca server", "consumer", "--force",
                            "SA_PASSWORD_FILE", "SA_RELOAD", "%u"}) {
    EXPECT_NE(help.out.find(words), std::string::npos) << words;
  }
}

TEST_F(Provision, BundleHoldsAgentConfigSecretAndCaWithSafeModes) {
  CommandResult made = add("pi-a");
  ASSERT_TRUE(made.succeeded()) << made.describe();
  std::filesystem::path bundle = broker_.bundle("pi-a");
  EXPECT_EQ(mode_of(bundle), 0700u);
  EXPECT_EQ(mode_of(bundle / "mqtt-password"), 0600u);
  EXPECT_EQ(mode_of(bundle / "agent.toml"), 0640u);
  EXPECT_EQ(read_file(bundle / "ca.crt"), read_file(broker_.pki() / "ca.crt"));
  EXPECT_EQ(mode_of(broker_.dir() / "sensor-agent" / "passwd"), 0640u);
  std::string password = broker_.credentials("pi-a").password;
  EXPECT_GE(password.size(), 32u);
  // mosquitto_passwd stores a hash, never the password.
  EXPECT_FALSE(password_line("pi-a").empty());
  EXPECT_EQ(password_line("pi-a").find(password), std::string::npos);
  std::string config = read_file(bundle / "agent.toml");
  EXPECT_NE(config.find("url = \"mqtts://broker.example:8883\""), std::string::npos) << config;
  EXPECT_NE(config.find("username = \"pi-a\""), std::string::npos) << config;
  EXPECT_EQ(config.find(password), std::string::npos) << "the password belongs in its own file";
}

TEST_F(Provision, AgentCheckAcceptsPasswordAndCertificateBundles) {
  ASSERT_TRUE(add("pi-a").succeeded());
  ASSERT_TRUE(add("pi-c", {"--cert"}).succeeded());
  for (const char* id : {"pi-a", "pi-c"}) {
    CommandResult check = run_agent(
        {"check", "--config", (broker_.bundle(id) / "agent.toml").string()}, broker_.dir());
    EXPECT_TRUE(check.succeeded()) << id << ": " << check.describe();
  }
  EXPECT_EQ(mode_of(broker_.bundle("pi-c") / "client.key"), 0600u);
  EXPECT_TRUE(password_line("pi-c").empty()) << "a certificate device has no password";
}

TEST_F(Provision, ExistingDeviceIsKeptUnlessForced) {
  ASSERT_TRUE(add("pi-a").succeeded());
  const std::string hash = password_line("pi-a");
  const std::string password = broker_.credentials("pi-a").password;

  CommandResult again = add("pi-a");
  EXPECT_EQ(again.exit_code(), 3) << again.describe();
  EXPECT_EQ(password_line("pi-a"), hash);
  EXPECT_EQ(broker_.credentials("pi-a").password, password);

  CommandResult forced = add("pi-a", {"--force"});
  ASSERT_TRUE(forced.succeeded()) << forced.describe();
  EXPECT_NE(password_line("pi-a"), hash);
  EXPECT_NE(broker_.credentials("pi-a").password, password);
}

TEST_F(Provision, ReplacingACertificateDeviceRevokesItsOldCertificate) {
  ASSERT_TRUE(add("pi-c", {"--cert"}).succeeded());
  std::string old_cert = read_file(broker_.bundle("pi-c") / "client.crt");
  ASSERT_TRUE(add("pi-c", {"--cert", "--force"}).succeeded());
  EXPECT_NE(read_file(broker_.bundle("pi-c") / "client.crt"), old_cert);
  std::string index = read_file(broker_.pki() / "index.txt");
  EXPECT_NE(index.find("\nR\t"), std::string::npos) << index;
}

TEST_F(Provision, RevokeRemovesEverythingAndIsIdempotent) {
  ASSERT_TRUE(add("pi-a").succeeded());
  ASSERT_TRUE(add("pi-c", {"--cert"}).succeeded());
  for (const char* id : {"pi-a", "pi-c"}) {
    CommandResult revoked = provision({"--revoke", id});
    ASSERT_TRUE(revoked.succeeded()) << revoked.describe();
    EXPECT_FALSE(std::filesystem::exists(broker_.bundle(id))) << id;
    EXPECT_TRUE(password_line(id).empty()) << id;
    CommandResult twice = provision({"--revoke", id});
    EXPECT_TRUE(twice.succeeded()) << twice.describe();
    EXPECT_TRUE(contains_nocase(twice.err, "nothing to revoke")) << twice.describe();
  }
  // The CRL the broker reads lists pi-c's certificate.
  CommandResult crl = run_command(
      {kOpensslPath, "crl", "-in", (broker_.pki() / "crl.pem").string(), "-noout", "-text"},
      broker_.dir());
  ASSERT_TRUE(crl.succeeded()) << crl.describe();
  EXPECT_NE(crl.out.find("Serial Number"), std::string::npos) << crl.out;
}

TEST_F(Provision, DeviceIdsThatCouldEscapeTheirTopicTreeAreRejected) {
  for (const char* id : {"a/b", "+", "#", "pi a", "-pi", "", "x\ny"}) {
    CommandResult made = add(id);
    EXPECT_EQ(made.exit_code(), 2) << "'" << id << "': " << made.describe();
  }
  EXPECT_TRUE(read_file(broker_.dir() / "sensor-agent" / "passwd").empty());
}

TEST_F(Provision, ConsumerGetsItsAclLinesAndLosesThemOnRevoke) {
  ASSERT_TRUE(provision({"consumer", "--write-commands", "dashboard"}).succeeded());
  std::string acl = read_file(broker_.dir() / "sensor-agent" / "acl");
  EXPECT_NE(acl.find("user dashboard\ntopic read sensors/#\n"), std::string::npos) << acl;
  EXPECT_NE(acl.find("topic write sensors/+/cmd/+\n"), std::string::npos) << acl;
  EXPECT_NE(acl.find("topic write sensors/+/+/+/set\n"), std::string::npos) << acl;
  EXPECT_EQ(add("dashboard").exit_code(), 1) << "a consumer is not a device";
  ASSERT_TRUE(provision({"--revoke", "dashboard"}).succeeded());
  EXPECT_EQ(read_file(broker_.dir() / "sensor-agent" / "acl"),
            read_file(deploy_dir() / "broker" / "acl"));
}

TEST_F(Provision, ReloadRefusesAPidFileThatIsNotMosquitto) {
  write_file(broker_.dir() / "mosquitto.pid", std::to_string(getpid()) + "\n");
  CommandResult made = broker_.provision({"--broker-url", "mqtts://broker.example:8883", "pi-a"},
                                         {{"SA_RELOAD", "pidfile"}});
  EXPECT_NE(made.exit_code(), 0) << made.describe();
  EXPECT_TRUE(contains_nocase(made.err, "is not mosquitto")) << made.describe();
}

}  // namespace
}  // namespace sa::test
