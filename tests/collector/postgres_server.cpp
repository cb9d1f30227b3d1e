#include "postgres_server.h"

#include <glob.h>
#include <unistd.h>

#include "support/mosquitto_broker.h"
#include "support/subprocess.h"

namespace sa::test {

namespace {

std::filesystem::path find_bin() {
  glob_t found{};
  std::filesystem::path bin;
  if (glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &found) == 0 && found.gl_pathc > 0) {
    bin = std::filesystem::path(found.gl_pathv[found.gl_pathc - 1]).parent_path();
  }
  globfree(&found);
  return bin;
}

}  // namespace

std::string PostgresServer::unavailable_reason() {
  return find_bin().empty() ? "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)"
                            : "";
}

PostgresServer::PostgresServer() : bin_(find_bin()) {}

PostgresServer::~PostgresServer() {
  stop();
}

std::vector<std::string> PostgresServer::as_server_user(std::vector<std::string> argv) const {
  if (geteuid() != 0) {
    return argv;
  }
  std::vector<std::string> wrapped = {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                                      "--clear-groups", "--"};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

::testing::AssertionResult PostgresServer::start() {
  const std::filesystem::path data = dir_ / "data";
  if (geteuid() == 0) {
    // The server user must reach its directory.
    std::filesystem::permissions(dir_.path(), std::filesystem::perms::all);
    if (chown(dir_.path().c_str(), 65534, 65534) != 0) {
      return ::testing::AssertionFailure() << "cannot hand " << dir_.path() << " to nobody";
    }
  }
  CommandResult init =
      run_command(as_server_user({(bin_ / "initdb").string(), "-D", data.string(), "-U", "postgres",
                                  "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"}),
                  scratch_.path(), std::chrono::seconds(60));
  if (!init.succeeded()) {
    return ::testing::AssertionFailure() << "initdb: " << init.describe();
  }
  port_ = free_loopback_port();
  CommandResult start =
      run_command(as_server_user({(bin_ / "pg_ctl").string(), "-D", data.string(), "-l",
                                  (dir_ / "server.log").string(), "-w", "-o",
                                  "-k " + dir_.path().string() + " -p " + std::to_string(port_) +
                                      " -c listen_addresses= -c fsync=off",
                                  "start"}),
                  scratch_.path(), std::chrono::seconds(60));
  if (!start.succeeded()) {
    return ::testing::AssertionFailure()
           << "pg_ctl start: " << start.describe() << read_file(dir_ / "server.log");
  }
  running_ = true;
  return ::testing::AssertionSuccess();
}

void PostgresServer::stop() {
  if (!running_) {
    return;
  }
  run_command(as_server_user({(bin_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m",
                              "immediate", "-w", "stop"}),
              scratch_.path(), std::chrono::seconds(60));
  running_ = false;
}

std::string PostgresServer::url() const {
  return "postgresql://postgres@/postgres?host=" + dir_.path().string() +
         "&port=" + std::to_string(port_);
}

}  // namespace sa::test
