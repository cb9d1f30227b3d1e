#include "fake_tree.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace sa::test {

namespace fs = std::filesystem;

FakeTree::FakeTree() {
  std::string pattern = (fs::temp_directory_path() / "sa-drivers-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  root_ = pattern;
}

FakeTree::~FakeTree() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

fs::path FakeTree::host(const fs::path& system_path) const {
  return root_ / system_path.relative_path();
}

DriverContext FakeTree::context() const {
  DriverContext context;
  context.sysfs_root = root_;
  return context;
}

void FakeTree::write(const fs::path& system_path, const std::string& content) const {
  const fs::path file = host(system_path);
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) {
    throw std::runtime_error("cannot write " + file.string());
  }
}

void FakeTree::make_dir(const fs::path& system_path) const {
  fs::create_directories(host(system_path));
}

void FakeTree::symlink(const fs::path& target, const fs::path& system_path) const {
  const fs::path link = host(system_path);
  fs::create_directories(link.parent_path());
  fs::create_symlink(target, link);
}

void FakeTree::remove(const fs::path& system_path) const {
  fs::remove_all(host(system_path));
}

}  // namespace sa::test
