#pragma once

#include <cmath>
#include <cstdint>

namespace sa::emul {

// The input in [lo, hi] whose output is nearest `target`, for a monotonic `f`: how emulators
// find the raw register value a driver will convert to a given physical value.
template <typename F>
int64_t nearest_input(int64_t lo, int64_t hi, double target, F f) {
  const bool increasing = f(hi) >= f(lo);
  int64_t a = lo;
  int64_t b = hi;
  while (a < b) {  // first x with f(x) at or past target
    const int64_t mid = a + (b - a) / 2;
    const bool past = increasing ? f(mid) >= target : f(mid) <= target;
    if (past) {
      b = mid;
    } else {
      a = mid + 1;
    }
  }
  if (a > lo && std::fabs(f(a - 1) - target) <= std::fabs(f(a) - target)) {
    return a - 1;
  }
  return a;
}

}  // namespace sa::emul
