#include <limits>

#include "internal/readers.h"

namespace sa::config_detail {

void read_driver_options(TableReader& reader, const std::vector<OptionSpec>& specs, Options& out) {
  for (const OptionSpec& spec : specs) {
    const std::string& name = spec.name;
    if (reader.find(name) == nullptr) {
      if (spec.required) {
        reader.missing(name);
      }
      continue;
    }
    Option option;
    option.where = reader.value_location(name);
    bool ok = false;
    switch (spec.type) {
      case OptionType::boolean:
        if (std::optional<bool> value = reader.boolean(name)) {
          option.value = *value;
          ok = true;
        }
        break;
      case OptionType::integer:
        if (std::optional<int64_t> value = reader.integer(name, std::numeric_limits<int64_t>::min(),
                                                          std::numeric_limits<int64_t>::max())) {
          option.value = *value;
          ok = true;
        }
        break;
      case OptionType::number:
        if (std::optional<double> value = reader.number(name)) {
          option.value = *value;
          ok = true;
        }
        break;
      case OptionType::string: {
        std::optional<std::string> value =
            spec.choices.empty() ? reader.string(name) : reader.choice(name, spec.choices);
        if (value) {
          option.value = std::move(*value);
          ok = true;
        }
        break;
      }
      case OptionType::duration:
        if (std::optional<std::chrono::milliseconds> value = reader.duration(name)) {
          option.value = *value;
          ok = true;
        }
        break;
    }
    if (ok) {
      out.set(name, std::move(option));
    }
  }
}

}  // namespace sa::config_detail
