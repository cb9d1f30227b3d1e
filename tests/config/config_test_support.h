#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "loader.h"

namespace sa::test {

// The schemas of the built-in drivers, as the config sees them.
const DriverInfo* fake_driver(std::string_view name);
std::vector<std::string> fake_driver_names();

LoadEnvironment test_env(std::map<std::string, std::string> variables = {},
                         std::string hostname = "testhost");

LoadResult load(std::string_view toml, const LoadEnvironment& env = test_env());

// A minimal valid file, to which a test appends the part under test.
inline constexpr const char* kSimSensor =
    "[[sensor]]\nname = \"wave\"\ndriver = \"sim\"\n[sensor.channels.value]\n";

struct TextPosition {
  uint32_t line = 0;
  uint32_t column = 0;
};

// Line and column (1-based, counted in code points) of `target` inside the one occurrence of
// `context` in `text`; `target` empty means the start of `context`.
TextPosition position_of(std::string_view text, std::string_view context,
                         std::string_view target = {});

// Problems whose key path is exactly `key_path`.
std::vector<ConfigProblem> problems_at(const LoadResult& result, std::string_view key_path);

// Asserts exactly one error (or warning) at `key_path`, placed at `target` inside `context` of
// `text`, whose message contains `message_part`; returns it.
ConfigProblem expect_problem(const LoadResult& result, std::string_view text,
                             std::string_view key_path, std::string_view context,
                             std::string_view target, std::string_view message_part,
                             bool warning = false);

std::string describe(const LoadResult& result);

// A fresh directory under the test temp dir, removed afterwards.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&&) = delete;
  TempDir& operator=(TempDir&&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string write(const std::string& name, std::string_view content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace sa::test
