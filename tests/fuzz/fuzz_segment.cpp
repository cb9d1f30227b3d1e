// Any bytes as a queue segment: the scanner, the reader's resync and a whole queue recovery must
// never crash, hang or hand out a record twice or out of id order, and what they hand out must be
// records that check.
#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_dir.h"
#include "queue/durable_queue.h"
#include "queue/record_format.h"
#include "queue/segment_scan.h"

// Recovery logs every damaged input; at thousands of inputs a second that is only noise.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sa::fuzz::clear_scratch_dir();
  const std::string dir = sa::fuzz::scratch_dir();
  // The name must match the header's first id for recovery to use it; header id 1 is the
  // common case, and the fuzzer can still write any header.
  const std::string path = dir + "/00000000000000000001.seg";
  sa::fuzz::write_file(path, data, size);

  const sa::queue::SegmentScan scan = sa::queue::scan_segment(path);
  if (scan.kind == sa::queue::SegmentScan::Kind::ok) {
    if (scan.valid_bytes > scan.file_bytes || scan.lost_records() > scan.records ||
        scan.skipped_bytes > scan.file_bytes) {
      std::abort();
    }
  }

  sa::QueueConfig config;
  config.dir = dir;
  config.max_bytes = 64u << 20;
  config.sync = sa::SyncPolicy::none;
  auto opened = sa::DurableQueue::open(config);
  if (!opened.queue) {
    return 0;
  }
  uint64_t last_id = 0;
  for (;;) {
    auto batch = opened.queue->take_unsent(64);
    if (batch.empty()) {
      break;
    }
    for (const auto& message : batch) {
      if (message.id <= last_id) {
        std::abort();  // twice, or out of order
      }
      last_id = message.id;
      opened.queue->acknowledge(message.id);
    }
  }
  if (scan.kind == sa::queue::SegmentScan::Kind::ok && last_id > scan.last_id() &&
      scan.records > 0) {
    std::abort();  // an id the scan never saw
  }
  return 0;
}
