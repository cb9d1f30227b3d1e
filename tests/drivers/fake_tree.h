#pragma once

#include <filesystem>
#include <string>

#include "drivers/driver.h"

namespace sa::test {

// A throwaway directory standing in for / (its sys/ and proc/), removed again on destruction.
// Paths given to it are the system's ("/sys/class/thermal/thermal_zone0/temp").
class FakeTree {
 public:
  FakeTree();
  ~FakeTree();
  FakeTree(const FakeTree&) = delete;
  FakeTree& operator=(const FakeTree&) = delete;
  FakeTree(FakeTree&&) = delete;
  FakeTree& operator=(FakeTree&&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path host(const std::filesystem::path& system_path) const;
  DriverContext context() const;

  // Creates parent directories as needed; replaces any previous content.
  void write(const std::filesystem::path& system_path, const std::string& content) const;
  void make_dir(const std::filesystem::path& system_path) const;
  void symlink(const std::filesystem::path& target, const std::filesystem::path& system_path) const;
  void remove(const std::filesystem::path& system_path) const;

 private:
  std::filesystem::path root_;
};

}  // namespace sa::test
