#include "store/postgres_store.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <tuple>

#include "store/sql_schema.h"

namespace sa::collector {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS readings (
  device TEXT NOT NULL,
  sensor TEXT NOT NULL,
  channel TEXT NOT NULL,
  ts TIMESTAMPTZ NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  boot TEXT NOT NULL,
  seq BIGINT NOT NULL,
  replay BOOLEAN NOT NULL DEFAULT FALSE,
  received_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (device, sensor, channel, boot, seq)
);
CREATE INDEX IF NOT EXISTS readings_by_time ON readings (device, sensor, channel, ts);
CREATE TABLE IF NOT EXISTS channel_stats (
  device TEXT NOT NULL,
  sensor TEXT NOT NULL,
  channel TEXT NOT NULL,
  repeats BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (device, sensor, channel)
);
)sql";

// PostgreSQL has no CREATE VIEW IF NOT EXISTS; OR REPLACE does the same here.
std::string gaps_view() {
  std::string sql = kGapsView;
  sql.replace(sql.find("CREATE VIEW IF NOT EXISTS"), 25, "CREATE OR REPLACE VIEW");
  return sql;
}

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;
using ChannelKey = std::tuple<std::string, std::string, std::string>;

// Rows per INSERT statement: PostgreSQL takes at most 65535 parameters, 10 per row.
constexpr size_t kRowsPerInsert = 1000;

}  // namespace

PostgresStore::~PostgresStore() {
  PQfinish(conn_);
}

Status PostgresStore::failure(const std::string& what) {
  return Status::error("PostgreSQL: " + what + ": " +
                       (conn_ != nullptr ? PQerrorMessage(conn_) : "no connection"));
}

Status PostgresStore::exec(const std::string& sql) {
  Result result(PQexec(conn_, sql.c_str()), &PQclear);
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return failure(sql.substr(0, 40));
  }
  return Status::ok();
}

Status PostgresStore::ensure_connected() {
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) {
    return Status::ok();
  }
  if (conn_ != nullptr) {
    PQreset(conn_);
  } else {
    conn_ = PQconnectdb(url_.c_str());
  }
  if (PQstatus(conn_) != CONNECTION_OK) {
    return failure("cannot connect");
  }
  // NOTICEs ("relation already exists, skipping") would go to stderr, that is the journal.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  return Status::ok();
}

Status PostgresStore::open() {
  if (Status status = ensure_connected(); !status) {
    return status;
  }
  // Two collectors starting together may both create the schema: serialise them.
  for (const std::string& sql :
       {std::string("BEGIN"), std::string("SELECT pg_advisory_xact_lock(7460221)"),
        std::string(kSchema), gaps_view(), std::string("COMMIT")}) {
    if (Status status = exec(sql); !status) {
      exec("ROLLBACK");
      return status;
    }
  }
  return Status::ok();
}

