#pragma once

namespace sa::collector {

// The gaps view, the same text for SQLite and PostgreSQL: a run of missing seq values between
// two stored readings of one (device, sensor, channel, boot). A replay that fills it closes it.
inline constexpr const char* kGapsView = R"sql(
CREATE VIEW IF NOT EXISTS gaps AS
SELECT device, sensor, channel, boot, prev_seq + 1 AS first_missing, seq - 1 AS last_missing,
       received_at AS open_since
FROM (SELECT device, sensor, channel, boot, seq, received_at,
             LAG(seq) OVER (PARTITION BY device, sensor, channel, boot ORDER BY seq) AS prev_seq
      FROM readings) AS ordered
WHERE seq > prev_seq + 1
)sql";

}  // namespace sa::collector
