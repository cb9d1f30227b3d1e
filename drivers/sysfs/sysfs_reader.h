#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sa::sysfs {

// A value read from an attribute, or why it could not be.
template <typename T>
struct Result {
  T value{};
  Status status = Status::ok();
  int error = 0;  // errno when the file could not be read; 0 when its content was the problem

  bool ok() const { return status.is_ok(); }
};

// Reads kernel attribute files (/sys, /proc) below a root, so tests can hand drivers a fake tree.
// Paths given and returned are the system's ("/sys/class/thermal/thermal_zone0/temp"), which is
// also what failure reasons show.
class SysfsReader {
 public:
  explicit SysfsReader(std::filesystem::path root = "/") : root_(std::move(root)) {}

  std::filesystem::path host_path(const std::filesystem::path& system_path) const;
  bool exists(const std::filesystem::path& system_path) const;
  bool is_directory(const std::filesystem::path& system_path) const;

  // The whole file; an empty (or blank) file is a failure.
  Result<std::string> read_text(const std::filesystem::path& system_path) const;
  // The file holds exactly one number, surrounding whitespace aside.
  Result<int64_t> read_integer(const std::filesystem::path& system_path) const;
  Result<double> read_number(const std::filesystem::path& system_path) const;

  // Paths matching a pattern whose components may hold shell wildcards (* ? [...]), e.g.
  // "/sys/bus/w1/devices/28-*/w1_slave", in natural order (device2 before device10).
  std::vector<std::filesystem::path> glob(const std::filesystem::path& pattern) const;

 private:
  std::filesystem::path root_;
};

std::string_view trim(std::string_view text);
// Strict: the trimmed text must be one whole number, nothing else.
std::optional<int64_t> parse_integer(std::string_view text);
// Strict: one finite decimal number ("21.5", "-3", "1e-3"), nothing else.
std::optional<double> parse_number(std::string_view text);
// A short reason for an errno from reading an attribute.
std::string error_reason(int error);
// "iio:device2" < "iio:device10".
bool natural_less(std::string_view a, std::string_view b);

}  // namespace sa::sysfs
