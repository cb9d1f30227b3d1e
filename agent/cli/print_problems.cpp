#include <iostream>

#include "cli/commands.h"

namespace sa::cli {

void print_problems(const std::vector<ConfigProblem>& problems) {
  for (const auto& problem : problems) {
    std::cerr << problem.format() << '\n';
  }
  std::cerr.flush();
}

}  // namespace sa::cli
