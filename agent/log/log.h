#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace sa::log {

// Sets up spdlog's default logger: native journald (PRIORITY and structured fields) when stderr
// is connected to the journal (JOURNAL_STREAM), else stderr. `level`: trace, debug, info, warn,
// error, critical, off.
void init(const std::string& level);
void set_level(const std::string& level);

// Structured journald fields (SENSOR=, CHANNEL=, BROKER=) for every log call made by this thread
// while the scope lives. On stderr they are appended as key=value.
class FieldScope {
 public:
  FieldScope(std::initializer_list<std::pair<const char*, std::string>> fields);
  ~FieldScope();
  FieldScope(const FieldScope&) = delete;
  FieldScope& operator=(const FieldScope&) = delete;
  FieldScope(FieldScope&&) = delete;
  FieldScope& operator=(FieldScope&&) = delete;

 private:
  size_t previous_size_;
};

// The fields of the current thread, for the journald sink.
const std::vector<std::pair<std::string, std::string>>& current_fields();

// Lets a repeated error through once per `period`; allow() then reports how many were held back.
class RateLimiter {
 public:
  explicit RateLimiter(std::chrono::steady_clock::duration period) : period_(period) {}
  // True when this occurrence should be logged; `suppressed` is set to the number held back
  // since the last one logged.
  bool allow(std::chrono::steady_clock::time_point now, uint64_t& suppressed);
  void reset() {
    started_ = false;
    held_back_ = 0;
  }

 private:
  std::chrono::steady_clock::duration period_;
  std::chrono::steady_clock::time_point last_{};
  bool started_ = false;
  uint64_t held_back_ = 0;
};

}  // namespace sa::log
