#pragma once

#include <filesystem>
#include <string>

namespace sa::test {

// A fresh directory under $TMPDIR, removed with everything in it when the owner goes away
// (kept when SA_TEST_KEEP_TMP is set, to look at logs after a failure).
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "sa-test");
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  void remove();

  std::filesystem::path path_;
};

// Writes `text` to `path` (replacing it), creating parent directories; throws on failure since a
// test cannot go on without its files.
void write_file(const std::filesystem::path& path, const std::string& text);
// The whole file, or an empty string when it does not exist.
std::string read_file(const std::filesystem::path& path);

}  // namespace sa::test
