#pragma once

#include <string>

namespace sa::fuzz {

// A directory of this process in /dev/shm (or $TMPDIR), emptied before each use and removed at
// exit: the queue's scanners read files, and a RAM-backed directory keeps runs fast.
const std::string& scratch_dir();
void clear_scratch_dir();
void write_file(const std::string& path, const unsigned char* data, size_t size);

}  // namespace sa::fuzz
