#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/temp_dir.h"

namespace sa::test {

// A private PostgreSQL cluster: initdb in a temporary directory, the server listening only on a
// Unix socket in that directory on a free port number, trust authentication. PostgreSQL refuses
// to run as root, so under root the server runs as `nobody`. Stopped when the owner goes away.
class PostgresServer {
 public:
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Empty when PostgreSQL's server programs are installed, else why the test must skip.
  static std::string unavailable_reason();

  ::testing::AssertionResult start();
  void stop();
  // postgresql://postgres@/postgres?host=DIR&port=PORT
  std::string url() const;

 private:
  std::vector<std::string> as_server_user(std::vector<std::string> argv) const;

  TempDir dir_{"sa-postgres"};
  TempDir scratch_{"sa-postgres-commands"};
  std::filesystem::path bin_;
  int port_ = 0;
  bool running_ = false;
};

}  // namespace sa::test
