#include <unistd.h>

#include <array>
#include <climits>
#include <cstdlib>

#include "loader.h"

namespace sa {

namespace {

constexpr const char* kCredentialsVariable = "CREDENTIALS_DIRECTORY";

std::optional<std::string> process_variable(const std::string& name) {
  const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read at load
  if (value == nullptr) {
    return std::nullopt;
  }
  return std::string(value);
}

}  // namespace

LoadEnvironment LoadEnvironment::from_process() {
  LoadEnvironment env;
  std::array<char, HOST_NAME_MAX + 1> name{};
  if (gethostname(name.data(), name.size() - 1) == 0) {
    env.hostname = name.data();
  }
  env.credentials_directory = process_variable(kCredentialsVariable).value_or("");
  env.lookup = process_variable;
  return env;
}

std::optional<std::string> LoadEnvironment::variable(const std::string& name) const {
  if (name == kCredentialsVariable && !credentials_directory.empty()) {
    return credentials_directory;
  }
  if (lookup) {
    return lookup(name);
  }
  return std::nullopt;
}

}  // namespace sa
