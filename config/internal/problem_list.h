#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "loader.h"

namespace sa::config_detail {

// Collects every problem of one load, so that a person sees them all at once.
class ProblemList {
 public:
  explicit ProblemList(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  SourceLocation at(const toml::source_region& region) const;
  SourceLocation at(const toml::source_position& position) const;

  void error(SourceLocation where, std::string key_path, std::string message);
  void warning(SourceLocation where, std::string key_path, std::string message);
  bool has_errors() const { return errors_ > 0; }

  // In file order; problems without a position first.
  std::vector<ConfigProblem> take_sorted();

 private:
  std::string file_;
  std::vector<ConfigProblem> problems_;
  int errors_ = 0;
};

}  // namespace sa::config_detail
