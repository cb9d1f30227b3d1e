#include "store/sqlite_store.h"

#include <map>
#include <tuple>

#include "store/sql_schema.h"

namespace sa::collector {

namespace {

constexpr int kBusyTimeoutMs = 2000;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS readings (
  device TEXT NOT NULL,
  sensor TEXT NOT NULL,
  channel TEXT NOT NULL,
  ts TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  boot TEXT NOT NULL,
  seq INTEGER NOT NULL,
  replay INTEGER NOT NULL DEFAULT 0,
  received_at TEXT NOT NULL,
  PRIMARY KEY (device, sensor, channel, boot, seq)
);
CREATE INDEX IF NOT EXISTS readings_by_time ON readings (device, sensor, channel, ts);
CREATE TABLE IF NOT EXISTS channel_stats (
  device TEXT NOT NULL,
  sensor TEXT NOT NULL,
  channel TEXT NOT NULL,
  repeats INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (device, sensor, channel)
);
)sql";

constexpr const char* kInsert =
    "INSERT OR IGNORE INTO readings (device, sensor, channel, ts, value, unit, boot, seq, replay, "
    "received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kCountRepeat =
    "INSERT INTO channel_stats (device, sensor, channel, repeats) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (device, sensor, channel) DO UPDATE SET repeats = repeats + excluded.repeats";

void bind_text(sqlite3_stmt* statement, int index, const std::string& text) {
  sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

std::string column_text(sqlite3_stmt* statement, int index) {
  const unsigned char* text = sqlite3_column_text(statement, index);
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
}

using ChannelKey = std::tuple<std::string, std::string, std::string>;

}  // namespace

SqliteStore::~SqliteStore() {
  sqlite3_finalize(insert_);
  sqlite3_finalize(count_repeat_);
  sqlite3_close(db_);
}

Status SqliteStore::failure(const std::string& what) const {
  return Status::error("SQLite " + path_ + ": " + what + ": " + sqlite3_errmsg(db_));
}

Status SqliteStore::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string reason = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return Status::error("SQLite " + path_ + ": " + reason);
  }
  return Status::ok();
}

Status SqliteStore::open() {
  if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    return failure("cannot open");
  }
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  // WAL: readers (Grafana, `report`) never block the writer; FULL: a commit survives power loss.
  for (const char* sql :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", kSchema, kGapsView}) {
    if (Status status = exec(sql); !status) {
      return status;
    }
  }
  if (sqlite3_prepare_v2(db_, kInsert, -1, &insert_, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db_, kCountRepeat, -1, &count_repeat_, nullptr) != SQLITE_OK) {
    return failure("cannot prepare statements");
  }
  return Status::ok();
}

Status SqliteStore::write_batch(const std::vector<StoredReading>& readings,
                                const std::string& received_at, BatchOutcome& outcome) {
  outcome = {};
  if (Status status = exec("BEGIN IMMEDIATE"); !status) {
    return status;
  }
  std::map<ChannelKey, int64_t> repeats;
  for (const StoredReading& reading : readings) {
    sqlite3_reset(insert_);
    bind_text(insert_, 1, reading.device);
    bind_text(insert_, 2, reading.sensor);
    bind_text(insert_, 3, reading.channel);
    bind_text(insert_, 4, reading.ts);
    sqlite3_bind_double(insert_, 5, reading.value);
    bind_text(insert_, 6, reading.unit);
    bind_text(insert_, 7, reading.boot);
    sqlite3_bind_int64(insert_, 8, reading.seq);
    sqlite3_bind_int(insert_, 9, reading.replay ? 1 : 0);
    bind_text(insert_, 10, received_at);
    if (sqlite3_step(insert_) != SQLITE_DONE) {
      Status status = failure("insert");
      exec("ROLLBACK");
      return status;
    }
    if (sqlite3_changes(db_) == 0) {
      ++repeats[{reading.device, reading.sensor, reading.channel}];
      ++outcome.repeats;
    } else {
      ++outcome.stored;
    }
  }
  for (const auto& [key, count] : repeats) {
    sqlite3_reset(count_repeat_);
    bind_text(count_repeat_, 1, std::get<0>(key));
    bind_text(count_repeat_, 2, std::get<1>(key));
    bind_text(count_repeat_, 3, std::get<2>(key));
    sqlite3_bind_int64(count_repeat_, 4, count);
    if (sqlite3_step(count_repeat_) != SQLITE_DONE) {
      Status status = failure("count repeats");
      exec("ROLLBACK");
      return status;
    }
  }
  if (Status status = exec("COMMIT"); !status) {
    exec("ROLLBACK");
    outcome = {};
    return status;
  }
  return Status::ok();
}

