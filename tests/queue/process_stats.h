#pragma once

#include <cstdint>

namespace sa::test {

// Resident set size of this process, from /proc/self/status (VmRSS), in bytes.
uint64_t resident_bytes();
// Bytes this process caused to be sent to storage, from /proc/self/io (write_bytes).
uint64_t storage_write_bytes();

}  // namespace sa::test
