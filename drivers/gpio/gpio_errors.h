#pragma once

#include <string>

namespace sa {

// Words for errno values of GPIO requests, shared by every libgpiod adapter.
std::string describe_gpio_errno(int error, const std::string& what);
// True when `line` names an offset ("17") rather than a line name ("GPIO17").
bool is_line_offset(const std::string& line, unsigned& offset);
// "gpiochip0" → "/dev/gpiochip0"; paths are kept.
std::string gpio_chip_path(const std::string& chip);

}  // namespace sa
