#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"

namespace sa {

// The discovery topics announced last time, one per line in a small file in the state dir, so a
// channel removed from the config (reload or restart) gets its retained config cleared.
class AnnouncedState {
 public:
  explicit AnnouncedState(std::filesystem::path path) : path_(std::move(path)) {}

  // Empty when the file does not exist yet.
  std::vector<std::string> load() const;
  // Written to a temporary file and renamed over the old one.
  Status save(const std::vector<std::string>& topics) const;

 private:
  std::filesystem::path path_;
};

// Topics in `previous` that `current` no longer has, in `previous` order.
std::vector<std::string> topics_to_clear(const std::vector<std::string>& previous,
                                         const std::vector<std::string>& current);

}  // namespace sa
