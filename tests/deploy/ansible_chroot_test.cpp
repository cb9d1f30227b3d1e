// deploy/ansible/site.yml run for real against a clean Debian 12 root through ansible's chroot
// connection: the package is installed from the project's signed apt repository (built by
// packaging/apt-repo from the bookworm .deb, served on loopback), the config and secrets written
// with the right owner and mode, and a config the agent refuses never replaces the good one.
// Needs root, ansible (with community.general), the clean root that the packaging tests cache
// (~/.cache/sensor-agent/roots/bookworm-ARCH.tar, tests/packaging/root-lib.sh), the bookworm .deb
// (packaging/build-deb.sh --suite bookworm), reprepro, gpg and a reachable Debian mirror.
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "deploy_checks.h"
#include "deployed_broker.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

constexpr auto kPlaybookTimeout = std::chrono::minutes(15);

// The Debian architecture of this machine (amd64, arm64, ...): the chroot runs its packages.
std::string host_architecture() {
  std::string arch;
  if (FILE* pipe = ::popen("dpkg --print-architecture", "r")) {
    char line[64] = {};
    if (std::fgets(line, sizeof line, pipe) != nullptr)
      arch = line;
    ::pclose(pipe);
  }
  while (!arch.empty() && (arch.back() == '\n' || arch.back() == ' '))
    arch.pop_back();
  return arch;
}

// The bookworm .deb built for this machine, in build/deb/bookworm/ARCH/.
bool have_bookworm_deb(const std::string& arch) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(SA_SOURCE_DIR) / "build" / "deb" / "bookworm" / arch, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("sensor-agent_", 0) == 0 && name.size() > 4 &&
        name.compare(name.size() - 4, 4, ".deb") == 0)
      return true;
  }
  return false;
}

// The repository packaging/apt-repo makes from build/deb, with a signing key of its own, served
// over HTTP on a loopback port until the owner goes away.
class ServedRepository {
 public:
  ::testing::AssertionResult start(const std::filesystem::path& dir) {
    dir_ = dir / "repo";
    port_ = free_loopback_port();
    CommandResult made = run_command(
        {(std::filesystem::path(SA_SOURCE_DIR) / "packaging" / "apt-repo").string(), dir_.string(),
         "--url", url()},
        dir, std::chrono::minutes(2), {{"SA_APT_SIGNING_HOME", (dir / "signing").string()}});
    if (!made.succeeded())
      return ::testing::AssertionFailure() << made.describe();
    SpawnOptions options;
    options.working_dir = dir_;
    std::string error;
    if (!server_.spawn(
            {"/usr/bin/python3", "-m", "http.server", "--bind", "127.0.0.1", std::to_string(port_)},
            options, error))
      return ::testing::AssertionFailure() << error;
    if (!wait_for_port(port_, std::chrono::seconds(10)))
      return ::testing::AssertionFailure() << "the repository server did not listen";
    return ::testing::AssertionSuccess();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  std::filesystem::path keyring() const { return dir_ / "sensor-agent-archive-keyring.gpg"; }

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  Subprocess server_;
};

// The clean root, unpacked, with /proc and /dev for maintainer scripts; unmounted and removed at
// the end.
class ChrootRoot {
 public:
  explicit ChrootRoot(const std::filesystem::path& dir) : root_(dir / "root") {}
  ~ChrootRoot() {
    for (auto it = mounted_.rbegin(); it != mounted_.rend(); ++it) {
      umount2(it->c_str(), MNT_DETACH);
      // The temporary directory is removed next: were the host's /dev still bound here, that
      // would delete its device nodes. Stop instead, leaving the directory behind.
      if (still_mounted(*it)) {
        std::fprintf(stderr, "cannot unmount %s; not removing %s\n", it->c_str(),
                     root_.parent_path().c_str());
        std::abort();
      }
    }
  }
  ChrootRoot(const ChrootRoot&) = delete;
  ChrootRoot& operator=(const ChrootRoot&) = delete;

  ::testing::AssertionResult unpack(const std::filesystem::path& tarball) {
    std::filesystem::create_directories(root_);
    CommandResult untar = run_command({"/bin/tar", "-C", root_.string(), "-xf", tarball.string()},
                                      root_.parent_path(), std::chrono::minutes(5));
    if (!untar.succeeded()) {
      return ::testing::AssertionFailure() << untar.describe();
    }
    if (mount("proc", (root_ / "proc").c_str(), "proc", 0, nullptr) != 0) {
      return ::testing::AssertionFailure() << "mount proc failed";
    }
    mounted_.push_back(root_ / "proc");
    if (mount("/dev", (root_ / "dev").c_str(), nullptr, MS_BIND, nullptr) != 0) {
      return ::testing::AssertionFailure() << "bind /dev failed";
    }
    mounted_.push_back(root_ / "dev");
    std::filesystem::copy_file("/etc/resolv.conf", root_ / "etc" / "resolv.conf",
                               std::filesystem::copy_options::overwrite_existing);
    return ::testing::AssertionSuccess();
  }

  const std::filesystem::path& path() const { return root_; }

 private:
  // A mount point lies on another device than its parent directory.
  static bool still_mounted(const std::filesystem::path& path) {
    struct stat self {};
    struct stat parent {};
    return stat(path.c_str(), &self) == 0 && stat(path.parent_path().c_str(), &parent) == 0 &&
           self.st_dev != parent.st_dev;
  }

