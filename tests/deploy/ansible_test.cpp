// deploy/ansible in the default suite: the playbook parses and its template renders to a config
// the agent accepts. The run against a real root is in ansible_chroot_test.cpp (slow).
#include <unistd.h>

#include "deploy_checks.h"
#include "deployed_broker.h"
#include "support/agent_process.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

std::string find_program(const std::string& name) {
  for (const char* dir : {"/usr/bin", "/usr/local/bin"}) {
    std::filesystem::path candidate = std::filesystem::path(dir) / name;
    if (access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
  }
  return {};
}

TEST(Ansible, PlaybookPassesSyntaxCheck) {
  std::string playbook = find_program("ansible-playbook");
  if (playbook.empty()) {
    GTEST_SKIP() << "ansible-playbook is not installed (apt-get install ansible-core)";
  }
  TempDir dir;
  std::filesystem::path ansible = deploy_dir() / "ansible";
  CommandResult result =
      run_command({playbook, "--syntax-check", "-i", (ansible / "inventory.example.ini").string(),
                   (ansible / "site.yml").string()},
                  dir.path(), std::chrono::seconds(90),
                  {{"ANSIBLE_LOCAL_TEMP", (dir / "ansible-tmp").string()},
                   {"ANSIBLE_HOME", (dir / "ansible-home").string()}});
  EXPECT_TRUE(result.succeeded()) << result.describe();
}

// The template with the group defaults, rendered by ansible itself on localhost for a password
// device and a certificate device, must pass `sensor-agent check`.
TEST(Ansible, TemplateRendersConfigsTheAgentAccepts) {
  std::string ansible_bin = find_program("ansible");
  if (ansible_bin.empty()) {
    GTEST_SKIP() << "ansible is not installed (apt-get install ansible-core)";
  }
  DeployedBroker broker;
  ASSERT_TRUE(broker.init_pki());
  const std::map<std::string, std::string> no_reload = {{"SA_RELOAD", "none"}};
  ASSERT_TRUE(
      broker.provision({"--broker-url", "mqtts://b.example:8883", "pi-a"}, no_reload).succeeded());
  ASSERT_TRUE(
      broker.provision({"--cert", "--broker-url", "mqtts://b.example:8884", "pi-c"}, no_reload)
          .succeeded());
  std::filesystem::path ansible = deploy_dir() / "ansible";
  for (const char* id : {"pi-a", "pi-c"}) {
    std::filesystem::path out = broker.dir() / (std::string(id) + ".toml");
    CommandResult rendered = run_command(
        {ansible_bin, "localhost", "-c", "local", "-i", "localhost,", "-m",
         "ansible.builtin.template", "-a",
         "src=" + (ansible / "templates" / "agent.toml.j2").string() + " dest=" + out.string(),
         "-e", "@" + (ansible / "group_vars" / "all.yml").string(), "-e",
         "sensor_agent_bundles=" + (broker.dir() / "bundles").string(), "-e",
         std::string("device_id=") + id, "-e", "broker_url=mqtts://b.example:8883"},
        broker.dir(), std::chrono::seconds(90),
        {{"ANSIBLE_LOCAL_TEMP", (broker.dir() / "ansible-tmp").string()},
         {"ANSIBLE_HOME", (broker.dir() / "ansible-home").string()}});
    ASSERT_TRUE(rendered.succeeded()) << rendered.describe();
    std::string config = read_file(out);
    EXPECT_NE(config.find(std::string("id = \"") + id + "\""), std::string::npos) << config;
    // The rendered file names /etc/sensor-agent; point it at the bundle to check it here.
    for (size_t at = config.find("/etc/sensor-agent/"); at != std::string::npos;
         at = config.find("/etc/sensor-agent/", at)) {
      config.replace(at, 18, (broker.bundle(id) / "").string());
    }
    config.replace(config.find("/var/lib/sensor-agent"), 21, (broker.dir() / "state").string());
    write_file(out, config);
    CommandResult check = run_agent({"check", "--config", out.string()}, broker.dir());
    EXPECT_TRUE(check.succeeded()) << id << ":\n" << config << check.describe();
  }
}

}  // namespace
}  // namespace sa::test
