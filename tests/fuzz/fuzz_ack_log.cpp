// Any bytes as the acknowledgement log: opening it must never crash, and what it reads back must
// be well-formed ranges; a log it keeps must open again to the same ranges.
#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_dir.h"
#include "queue/ack_log.h"
#include "queue/id_range_set.h"

// Recovery logs every damaged input; at thousands of inputs a second that is only noise.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sa::fuzz::clear_scratch_dir();
  const std::string dir = sa::fuzz::scratch_dir();
  sa::fuzz::write_file(dir + "/" + sa::queue::AckLog::kFileName, data, size);

  sa::queue::IdRangeSet acked;
  std::vector<sa::queue::IdRangeSet::Range> first;
  {
    sa::queue::AckLog log;
    if (!log.open(dir, acked)) {
      return 0;
    }
    first = acked.ranges();
    for (const auto& [lo, hi] : first) {
      if (lo > hi) {
        std::abort();
      }
    }
  }
  sa::queue::IdRangeSet again;
  sa::queue::AckLog log;
  if (!log.open(dir, again) || again.ranges() != first) {
    std::abort();  // recovery is not idempotent
  }
  return 0;
}
