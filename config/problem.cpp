#include <algorithm>

#include "internal/problem_list.h"
#include "loader.h"

namespace sa {

std::string ConfigProblem::format() const {
  std::string text = where.file;
  if (where.line > 0) {
    text += ':' + std::to_string(where.line) + ':' + std::to_string(where.column);
  }
  text += ": ";
  if (!key_path.empty()) {
    text += key_path + ": ";
  }
  return text + message;
}

namespace config_detail {

SourceLocation ProblemList::at(const toml::source_region& region) const {
  return at(region.begin);
}

SourceLocation ProblemList::at(const toml::source_position& position) const {
  return SourceLocation{file_, position.line, position.column};
}

void ProblemList::error(SourceLocation where, std::string key_path, std::string message) {
  problems_.push_back(
      ConfigProblem{std::move(where), std::move(key_path), std::move(message), false});
  ++errors_;
}

void ProblemList::warning(SourceLocation where, std::string key_path, std::string message) {
  problems_.push_back(
      ConfigProblem{std::move(where), std::move(key_path), std::move(message), true});
}

std::vector<ConfigProblem> ProblemList::take_sorted() {
  std::stable_sort(problems_.begin(), problems_.end(),
                   [](const ConfigProblem& a, const ConfigProblem& b) {
                     if (a.where.line != b.where.line) {
                       return a.where.line < b.where.line;
                     }
                     return a.where.column < b.where.column;
                   });
  errors_ = 0;
  return std::move(problems_);
}

}  // namespace config_detail
}  // namespace sa