Status SqliteStore::report(std::vector<ChannelReport>& out) {
  out.clear();
  std::map<ChannelKey, ChannelReport> channels;
  auto entry = [&](sqlite3_stmt* statement) -> ChannelReport& {
    ChannelKey key{column_text(statement, 0), column_text(statement, 1), column_text(statement, 2)};
    ChannelReport& report = channels[key];
    report.device = std::get<0>(key);
    report.sensor = std::get<1>(key);
    report.channel = std::get<2>(key);
    return report;
  };
  struct Query {
    const char* sql;
    void (*take)(sqlite3_stmt*, ChannelReport&);
  };
  const Query queries[] = {
      {"SELECT device, sensor, channel, COUNT(*), MAX(received_at) FROM readings "
       "GROUP BY device, sensor, channel",
       [](sqlite3_stmt* s, ChannelReport& r) {
         r.stored = static_cast<uint64_t>(sqlite3_column_int64(s, 3));
         r.last_seen = column_text(s, 4);
       }},
      {"SELECT device, sensor, channel, repeats FROM channel_stats",
       [](sqlite3_stmt* s, ChannelReport& r) {
         r.repeats = static_cast<uint64_t>(sqlite3_column_int64(s, 3));
       }},
      {"SELECT device, sensor, channel, boot, first_missing, last_missing, open_since FROM gaps "
       "ORDER BY device, sensor, channel, boot, first_missing",
       [](sqlite3_stmt* s, ChannelReport& r) {
         r.gaps.push_back(Gap{column_text(s, 3), sqlite3_column_int64(s, 4),
                              sqlite3_column_int64(s, 5), column_text(s, 6)});
       }},
  };
  for (const Query& query : queries) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, query.sql, -1, &statement, nullptr) != SQLITE_OK) {
      return failure("report");
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
      query.take(statement, entry(statement));
    }
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE) {
      return failure("report");
    }
  }
  for (auto& [key, report] : channels) {
    out.push_back(std::move(report));
  }
  return Status::ok();
}

Status SqliteStore::count_gaps(uint64_t& gaps) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT COUNT(*) FROM gaps", -1, &statement, nullptr) != SQLITE_OK) {
    return failure("count gaps");
  }
  int rc = sqlite3_step(statement);
  gaps = rc == SQLITE_ROW ? static_cast<uint64_t>(sqlite3_column_int64(statement, 0)) : 0;
  sqlite3_finalize(statement);
  return rc == SQLITE_ROW ? Status::ok() : failure("count gaps");
}

Status SqliteStore::delete_before(const std::string& cutoff, uint64_t& deleted) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db_, "DELETE FROM readings WHERE ts < ?1", -1, &statement, nullptr) !=
      SQLITE_OK) {
    return failure("retention");
  }
  bind_text(statement, 1, cutoff);
  int rc = sqlite3_step(statement);
  deleted = static_cast<uint64_t>(sqlite3_changes(db_));
  sqlite3_finalize(statement);
  return rc == SQLITE_DONE ? Status::ok() : failure("retention");
}

}  // namespace sa::collector
