#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sa::log {

// The thread's fields with nested duplicates resolved: the innermost scope wins, and the order of
// first appearance is kept.
std::vector<std::pair<std::string, std::string>> effective_fields();

}  // namespace sa::log
