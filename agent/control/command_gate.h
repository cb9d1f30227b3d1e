#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "control/set_command.h"
#include "mqtt/transport.h"

namespace sa {

// What a command may do to one output: its bounds.
struct OutputLimits {
  double min = 0.0;
  double max = 1.0;
};

struct GateDecision {
  bool accepted = false;
  std::string reason;  // why not, for the log and the reply
  std::optional<SetCommand> command;
};

// The safety rules every `.../set` message passes before an output moves:
// - a retained message is ignored (it was stored for someone who connected later, not sent now);
// - an MQTT 5 message whose expiry interval ran out before it was handled is not acted on;
// - only channels declared as outputs can be set;
// - a value outside the output's bounds is refused;
// - at most `rate_limit` commands per second per output (0: no limit).
// Not thread-safe: one caller thread (the control worker).
class CommandGate {
 public:
  using Clock = std::chrono::steady_clock;

  explicit CommandGate(int rate_limit) : rate_limit_(rate_limit) {}

  // `output` is the channel's topic; `limits` nullopt when that channel is not an output.
  GateDecision check(const InboundMessage& message, const std::string& output,
                     const std::optional<OutputLimits>& limits, Clock::time_point now);

 private:
  bool within_rate(const std::string& output, Clock::time_point now);

  const int rate_limit_;
  std::map<std::string, std::deque<Clock::time_point>> recent_;  // accepted, last second
};

}  // namespace sa
