#pragma once

#include <libpq-fe.h>

#include <string>

#include "store/store.h"

namespace sa::collector {

// PostgreSQL through libpq: one multi-row INSERT ... ON CONFLICT DO NOTHING per batch, inside a
// transaction. Several collectors may write to one database: the unique key keeps each reading
// once, whichever collector got it.
class PostgresStore : public Store {
 public:
  explicit PostgresStore(std::string url) : url_(std::move(url)) {}
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;
  PostgresStore(PostgresStore&&) = delete;
  PostgresStore& operator=(PostgresStore&&) = delete;

  Status open() override;
  Status write_batch(const std::vector<StoredReading>& readings, const std::string& received_at,
                     BatchOutcome& outcome) override;
  Status report(std::vector<ChannelReport>& out) override;
  Status count_gaps(uint64_t& gaps) override;
  Status delete_before(const std::string& cutoff, uint64_t& deleted) override;

 private:
  // Reconnects when the connection was lost (PostgreSQL restarted); the batch is then retried.
  Status ensure_connected();
  Status exec(const std::string& sql);
  Status failure(const std::string& what);

  std::string url_;
  PGconn* conn_ = nullptr;
};

}  // namespace sa::collector
