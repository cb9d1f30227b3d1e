#include "drivers/sim/waveform.h"

#include <algorithm>
#include <cmath>

namespace sa::sim {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kStepFraction = 0.05;
}  // namespace

std::optional<Waveform> parse_waveform(std::string_view name) {
  if (name == "sine") {
    return Waveform::sine;
  }
  if (name == "ramp") {
    return Waveform::ramp;
  }
  if (name == "random_walk") {
    return Waveform::random_walk;
  }
  if (name == "constant") {
    return Waveform::constant;
  }
  return std::nullopt;
}

double waveform_value(Waveform waveform, double min, double max, double period_s,
                      double elapsed_s) {
  const double span = max - min;
  const double phase = period_s > 0 ? elapsed_s / period_s : 0.0;
  double value = min + span / 2;
  switch (waveform) {
    case Waveform::sine:
      value = min + span * (0.5 + 0.5 * std::sin(2 * kPi * phase));
      break;
    case Waveform::ramp:
      value = min + span * (phase - std::floor(phase));
      break;
    case Waveform::random_walk:
    case Waveform::constant:
      break;
  }
  // Rounding must not step outside the promised range.
  return std::clamp(value, min, max);
}

RandomWalk::RandomWalk(double min, double max)
    : min_(min), max_(max), value_(min + (max - min) / 2) {}

double RandomWalk::next(std::mt19937_64& random) {
  const double span = max_ - min_;
  std::normal_distribution<double> step(0.0, span * kStepFraction);
  value_ += step(random);
  // Reflect, then clamp in case a huge step overshoots both bounds.
  if (value_ > max_) {
    value_ = max_ - (value_ - max_);
  }
  if (value_ < min_) {
    value_ = min_ + (min_ - value_);
  }
  value_ = std::clamp(value_, min_, max_);
  return value_;
}

}  // namespace sa::sim
