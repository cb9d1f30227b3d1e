#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace sa {

enum class GpioEdge { rising, falling };

// One edge as the kernel saw it, stamped on CLOCK_MONOTONIC when it happened.
struct GpioEdgeEvent {
  GpioEdge edge = GpioEdge::rising;
  int64_t monotonic_ns = 0;
};

enum class GpioBias { as_is, disabled, pull_up, pull_down };
enum class GpioEdgeDetection { rising, falling, both };

struct GpioLineRequest {
  std::string chip;  // "gpiochip0", "/dev/gpiochip0" or empty: search every chip for `line`
  std::string line;  // a line name ("GPIO17") or an offset ("17")
  GpioBias bias = GpioBias::as_is;
  GpioEdgeDetection edges = GpioEdgeDetection::both;
};

// A requested input line delivering kernel edge events through a pollable fd. Active-low is
// applied by the drivers, not here, so that every libgpiod version reports physical levels.
class GpioInputLine {
 public:
  virtual ~GpioInputLine() = default;
  virtual int fd() const = 0;
  // Reads the events pending on fd(); call when it is readable.
  virtual Status read_events(std::vector<GpioEdgeEvent>& out) = 0;
  virtual Status read_value(int& value) = 0;
};

// A requested output line driven to physical levels (active-low is applied by the driver).
class GpioOutputLine {
 public:
  virtual ~GpioOutputLine() = default;
  virtual Status set_value(int level) = 0;
  // The level the line is driven to now, as the kernel reports it.
  virtual Status read_value(int& level) = 0;
};

// Requests lines from the kernel. One implementation per libgpiod API generation, chosen when
// the project is configured; tests use a fake.
class GpioProvider {
 public:
  virtual ~GpioProvider() = default;
  virtual std::unique_ptr<GpioInputLine> request_input(const GpioLineRequest& request,
                                                       Status& status) = 0;
  // `request.edges` does not apply; the line is driven to `initial_level` as it is requested so
  // that it never glitches to another level first.
  virtual std::unique_ptr<GpioOutputLine> request_output(const GpioLineRequest& request,
                                                         int initial_level, Status& status) = 0;
};

std::unique_ptr<GpioProvider> make_gpiod_provider();

}  // namespace sa
