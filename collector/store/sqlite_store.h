#pragma once

#include <sqlite3.h>

#include <string>

#include "store/store.h"

namespace sa::collector {

// One SQLite file in WAL mode with synchronous=FULL: a commit that returned is on the disk.
class SqliteStore : public Store {
 public:
  explicit SqliteStore(std::string path) : path_(std::move(path)) {}
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  SqliteStore(SqliteStore&&) = delete;
  SqliteStore& operator=(SqliteStore&&) = delete;

  Status open() override;
  Status write_batch(const std::vector<StoredReading>& readings, const std::string& received_at,
                     BatchOutcome& outcome) override;
  Status report(std::vector<ChannelReport>& out) override;
  Status count_gaps(uint64_t& gaps) override;
  Status delete_before(const std::string& cutoff, uint64_t& deleted) override;

 private:
  Status exec(const char* sql);
  Status failure(const std::string& what) const;

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* count_repeat_ = nullptr;
};

}  // namespace sa::collector
