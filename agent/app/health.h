#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "queue/message_buffer.h"
#include "sampling/sensor_status.h"

namespace sa {

// Everything {topic_prefix}/health reports, gathered from the publisher and the sampler.
struct HealthInputs {
  std::string device;
  std::string boot_id;
  std::string version;
  std::chrono::milliseconds uptime{0};
  int64_t now_unix_ms = 0;
  uint64_t sampled = 0;
  uint64_t published = 0;
  uint64_t dropped = 0;
  BufferStats buffer;
  uint64_t reconnects = 0;
  bool connected = false;
  bool clock_synchronized = false;
  std::vector<SensorStatus> sensors;
};

// One JSON object; the buffer's oldest age is computed against now_unix_ms.
std::string health_json(const HealthInputs& inputs);

}  // namespace sa
