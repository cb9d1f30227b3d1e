#pragma once

#include <string>
#include <utility>

namespace sa {

// Outcome of an operation that can fail for a reason a person should read (a sensor read, a
// connection attempt). Failures are values, never exceptions that cross a thread boundary.
class Status {
 public:
  static Status ok() { return Status(); }
  static Status error(std::string reason) { return Status(std::move(reason)); }

  bool is_ok() const { return !failed_; }
  explicit operator bool() const { return is_ok(); }
  const std::string& reason() const { return reason_; }

 private:
  Status() = default;
  explicit Status(std::string reason) : failed_(true), reason_(std::move(reason)) {}

  bool failed_ = false;
  std::string reason_;
};

}  // namespace sa
