#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sa::log {

// " key=value key2=\"with space\"": field names in lower case, values quoted when they contain a
// space, a quote or '=' so that the line stays machine-splittable.
std::string format_fields(const std::vector<std::pair<std::string, std::string>>& fields);

// The compact stderr layout: time, level, message, then the thread's FieldScope fields.
std::unique_ptr<spdlog::formatter> make_stderr_formatter();

}  // namespace sa::log
