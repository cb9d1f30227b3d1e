#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa::config_detail {

// The candidate a typo most likely meant, or empty when none is close enough.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or empty.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c"
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");
// "a, b or c"
std::string one_of(const std::vector<std::string>& items);

}  // namespace sa::config_detail
