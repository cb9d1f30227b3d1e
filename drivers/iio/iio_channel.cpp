#include "drivers/iio/iio_channel.h"

#include <array>
#include <cctype>
#include <string_view>
#include <utility>

namespace sa::iio {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kAliases = {{
    {"temperature", "in_temp"},
    {"humidity", "in_humidityrelative"},
    {"pressure", "in_pressure"},
    {"illuminance", "in_illuminance"},
}};

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         std::string_view(text).substr(text.size() - suffix.size()) == suffix;
}

// "in_voltage0" -> "in_voltage": the stem shared by every channel of the type, which carries
// the type-level in_voltage_scale.
std::string shared_stem(const std::string& stem) {
  const size_t underscore = stem.find('_');
  if (underscore == std::string::npos) {
    return stem;
  }
  return stem.substr(0, underscore + 1) + channel_type(stem);
}

}  // namespace

std::string default_stem(const std::string& channel) {
  for (const auto& [alias, stem] : kAliases) {
    if (channel == alias) {
      return std::string(stem);
    }
  }
  return channel;
}

std::string channel_type(const std::string& stem) {
  const size_t underscore = stem.find('_');
  if (underscore == std::string::npos) {
    return {};
  }
  std::string type;
  for (size_t i = underscore + 1;
       i < stem.size() && std::islower(static_cast<unsigned char>(stem[i])) != 0; ++i) {
    type += stem[i];
  }
  return type;
}

double unit_factor(const std::string& type) {
  if (type == "temp" || type == "humidityrelative" || type == "voltage") {
    return 1e-3;
  }
  if (type == "pressure") {
    return 10.0;
  }
  return 1.0;
}

std::optional<ChannelSource> plan_channel(const std::string& channel, const std::string& attribute,
                                          const std::function<bool(const std::string&)>& exists) {
  ChannelSource source;
  source.channel = channel;
  std::string stem;
  if (!attribute.empty()) {
    if (!exists(attribute)) {
      return std::nullopt;
    }
    source.attribute = attribute;
    if (ends_with(attribute, "_raw")) {
      source.raw = true;
      stem = attribute.substr(0, attribute.size() - 4);
    } else if (ends_with(attribute, "_input")) {
      stem = attribute.substr(0, attribute.size() - 6);
    } else {
      stem = attribute;
    }
  } else {
    stem = default_stem(channel);
    if (exists(stem + "_input")) {
      source.attribute = stem + "_input";
    } else if (exists(stem + "_raw")) {
      source.attribute = stem + "_raw";
      source.raw = true;
    } else {
      return std::nullopt;
    }
  }
  if (source.raw) {
    const std::string shared = shared_stem(stem);
    for (auto [suffix, target] : {std::pair{"_scale", &source.scale_attribute},
                                  std::pair{"_offset", &source.offset_attribute}}) {
      if (exists(stem + suffix)) {
        *target = stem + suffix;
      } else if (exists(shared + suffix)) {
        *target = shared + suffix;
      }
    }
  }
  source.unit_factor = unit_factor(channel_type(stem));
  return source;
}

}  // namespace sa::iio
