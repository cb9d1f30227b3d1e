#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace sa {

// What a `.../set` message asks for: a value and, for a pulse, how long before going back.
struct SetCommand {
  double value = 0.0;
  std::optional<std::chrono::milliseconds> pulse;
};

struct SetCommandParse {
  std::optional<SetCommand> command;
  std::string error;  // when command is empty, in words for the reply
};

// Accepts `ON`/`OFF` (any case), `true`/`false`, a number (`1`, `0`, `42.5`) or JSON
// `{"value": <number|bool|"ON"|"OFF">, "pulse": "500ms"}`.
SetCommandParse parse_set_command(const std::string& payload);

}  // namespace sa
