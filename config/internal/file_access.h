#pragma once

#include <string>

namespace sa::config_detail {

// Empty when `path` names a regular file this process can open for reading, else why not
// ("No such file or directory", "is a directory").
std::string readable_file_problem(const std::string& path);

// Reads a whole file; on failure returns false and sets `problem` as above.
bool read_whole_file(const std::string& path, std::string& text, std::string& problem);

}  // namespace sa::config_detail
