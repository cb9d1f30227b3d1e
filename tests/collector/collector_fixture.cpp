#include "collector_fixture.h"

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

namespace sa::test {

BrokerOptions collector_broker_options() {
  BrokerOptions options;
  options.persistence = true;
  options.extra_config = "max_queued_messages 1000000\n";
  return options;
}

std::string collector_toml(const MosquittoBroker& broker, const CollectorSetup& setup) {
  std::string toml =
      "[broker]\nurl = " + toml_string(broker.url()) +
      "\nclient = \"mosquitto\"\nreconnect_min = \"200ms\"\nreconnect_max = \"1s\"\n";
  if (!setup.client_id.empty()) {
    toml += "client_id = " + toml_string(setup.client_id) + "\n";
  }
  toml += "\n[database]\nurl = " + toml_string(setup.database_url) +
          "\n\n[collector]\nname = " + toml_string(setup.name) +
          "\nbatch_size = " + setup.batch_size + "\nbatch_time = " + toml_string(setup.batch_time) +
          "\nhealth_interval = " + toml_string(setup.health_interval) + "\nlog_level = \"debug\"\n";
  if (!setup.shared_group.empty()) {
    toml += "shared_group = " + toml_string(setup.shared_group) + "\n";
  }
  return toml;
}

CollectorProcess::~CollectorProcess() {
  if (process_.running()) {
    process_.send_signal(SIGTERM);
    if (!process_.wait(std::chrono::seconds(15))) {
      process_.kill_and_reap();
    }
  }
}

::testing::AssertionResult CollectorProcess::start(const std::string& label) {
  label_ = label;
  SpawnOptions options;
  options.stdout_path = dir_ / (label + ".stdout");
  options.stderr_path = dir_ / (label + ".stderr");
  std::string error;
  if (!process_.spawn({SA_COLLECTOR_PATH, "run", "--config", config_.string()}, options, error)) {
    return ::testing::AssertionFailure() << error;
  }
  return wait_for_log("connected to", std::chrono::seconds(10));
}

::testing::AssertionResult CollectorProcess::stop() {
  process_.send_signal(SIGTERM);
  std::optional<ExitStatus> status = process_.wait(std::chrono::seconds(15));
  if (!status) {
    return ::testing::AssertionFailure() << "collector did not stop in 15 s";
  }
  if (!status->exited || status->code != 0) {
    return ::testing::AssertionFailure() << "collector " << status->describe() << "\n" << err();
  }
  return ::testing::AssertionSuccess();
}

std::string CollectorProcess::err() const {
  return read_file(dir_ / (label_ + ".stderr"));
}

::testing::AssertionResult CollectorProcess::wait_for_log(const std::string& text,
                                                          std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (contains_nocase(err(), text)) {
      return ::testing::AssertionSuccess();
    }
    if (!process_.running()) {
      return ::testing::AssertionFailure() << "collector ended before logging '" << text << "':\n"
                                           << err();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return ::testing::AssertionFailure() << "no '" << text << "' in the collector log:\n" << err();
}

CommandResult run_collector(const std::vector<std::string>& args,
                            const std::filesystem::path& dir) {
  std::vector<std::string> argv = {SA_COLLECTOR_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, dir);
}

::testing::AssertionResult read_sqlite(const std::filesystem::path& db, StoredSeqs& out) {
  out = {};
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    return ::testing::AssertionFailure() << "cannot open " << db;
  }
  sqlite3_busy_timeout(handle, 2000);
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(handle, "SELECT device, boot, seq FROM readings ORDER BY seq", -1,
                              &statement, nullptr);
  while (rc == SQLITE_OK && (rc = sqlite3_step(statement)) == SQLITE_ROW) {
    std::string device = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    std::string boot = reinterpret_cast<const char*>(sqlite3_column_text(statement, 1));
    out.by_device_boot[device][boot].push_back(sqlite3_column_int64(statement, 2));
    ++out.rows;
    rc = SQLITE_OK;
  }
  std::string message = sqlite3_errmsg(handle);
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  if (rc != SQLITE_DONE) {
    return ::testing::AssertionFailure() << "reading " << db << ": " << message;
  }
  return ::testing::AssertionSuccess();
}

uint64_t next_seq(const std::filesystem::path& state_dir, const std::string& topic) {
  nlohmann::json doc = nlohmann::json::parse(read_file(state_dir / "seq.json"), nullptr, false);
  if (doc.is_discarded() || !doc.contains("next") || !doc["next"].contains(topic)) {
    return 0;
  }
  return doc["next"][topic].get<uint64_t>();
}

::testing::AssertionResult wait_for_rows(const std::filesystem::path& db,
                                         const std::function<bool(const StoredSeqs&)>& done,
                                         std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  StoredSeqs seqs;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(db) && read_sqlite(db, seqs) && done(seqs)) {
      return ::testing::AssertionSuccess();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return ::testing::AssertionFailure()
         << "database has " << seqs.rows << " rows; condition not met";
}

}  // namespace sa::test
