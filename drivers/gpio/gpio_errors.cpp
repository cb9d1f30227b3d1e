#include "gpio_errors.h"

#include <cerrno>
#include <cstring>

namespace sa {

std::string describe_gpio_errno(int error, const std::string& what) {
  switch (error) {
    case ENOENT:
      return what + ": not found (no such GPIO chip or line name on this board)";
    case EBUSY:
      return what + ": line is in use by another program or driver";
    case EACCES:
    case EPERM:
      return what + ": permission denied (the service user needs the gpio group)";
    case EINVAL:
      return what + ": the kernel refused the request (bias or edge detection unsupported?)";
    default:
      return what + ": " + std::strerror(error);
  }
}

bool is_line_offset(const std::string& line, unsigned& offset) {
  if (line.empty() || line.size() > 6) {
    return false;
  }
  unsigned value = 0;
  for (char c : line) {
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  offset = value;
  return true;
}

std::string gpio_chip_path(const std::string& chip) {
  if (chip.empty()) {
    return "/dev/gpiochip0";
  }
  return chip.front() == '/' ? chip : "/dev/" + chip;
}

}  // namespace sa