  std::filesystem::path root_;
  std::vector<std::filesystem::path> mounted_;
};

// The group id `name` has inside the root.
int group_id(const std::filesystem::path& root, const std::string& name) {
  std::string groups = read_file(root / "etc" / "group");
  size_t at = groups.find("\n" + name + ":");
  if (at == std::string::npos) {
    at = groups.rfind(name + ":", 0) == 0 ? 0 : std::string::npos;
  } else {
    ++at;
  }
  if (at == std::string::npos) {
    return -1;
  }
  size_t gid = groups.find(':', groups.find(':', at) + 1) + 1;
  return std::stoi(groups.substr(gid, groups.find(':', gid) - gid));
}

TEST(AnsibleChrootSlow, PlaybookInstallsConfiguresAndNeverReplacesAGoodConfigWithABadOne) {
  if (geteuid() != 0) {
    GTEST_SKIP() << "needs root (chroot, mount)";
  }
  const std::filesystem::path playbook_bin = "/usr/bin/ansible-playbook";
  if (access(playbook_bin.c_str(), X_OK) != 0) {
    GTEST_SKIP() << "ansible-playbook is not installed";
  }
  const std::string arch = host_architecture();
  const char* home = std::getenv("HOME");
  const char* roots = std::getenv("SA_ROOTS_CACHE");
  const std::filesystem::path tarball =
      (roots != nullptr ? std::filesystem::path(roots)
                        : std::filesystem::path(home != nullptr ? home : "/root") / ".cache" /
                              "sensor-agent" / "roots") /
      ("bookworm-" + arch + ".tar");
  if (!std::filesystem::exists(tarball)) {
    GTEST_SKIP() << "no " << tarball
                 << ": tests/packaging/repo-install-test.sh --suite bookworm makes it";
  }
  if (!have_bookworm_deb(arch)) {
    GTEST_SKIP() << "no bookworm .deb: packaging/build-deb.sh --suite bookworm makes it";
  }
  if (access("/usr/bin/reprepro", X_OK) != 0) {
    GTEST_SKIP() << "reprepro is not installed";
  }

  // The device's bundle, as deploy/provision writes it for the fleet.
  DeployedBroker broker;
  ASSERT_TRUE(broker.init_pki());
  CommandResult made = broker.provision({"--broker-url", "mqtts://broker.example:8883", "pi-a"},
                                        {{"SA_RELOAD", "none"}});
  ASSERT_TRUE(made.succeeded()) << made.describe();

  ServedRepository repository;
  ASSERT_TRUE(repository.start(broker.dir()));

  ChrootRoot root(broker.dir());
  ASSERT_TRUE(root.unpack(tarball));
  write_file(broker.dir() / "inventory.ini",
             "[sensor_agents]\npi-chroot ansible_host=" + root.path().string() +
                 " ansible_connection=community.general.chroot device_id=pi-a\n\n"
                 "[sensor_agents:vars]\nbroker_url=mqtts://broker.example:8883\n"
                 "sensor_agent_restart=false\n");
  auto run_playbook = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {playbook_bin.string(),
                                     "-i",
                                     (broker.dir() / "inventory.ini").string(),
                                     (deploy_dir() / "ansible" / "site.yml").string(),
                                     "-e",
                                     "sensor_agent_repo_url=" + repository.url(),
                                     "-e",
                                     "sensor_agent_repo_keyring=" + repository.keyring().string(),
                                     "-e",
                                     "sensor_agent_bundles=" + (broker.dir() / "bundles").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_command(argv, broker.dir(), kPlaybookTimeout,
                       {{"ANSIBLE_LOCAL_TEMP", (broker.dir() / "ansible-tmp").string()},
                        {"ANSIBLE_HOME", (broker.dir() / "ansible-home").string()},
                        {"ANSIBLE_HOST_KEY_CHECKING", "False"}});
  };

  CommandResult first = run_playbook({});
  ASSERT_TRUE(first.succeeded()) << first.describe();
  EXPECT_NE(first.out.find("pi-chroot: sensor-agent"), std::string::npos) << first.out;

  const std::string sources =
      read_file(root.path() / "etc" / "apt" / "sources.list.d" / "sensor-agent.sources");
  EXPECT_NE(sources.find("Suites: bookworm"), std::string::npos) << sources;
  EXPECT_NE(sources.find("URIs: " + repository.url()), std::string::npos) << sources;

  const std::filesystem::path etc = root.path() / "etc" / "sensor-agent";
  const int group = group_id(root.path(), "sensor-agent");
  ASSERT_GE(group, 0) << "the package made no sensor-agent group";
  for (const char* name : {"agent.toml", "mqtt-password", "ca.crt"}) {
    struct stat info {};
    ASSERT_EQ(stat((etc / name).c_str(), &info), 0) << name;
    EXPECT_EQ(info.st_mode & 07777, 0640u) << name;
    EXPECT_EQ(info.st_uid, 0u) << name;
    EXPECT_EQ(static_cast<int>(info.st_gid), group) << name;
  }
  const std::string good = read_file(etc / "agent.toml");
  EXPECT_NE(good.find("id = \"pi-a\""), std::string::npos) << good;
  EXPECT_EQ(read_file(etc / "mqtt-password"), read_file(broker.bundle("pi-a") / "mqtt-password"));

  // A sensor with a driver the agent does not have: check refuses it, the host fails, and the
  // config in place stays the good one.
  CommandResult bad = run_playbook(
      {"-e", R"({"sensor_agent_sensors": [{"name": "x", "driver": "no-such-driver"}]})"});
  EXPECT_FALSE(bad.succeeded()) << bad.describe();
  EXPECT_NE(bad.out.find("failed to validate"), std::string::npos) << bad.out;
  EXPECT_EQ(read_file(etc / "agent.toml"), good);
}

}  // namespace
}  // namespace sa::test
