#include "option_spec.h"

namespace sa {

namespace {

template <typename T>
const T* value_as(const Options& options, const std::string& name) {
  const Option* option = options.find(name);
  return option == nullptr ? nullptr : std::get_if<T>(&option->value);
}

}  // namespace

const Option* Options::find(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

bool Options::boolean(const std::string& name, bool fallback) const {
  const bool* value = value_as<bool>(*this, name);
  return value != nullptr ? *value : fallback;
}

int64_t Options::integer(const std::string& name, int64_t fallback) const {
  const int64_t* value = value_as<int64_t>(*this, name);
  return value != nullptr ? *value : fallback;
}

// A number option written as a TOML integer may still be stored as one by a hand-built Options.
double Options::number(const std::string& name, double fallback) const {
  if (const double* value = value_as<double>(*this, name)) {
    return *value;
  }
  if (const int64_t* value = value_as<int64_t>(*this, name)) {
    return static_cast<double>(*value);
  }
  return fallback;
}

std::string Options::string(const std::string& name, const std::string& fallback) const {
  const std::string* value = value_as<std::string>(*this, name);
  return value != nullptr ? *value : fallback;
}

std::chrono::milliseconds Options::duration(const std::string& name,
                                            std::chrono::milliseconds fallback) const {
  const auto* value = value_as<std::chrono::milliseconds>(*this, name);
  return value != nullptr ? *value : fallback;
}

}  // namespace sa
