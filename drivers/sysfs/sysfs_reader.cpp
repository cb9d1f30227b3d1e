#include "drivers/sysfs/sysfs_reader.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>

namespace sa::sysfs {

namespace fs = std::filesystem;

namespace {

// Attributes are small; a bigger file is not an attribute.
constexpr size_t kMaxAttributeBytes = 1 << 20;

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  FileDescriptor(FileDescriptor&&) = delete;
  FileDescriptor& operator=(FileDescriptor&&) = delete;

  int get() const { return fd_; }

 private:
  int fd_;
};

template <typename T>
Result<T> failure(const fs::path& system_path, const std::string& reason, int error) {
  Result<T> result;
  result.status = Status::error(system_path.string() + ": " + reason);
  result.error = error;
  return result;
}

bool has_wildcard(const std::string& component) {
  return component.find_first_of("*?[") != std::string::npos;
}

}  // namespace

fs::path SysfsReader::host_path(const fs::path& system_path) const {
  return root_ / system_path.relative_path();
}

bool SysfsReader::exists(const fs::path& system_path) const {
  std::error_code ec;
  return fs::exists(host_path(system_path), ec);
}

bool SysfsReader::is_directory(const fs::path& system_path) const {
  std::error_code ec;
  return fs::is_directory(host_path(system_path), ec);
}

Result<std::string> SysfsReader::read_text(const fs::path& system_path) const {
  const fs::path host = host_path(system_path);
  FileDescriptor fd(::open(host.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    const int error = errno;
    return failure<std::string>(system_path, error_reason(error), error);
  }
  Result<std::string> result;
  char buffer[4096];
  while (true) {
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      const int error = errno;
      return failure<std::string>(system_path, error_reason(error), error);
    }
    if (got == 0) {
      break;
    }
    result.value.append(buffer, static_cast<size_t>(got));
    if (result.value.size() > kMaxAttributeBytes) {
      return failure<std::string>(system_path, "too large for an attribute file", 0);
    }
  }
  if (trim(result.value).empty()) {
    return failure<std::string>(system_path, "empty", 0);
  }
  return result;
}

Result<int64_t> SysfsReader::read_integer(const fs::path& system_path) const {
  Result<std::string> text = read_text(system_path);
  if (!text.ok()) {
    return Result<int64_t>{0, text.status, text.error};
  }
  const std::optional<int64_t> value = parse_integer(text.value);
  if (!value) {
    return failure<int64_t>(
        system_path, "not an integer: \"" + std::string(trim(text.value).substr(0, 40)) + "\"", 0);
  }
  return Result<int64_t>{*value, Status::ok(), 0};
}

Result<double> SysfsReader::read_number(const fs::path& system_path) const {
  Result<std::string> text = read_text(system_path);
  if (!text.ok()) {
    return Result<double>{0.0, text.status, text.error};
  }
  const std::optional<double> value = parse_number(text.value);
  if (!value) {
    return failure<double>(
        system_path, "not a number: \"" + std::string(trim(text.value).substr(0, 40)) + "\"", 0);
  }
  return Result<double>{*value, Status::ok(), 0};
}

std::vector<fs::path> SysfsReader::glob(const fs::path& pattern) const {
  std::vector<fs::path> matches{pattern.root_path()};
  for (const fs::path& part : pattern.relative_path()) {
    const std::string component = part.string();
    std::vector<fs::path> next;
    for (const fs::path& base : matches) {
      std::error_code ec;
      if (!has_wildcard(component)) {
        if (fs::exists(host_path(base / component), ec)) {
          next.push_back(base / component);
        }
        continue;
      }
      std::vector<std::string> names;
      for (fs::directory_iterator it(host_path(base), ec), end; !ec && it != end;
           it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (::fnmatch(component.c_str(), name.c_str(), FNM_PERIOD) == 0) {
          names.push_back(name);
        }
      }
      std::sort(names.begin(), names.end(), natural_less);
      for (const std::string& name : names) {
        next.push_back(base / name);
      }
    }
    matches = std::move(next);
  }
  return matches;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<int64_t> parse_integer(std::string_view text) {
  text = trim(text);
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') {
    text.remove_prefix(1);
  }
  int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') {
    text.remove_prefix(1);
  }
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::string error_reason(int error) {
  switch (error) {
    case ENOENT:
      return "no such file (device absent or its kernel driver not loaded)";
    case EACCES:
    case EPERM:
      return "permission denied";
    case EIO:
      return "I/O error (the device did not answer)";
    case ETIMEDOUT:
      return "timed out (the device did not answer)";
    case EISDIR:
      return "is a directory, not an attribute file";
    case ENODEV:
    case ENXIO:
      return "device gone";
    default:
      return std::strerror(error);
  }
}

bool natural_less(std::string_view a, std::string_view b) {
  const auto is_digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      size_t end_a = i;
      size_t end_b = j;
      while (end_a < a.size() && is_digit(a[end_a])) {
        ++end_a;
      }
      while (end_b < b.size() && is_digit(b[end_b])) {
        ++end_b;
      }
      std::string_view num_a = a.substr(i, end_a - i);
      std::string_view num_b = b.substr(j, end_b - j);
      while (num_a.size() > 1 && num_a.front() == '0') {
        num_a.remove_prefix(1);
      }
      while (num_b.size() > 1 && num_b.front() == '0') {
        num_b.remove_prefix(1);
      }
      if (num_a.size() != num_b.size()) {
        return num_a.size() < num_b.size();
      }
      if (num_a != num_b) {
        return num_a < num_b;
      }
      i = end_a;
      j = end_b;
      continue;
    }
    if (a[i] != b[j]) {
      return a[i] < b[j];
    }
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

}  // namespace sa::sysfs
