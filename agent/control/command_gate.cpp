#include "control/command_gate.h"

#include <sstream>

namespace sa {
namespace {

GateDecision refuse(std::string reason) {
  return GateDecision{false, std::move(reason), std::nullopt};
}

std::string number_words(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

GateDecision CommandGate::check(const InboundMessage& message, const std::string& output,
                                const std::optional<OutputLimits>& limits, Clock::time_point now) {
  if (message.retained)
    return refuse("retained command ignored");
  if (message.message_expiry.count() > 0 && now - message.received_at >= message.message_expiry)
    return refuse("command expired before it could be carried out");
  if (!limits)
    return refuse(output + " is not an output");
  const SetCommandParse parsed = parse_set_command(message.payload);
  if (!parsed.command)
    return refuse(parsed.error);
  const double value = parsed.command->value;
  if (value < limits->min || value > limits->max) {
    return refuse("value " + number_words(value) + " is outside [" + number_words(limits->min) +
                  ", " + number_words(limits->max) + "]");
  }
  if (!within_rate(output, now))
    return refuse("more than " + std::to_string(rate_limit_) + " commands per second");
  return GateDecision{true, {}, parsed.command};
}

bool CommandGate::within_rate(const std::string& output, Clock::time_point now) {
  if (rate_limit_ <= 0)
    return true;
  std::deque<Clock::time_point>& recent = recent_[output];
  while (!recent.empty() && now - recent.front() >= std::chrono::seconds(1))
    recent.pop_front();
  if (recent.size() >= static_cast<size_t>(rate_limit_))
    return false;
  recent.push_back(now);
  return true;
}

}  // namespace sa
