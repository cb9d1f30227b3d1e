#pragma once

#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "internal/problem_list.h"
#include "loader.h"

namespace sa::config_detail {

struct ReadContext {
  ProblemList& problems;
  const LoadEnvironment& env;
  std::optional<std::string> device_id;  // unset while device.id itself is read
  SourceLocation top;                    // where problems of an absent table point
};

// Reads the keys of one TOML table with type checks and expansion. Every key a read asks for
// becomes known; report_unknown_keys() then flags the rest, so a typo is never ignored.
// Typed reads return nullopt when the key is absent or wrong; a wrong one is reported.
class TableReader {
 public:
  // `table` may be null: an absent table reads as empty.
  TableReader(const toml::table* table, std::string path, ReadContext& context);

  const std::string& path() const { return path_; }
  void set_path(std::string path) { path_ = std::move(path); }
  // Where problems of an absent table point instead of the top of the file.
  void set_fallback_location(SourceLocation where) { fallback_ = std::move(where); }
  std::string key_path(std::string_view key) const;
  ReadContext& context() { return context_; }
  const toml::table* table() const { return table_; }

  SourceLocation location() const;
  SourceLocation key_location(std::string_view key) const;
  SourceLocation value_location(std::string_view key) const;

  void allow(std::string_view key);
  // Values of a secret key never appear in messages.
  void mark_secret(std::string_view key) { secret_.insert(std::string(key)); }
  const toml::node* find(std::string_view key);
  bool has(std::string_view key) const;

  void error(std::string_view key, std::string message);  // at the value
  void warning(std::string_view key, std::string message);
  void error_at_table(std::string message);
  void warning_at_table(std::string message);
  void missing(std::string_view key);

  std::optional<std::string> string(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max);
  std::optional<double> number(std::string_view key);
  std::optional<std::chrono::milliseconds> duration(std::string_view key);
  std::optional<uint64_t> size(std::string_view key);
  std::optional<std::string> choice(std::string_view key, const std::vector<std::string>& choices);
  const toml::table* subtable(std::string_view key);

  // Expands {device} and ${NAME} in a string found under `key`; reports failures there.
  std::optional<std::string> expand(std::string_view key, std::string_view raw);

  void report_unknown_keys();

 private:
  void type_error(std::string_view key, const toml::node& node, std::string_view expected);
  // The expanded text of a string value, or nullopt after reporting why there is none.
  std::optional<std::string> expanded_text(std::string_view key, const toml::node& node,
                                           const std::string& expected);
  // Reports a duration or size that did not parse, or parsed too large.
  void report_unparsed(std::string_view key, const std::string& text, bool too_large, bool parsed,
                       const std::string& expected);
  std::string describe(std::string_view key, const toml::node& node) const;

  const toml::table* table_;
  std::string path_;
  ReadContext& context_;
  std::vector<std::string> known_;
  std::set<std::string> secret_;
  std::optional<SourceLocation> fallback_;
};

template <typename T, typename U>
void assign_if(T& field, const std::optional<U>& value) {
  if (value) {
    field = *value;
  }
}

}  // namespace sa::config_detail
