#include "describe.h"

#include <algorithm>
#include <sstream>

namespace sa {

namespace {

constexpr size_t kWidth = 100;
constexpr const char* kIndent = "    ";
constexpr size_t kColumnGap = 2;

// Columns taken by UTF-8 text: the bytes that start a character ("°C" is three bytes, two
// columns).
size_t display_width(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

std::string pad(const std::string& text, size_t width) {
  const size_t used = display_width(text);
  return text + std::string(width > used ? width - used : 0, ' ');
}

// Fills words into lines of at most `width` columns; continuation lines start at `indent`.
std::string wrap(const std::string& text, size_t indent, size_t width) {
  std::istringstream words(text);
  std::string word;
  std::string out;
  size_t column = indent;
  bool first = true;
  const size_t room = width > indent + 20 ? width : indent + 20;
  while (words >> word) {
    const size_t length = display_width(word);
    if (!first && column + 1 + length > room) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
      first = true;
    }
    if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += length;
    first = false;
  }
  return out;
}

std::string option_description(const OptionSpec& option) {
  std::string text = option.description;
  if (!option.choices.empty()) {
    text += " One of:";
    for (size_t i = 0; i < option.choices.size(); ++i) {
      text += (i == 0 ? " " : ", ") + option.choices[i];
    }
    text += ".";
  }
  return text;
}

std::string default_text(const OptionSpec& option) {
  if (option.required) {
    return "(required)";
  }
  return option.default_text.empty() ? "-" : option.default_text;
}

void describe_options(std::ostringstream& out, const std::string& title,
                      const std::vector<OptionSpec>& options) {
  out << "\n" << kIndent << title << ":\n";
  if (options.empty()) {
    out << kIndent << "  (none)\n";
    return;
  }
  size_t name_width = 4;
  size_t type_width = 4;
  size_t default_width = 7;
  for (const OptionSpec& option : options) {
    name_width = std::max(name_width, display_width(option.name));
    type_width = std::max(type_width, display_width(option_type_name(option.type)));
    default_width = std::max(default_width, display_width(default_text(option)));
  }
  const std::string lead = std::string(kIndent) + "  ";
  const size_t description_column =
      lead.size() + name_width + type_width + default_width + 3 * kColumnGap;
  const std::string gap(kColumnGap, ' ');
  out << lead << pad("NAME", name_width) << gap << pad("TYPE", type_width) << gap
      << pad("DEFAULT", default_width) << gap << "DESCRIPTION\n";
  for (const OptionSpec& option : options) {
    out << lead << pad(option.name, name_width) << gap
        << pad(option_type_name(option.type), type_width) << gap
        << pad(default_text(option), default_width) << gap
        << wrap(option_description(option), description_column, kWidth) << "\n";
  }
}

void describe_channels(std::ostringstream& out, const DriverInfo& info) {
  out << "\n" << kIndent << "Channels:\n";
  const std::string lead = std::string(kIndent) + "  ";
  if (info.free_channels) {
    out << lead
        << wrap(
               "Named in the config ([sensor.channels.CHANNEL]); what each reads is set by "
               "the channel options.",
               lead.size(), kWidth)
        << "\n";
  }
  if (info.channels.empty()) {
    return;
  }
  size_t name_width = 4;
  size_t unit_width = 4;
  for (const ChannelSpec& channel : info.channels) {
    name_width = std::max(name_width, display_width(channel.name));
    unit_width = std::max(unit_width, display_width(channel.unit));
  }
  const std::string gap(kColumnGap, ' ');
  const size_t description_column = lead.size() + name_width + unit_width + 2 * kColumnGap;
  out << lead << pad("NAME", name_width) << gap << pad("UNIT", unit_width) << gap
      << "DESCRIPTION\n";
  for (const ChannelSpec& channel : info.channels) {
    out << lead << pad(channel.name, name_width) << gap
        << pad(channel.unit.empty() ? "-" : channel.unit, unit_width) << gap
        << wrap(channel.description, description_column, kWidth) << "\n";
  }
}

nlohmann::json options_json(const std::vector<OptionSpec>& options) {
  nlohmann::json list = nlohmann::json::array();
  for (const OptionSpec& option : options) {
    list.push_back({{"name", option.name},
                    {"type", option_type_name(option.type)},
                    {"default", option.default_text},
                    {"required", option.required},
                    {"description", option.description},
                    {"choices", option.choices}});
  }
  return list;
}

}  // namespace

const char* option_type_name(OptionType type) {
  switch (type) {
    case OptionType::boolean:
      return "boolean";
    case OptionType::integer:
      return "integer";
    case OptionType::number:
      return "number";
    case OptionType::string:
      return "string";
    case OptionType::duration:
      return "duration";
  }
  return "string";
}

std::string describe_drivers(const std::vector<Driver>& drivers) {
  std::ostringstream out;
  for (size_t i = 0; i < drivers.size(); ++i) {
    const DriverInfo& info = drivers[i].info;
    if (i != 0) {
      out << "\n";
    }
    out << info.name << "\n";
    out << kIndent << wrap(info.summary, std::string(kIndent).size(), kWidth) << "\n";
    describe_channels(out, info);
    describe_options(out, "Sensor options", info.sensor_options);
    if (info.free_channels || !info.channel_options.empty()) {
      describe_options(out, "Channel options", info.channel_options);
    }
  }
  return out.str();
}

nlohmann::json describe_drivers_json(const std::vector<Driver>& drivers) {
  nlohmann::json list = nlohmann::json::array();
  for (const Driver& driver : drivers) {
    const DriverInfo& info = driver.info;
    nlohmann::json channels = nlohmann::json::array();
    for (const ChannelSpec& channel : info.channels) {
      channels.push_back(
          {{"name", channel.name}, {"unit", channel.unit}, {"description", channel.description}});
    }
    list.push_back({{"name", info.name},
                    {"summary", info.summary},
                    {"free_channels", info.free_channels},
                    {"channels", channels},
                    {"sensor_options", options_json(info.sensor_options)},
                    {"channel_options", options_json(info.channel_options)}});
  }
  return list;
}

}  // namespace sa
