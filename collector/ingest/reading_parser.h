#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/stored_reading.h"

namespace sa::collector {

// The largest message taken: a packed replay stays under 120,000 bytes, so anything much larger
// is not from an agent.
constexpr size_t kMaxPayloadBytes = size_t{256} * 1024;

enum class PayloadKind {
  readings,     // one reading (an object) or a packed replay (an array of readings)
  not_reading,  // the agent's status, health and probe topics: not counted as bad
  bad,          // anything else: counted, logged and skipped
};

struct ParsedPayload {
  PayloadKind kind = PayloadKind::bad;
  std::vector<StoredReading> readings;
  std::string problem;  // why it is bad
};

// The agent's other topics under its prefix: {prefix}/status, {prefix}/{sensor}/status,
// {prefix}/health, {prefix}/probe.
bool is_agent_service_topic(std::string_view topic);

// Parses reading-v1 (agent/schema/reading-v1.schema.json), alone or as a packed replay array.
// A message is taken whole or not at all: one bad element makes the whole message bad.
ParsedPayload parse_payload(std::string_view topic, std::string_view payload);

}  // namespace sa::collector