Status PostgresStore::write_batch(const std::vector<StoredReading>& readings,
                                  const std::string& received_at, BatchOutcome& outcome) {
  outcome = {};
  if (Status status = ensure_connected(); !status) {
    return status;
  }
  if (Status status = exec("BEGIN"); !status) {
    return status;
  }
  std::map<ChannelKey, int64_t> repeats;
  for (size_t first = 0; first < readings.size(); first += kRowsPerInsert) {
    const size_t count = std::min(kRowsPerInsert, readings.size() - first);
    std::string sql =
        "INSERT INTO readings (device, sensor, channel, ts, value, unit, boot, seq, replay, "
        "received_at) VALUES ";
    std::vector<std::string> texts;
    texts.reserve(count * 10);
    for (size_t i = 0; i < count; ++i) {
      const StoredReading& r = readings[first + i];
      const size_t base = i * 10;
      sql += i == 0 ? "(" : ",(";
      for (size_t column = 1; column <= 10; ++column) {
        sql += "$" + std::to_string(base + column) + (column < 10 ? "," : ")");
      }
      char value[32];
      std::snprintf(value, sizeof value, "%.17g", r.value);
      texts.insert(texts.end(), {r.device, r.sensor, r.channel, r.ts, value, r.unit, r.boot,
                                 std::to_string(r.seq), r.replay ? "t" : "f", received_at});
    }
    // RETURNING names the rows stored; the others were repeats.
    sql += " ON CONFLICT DO NOTHING RETURNING device, sensor, channel, boot, seq";
    std::vector<const char*> params;
    params.reserve(texts.size());
    for (const std::string& text : texts) {
      params.push_back(text.c_str());
    }
    Result result(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                               params.data(), nullptr, nullptr, 0),
                  &PQclear);
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
      Status status = failure("insert");
      exec("ROLLBACK");
      return status;
    }
    std::map<std::tuple<std::string, std::string, std::string, std::string, int64_t>, int> fresh;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
      ++fresh[{PQgetvalue(result.get(), row, 0), PQgetvalue(result.get(), row, 1),
               PQgetvalue(result.get(), row, 2), PQgetvalue(result.get(), row, 3),
               std::stoll(PQgetvalue(result.get(), row, 4))}];
    }
    outcome.stored += static_cast<uint64_t>(PQntuples(result.get()));
    for (size_t i = 0; i < count; ++i) {
      const StoredReading& r = readings[first + i];
      auto it = fresh.find({r.device, r.sensor, r.channel, r.boot, r.seq});
      if (it != fresh.end() && it->second > 0) {
        --it->second;  // the first copy in this batch is the one stored
        continue;
      }
      ++repeats[{r.device, r.sensor, r.channel}];
      ++outcome.repeats;
    }
  }
  for (const auto& [key, count] : repeats) {
    const std::string text = std::to_string(count);
    const char* params[] = {std::get<0>(key).c_str(), std::get<1>(key).c_str(),
                            std::get<2>(key).c_str(), text.c_str()};
    Result result(PQexecParams(conn_,
                               "INSERT INTO channel_stats (device, sensor, channel, repeats) "
                               "VALUES ($1, $2, $3, $4) ON CONFLICT (device, sensor, channel) "
                               "DO UPDATE SET repeats = channel_stats.repeats + excluded.repeats",
                               4, nullptr, params, nullptr, nullptr, 0),
                  &PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      Status status = failure("count repeats");
      exec("ROLLBACK");
      return status;
    }
  }
  if (Status status = exec("COMMIT"); !status) {
    outcome = {};
    return status;
  }
  return Status::ok();
}

Status PostgresStore::report(std::vector<ChannelReport>& out) {
  out.clear();
  if (Status status = ensure_connected(); !status) {
    return status;
  }
  std::map<ChannelKey, ChannelReport> channels;
  const std::string time_format = "YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"";
  const std::string queries[] = {
      std::string("SELECT device, sensor, channel, COUNT(*), to_char(MAX(received_at) AT TIME "
                  "ZONE 'UTC', '") +
          time_format + "') FROM readings GROUP BY device, sensor, channel",
      "SELECT device, sensor, channel, repeats FROM channel_stats",
      std::string("SELECT device, sensor, channel, boot, first_missing, last_missing, "
                  "to_char(open_since AT TIME ZONE 'UTC', '") +
          time_format + "') FROM gaps ORDER BY device, sensor, channel, boot, first_missing"};
  for (int q = 0; q < 3; ++q) {
    Result result(PQexec(conn_, queries[q].c_str()), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
      return failure("report");
    }
    for (int row = 0; row < PQntuples(result.get()); ++row) {
      auto value = [&](int column) { return std::string(PQgetvalue(result.get(), row, column)); };
      ChannelReport& report = channels[{value(0), value(1), value(2)}];
      report.device = value(0);
      report.sensor = value(1);
      report.channel = value(2);
      if (q == 0) {
        report.stored = std::stoull(value(3));
        report.last_seen = value(4);
      } else if (q == 1) {
        report.repeats = std::stoull(value(3));
      } else {
        report.gaps.push_back(Gap{value(3), std::stoll(value(4)), std::stoll(value(5)), value(6)});
      }
    }
  }
  for (auto& [key, report] : channels) {
    out.push_back(std::move(report));
  }
  return Status::ok();
}

Status PostgresStore::count_gaps(uint64_t& gaps) {
  if (Status status = ensure_connected(); !status) {
    return status;
  }
  Result result(PQexec(conn_, "SELECT COUNT(*) FROM gaps"), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    return failure("count gaps");
  }
  gaps = std::stoull(PQgetvalue(result.get(), 0, 0));
  return Status::ok();
}

Status PostgresStore::delete_before(const std::string& cutoff, uint64_t& deleted) {
  if (Status status = ensure_connected(); !status) {
    return status;
  }
  const char* params[] = {cutoff.c_str()};
  Result result(PQexecParams(conn_, "DELETE FROM readings WHERE ts < $1", 1, nullptr, params,
                             nullptr, nullptr, 0),
                &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return failure("retention");
  }
  deleted = std::stoull(PQcmdTuples(result.get()));
  return Status::ok();
}

}  // namespace sa::collector
