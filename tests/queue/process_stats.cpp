#include "process_stats.h"

#include <fstream>
#include <string>

namespace sa::test {
namespace {

uint64_t field(const char* path, const std::string& key, uint64_t scale) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size(), key) == 0) {
      return std::stoull(line.substr(key.size())) * scale;
    }
  }
  return 0;
}

}  // namespace

uint64_t resident_bytes() {
  return field("/proc/self/status", "VmRSS:", 1024);
}

uint64_t storage_write_bytes() {
  return field("/proc/self/io", "write_bytes:", 1);
}

}  // namespace sa::test
