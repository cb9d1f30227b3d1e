#pragma once

#include <optional>
#include <random>
#include <string_view>

namespace sa::sim {

enum class Waveform { sine, ramp, random_walk, constant };

std::optional<Waveform> parse_waveform(std::string_view name);

// Value of a clock-driven waveform `elapsed_s` seconds after the start; always within
// [min, max]. sine starts at the midpoint rising, ramp rises from min to max once per period,
// constant is the midpoint. random_walk has no closed form and returns the midpoint here.
double waveform_value(Waveform waveform, double min, double max, double period_s, double elapsed_s);

// A bounded random walk: starts at the midpoint, each step moves by a normally distributed
// amount (standard deviation 5 % of the range) and reflects off the bounds.
class RandomWalk {
 public:
  RandomWalk(double min, double max);
  double next(std::mt19937_64& random);

 private:
  double min_;
  double max_;
  double value_;
};

}  // namespace sa::sim
