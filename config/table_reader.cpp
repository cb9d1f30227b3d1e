#include "internal/table_reader.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "internal/expand.h"
#include "internal/suggest.h"
#include "internal/units.h"

namespace sa::config_detail {

namespace {

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

TableReader::TableReader(const toml::table* table, std::string path, ReadContext& context)
    : table_(table), path_(std::move(path)), context_(context) {}

std::string TableReader::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

SourceLocation TableReader::location() const {
  if (table_ == nullptr || table_->source().begin.line == 0) {
    return fallback_ ? *fallback_ : context_.top;
  }
  return context_.problems.at(table_->source());
}

SourceLocation TableReader::key_location(std::string_view key) const {
  if (table_ != nullptr) {
    auto it = table_->find(key);
    if (it != table_->end() && it->first.source().begin.line > 0) {
      return context_.problems.at(it->first.source());
    }
  }
  return location();
}

SourceLocation TableReader::value_location(std::string_view key) const {
  if (table_ != nullptr) {
    if (const toml::node* node = table_->get(key);
        node != nullptr && node->source().begin.line > 0) {
      return context_.problems.at(node->source());
    }
  }
  return key_location(key);
}

void TableReader::allow(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
    known_.emplace_back(key);
  }
}

const toml::node* TableReader::find(std::string_view key) {
  allow(key);
  return table_ == nullptr ? nullptr : table_->get(key);
}

bool TableReader::has(std::string_view key) const {
  return table_ != nullptr && table_->contains(key);
}

void TableReader::error(std::string_view key, std::string message) {
  context_.problems.error(value_location(key), key_path(key), std::move(message));
}

void TableReader::warning(std::string_view key, std::string message) {
  context_.problems.warning(value_location(key), key_path(key), std::move(message));
}

void TableReader::error_at_table(std::string message) {
  context_.problems.error(location(), path_, std::move(message));
}

void TableReader::warning_at_table(std::string message) {
  context_.problems.warning(location(), path_, std::move(message));
}

void TableReader::missing(std::string_view key) {
  context_.problems.error(location(), key_path(key),
                          "missing required key '" + std::string(key) + "'");
}

std::string TableReader::describe(std::string_view key, const toml::node& node) const {
  bool secret = secret_.count(std::string(key)) != 0;
  switch (node.type()) {
    case toml::node_type::string:
      return secret ? "a string" : "string \"" + node.as_string()->get() + "\"";
    case toml::node_type::integer:
      return secret ? "an integer" : "integer " + std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point:
      return secret ? "a float" : "float " + number_text(node.as_floating_point()->get());
    case toml::node_type::boolean:
      return secret ? "a boolean"
                    : std::string("boolean ") + (node.as_boolean()->get() ? "true" : "false");
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

void TableReader::type_error(std::string_view key, const toml::node& node,
                             std::string_view expected) {
  error(key,
        std::string(key) + " must be " + std::string(expected) + ", got " + describe(key, node));
}

std::optional<std::string> TableReader::expand(std::string_view key, std::string_view raw) {
  Expanded expanded = expand_value(raw, context_.device_id, context_.env);
  if (!expanded.problem.empty()) {
    error(key, expanded.problem);
    return std::nullopt;
  }
  return std::move(expanded.text);
}

std::optional<std::string> TableReader::string(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  if (!node->is_string()) {
    type_error(key, *node, "a string");
    return std::nullopt;
  }
  return expand(key, node->as_string()->get());
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  if (!node->is_boolean()) {
    type_error(key, *node, "true or false");
    return std::nullopt;
  }
  return node->as_boolean()->get();
}

std::optional<int64_t> TableReader::integer(std::string_view key, int64_t min, int64_t max) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  if (!node->is_integer()) {
    type_error(key, *node, "an integer");
    return std::nullopt;
  }
  int64_t value = node->as_integer()->get();
  if (value < min || value > max) {
    std::string allowed;
    if (max - min <= 3) {
      std::vector<std::string> values;
      for (int64_t v = min; v <= max; ++v) {
        values.push_back(std::to_string(v));
      }
      allowed = one_of(values);
    } else {
      allowed = "from " + std::to_string(min) + " to " + std::to_string(max);
    }
    error(key, std::string(key) + " must be " + allowed + ", got " + std::to_string(value));
    return std::nullopt;
  }
  return value;
}

std::optional<double> TableReader::number(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  if (node->is_integer()) {
    return static_cast<double>(node->as_integer()->get());
  }
  if (!node->is_floating_point()) {
    type_error(key, *node, "a number");
    return std::nullopt;
  }
  double value = node->as_floating_point()->get();
  if (!std::isfinite(value)) {
    error(key, std::string(key) + " must be a finite number, got " + number_text(value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::chrono::milliseconds> TableReader::duration(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const std::string expected = std::string("a duration string: ") + kDurationForms;
  std::optional<std::string> text = expanded_text(key, *node, expected);
  if (!text) {
    return std::nullopt;
  }
  DurationParse parsed = parse_duration_checked(*text);
  report_unparsed(key, *text, parsed.too_large, parsed.value.has_value(), expected);
  return parsed.value;
}

std::optional<uint64_t> TableReader::size(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const std::string expected = std::string("a size: ") + kSizeForms;
  if (node->is_integer()) {
    int64_t value = node->as_integer()->get();
    if (value < 0) {
      error(key, std::string(key) + " must not be negative, got " + std::to_string(value));
      return std::nullopt;
    }
    return static_cast<uint64_t>(value);
  }
  std::optional<std::string> text = expanded_text(key, *node, expected);
  if (!text) {
    return std::nullopt;
  }
  SizeParse parsed = parse_size_checked(*text);
  report_unparsed(key, *text, parsed.too_large, parsed.value.has_value(), expected);
  return parsed.value;
}

std::optional<std::string> TableReader::expanded_text(std::string_view key, const toml::node& node,
                                                      const std::string& expected) {
  if (!node.is_string()) {
    type_error(key, node, expected);
    return std::nullopt;
  }
  return expand(key, node.as_string()->get());
}

void TableReader::report_unparsed(std::string_view key, const std::string& text, bool too_large,
                                  bool parsed, const std::string& expected) {
  if (too_large) {
    error(key, std::string(key) + " \"" + text + "\" is too large");
  } else if (!parsed) {
    error(key, std::string(key) + " must be " + expected + ", got \"" + text + "\"");
  }
}

std::optional<std::string> TableReader::choice(std::string_view key,
                                               const std::vector<std::string>& choices) {
  std::optional<std::string> value = string(key);
  if (!value) {
    return std::nullopt;
  }
  if (std::find(choices.begin(), choices.end(), *value) == choices.end()) {
    std::vector<std::string> quoted;
    quoted.reserve(choices.size());
    for (const std::string& c : choices) {
      quoted.push_back("\"" + c + "\"");
    }
    error(key, std::string(key) + " must be " + one_of(quoted) + ", got \"" + *value + "\"" +
                   did_you_mean(*value, choices));
    return std::nullopt;
  }
  return value;
}

const toml::table* TableReader::subtable(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) {
    return nullptr;
  }
  if (!node->is_table()) {
    type_error(key, *node, "a table");
    return nullptr;
  }
  return node->as_table();
}

void TableReader::report_unknown_keys() {
  if (table_ == nullptr) {
    return;
  }
  for (auto&& [key, node] : *table_) {
    std::string name(key.str());
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) {
      continue;
    }
    std::string message = "unknown key '" + name + "'";
    std::string suggestion = did_you_mean(name, known_);
    if (!suggestion.empty()) {
      message += suggestion;
    } else if (!known_.empty()) {
      message += "; allowed: " + join(known_);
    }
    context_.problems.error(key_location(name), key_path(name), std::move(message));
  }
}

}  // namespace sa::config_detail
