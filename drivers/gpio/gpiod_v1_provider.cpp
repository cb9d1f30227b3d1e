// libgpiod 1.6 (Debian 12, Raspberry Pi OS bookworm): the v1 C API.
#include <gpiod.h>

#include <cerrno>

#include "gpio_errors.h"
#include "gpio_line.h"

namespace sa {
namespace {

constexpr const char* kConsumer = "sensor-agent";

class GpiodV1Line final : public GpioInputLine {
 public:
  GpiodV1Line(gpiod_chip* chip, gpiod_line* line) : chip_(chip), line_(line) {}
  ~GpiodV1Line() override {
    gpiod_line_release(line_);
    gpiod_chip_close(chip_);
  }
  GpiodV1Line(const GpiodV1Line&) = delete;
  GpiodV1Line& operator=(const GpiodV1Line&) = delete;

  int fd() const override { return gpiod_line_event_get_fd(line_); }

  Status read_events(std::vector<GpioEdgeEvent>& out) override {
    gpiod_line_event events[16];
    const int count = gpiod_line_event_read_multiple(line_, events, 16);
    if (count < 0) {
      return Status::error(describe_gpio_errno(errno, "reading edge events"));
    }
    for (int i = 0; i < count; ++i) {
      const int64_t ns =
          static_cast<int64_t>(events[i].ts.tv_sec) * 1'000'000'000 + events[i].ts.tv_nsec;
      out.push_back({events[i].event_type == GPIOD_LINE_EVENT_RISING_EDGE ? GpioEdge::rising
                                                                          : GpioEdge::falling,
                     ns});
    }
    return Status::ok();
  }

  Status read_value(int& value) override {
    const int level = gpiod_line_get_value(line_);
    if (level < 0) {
      return Status::error(describe_gpio_errno(errno, "reading line value"));
    }
    value = level;
    return Status::ok();
  }

 private:
  gpiod_chip* chip_;
  gpiod_line* line_;
};

class GpiodV1OutputLine final : public GpioOutputLine {
 public:
  GpiodV1OutputLine(gpiod_chip* chip, gpiod_line* line) : chip_(chip), line_(line) {}
  ~GpiodV1OutputLine() override {
    gpiod_line_release(line_);
    gpiod_chip_close(chip_);
  }
  GpiodV1OutputLine(const GpiodV1OutputLine&) = delete;
  GpiodV1OutputLine& operator=(const GpiodV1OutputLine&) = delete;

  Status set_value(int level) override {
    if (gpiod_line_set_value(line_, level) < 0) {
      return Status::error(describe_gpio_errno(errno, "setting line value"));
    }
    return Status::ok();
  }

  Status read_value(int& level) override {
    const int value = gpiod_line_get_value(line_);
    if (value < 0) {
      return Status::error(describe_gpio_errno(errno, "reading line value"));
    }
    level = value;
    return Status::ok();
  }

 private:
  gpiod_chip* chip_;
  gpiod_line* line_;
};

int bias_flags(GpioBias bias) {
  switch (bias) {
    case GpioBias::disabled:
      return GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE;
    case GpioBias::pull_up:
      return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
    case GpioBias::pull_down:
      return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
    case GpioBias::as_is:
      break;
  }
  return 0;
}

int request_events(gpiod_line* line, const GpioLineRequest& request) {
  const int flags = bias_flags(request.bias);
  switch (request.edges) {
    case GpioEdgeDetection::rising:
      return gpiod_line_request_rising_edge_events_flags(line, kConsumer, flags);
    case GpioEdgeDetection::falling:
      return gpiod_line_request_falling_edge_events_flags(line, kConsumer, flags);
    case GpioEdgeDetection::both:
      break;
  }
  return gpiod_line_request_both_edges_events_flags(line, kConsumer, flags);
}

// Finds the requested line; on failure returns null with errno set and nothing left open.
gpiod_line* find_line(const GpioLineRequest& request, gpiod_chip*& chip) {
  gpiod_line* line = nullptr;
  unsigned offset = 0;
  errno = 0;
  if (is_line_offset(request.line, offset)) {
    chip = gpiod_chip_open(gpio_chip_path(request.chip).c_str());
    line = chip != nullptr ? gpiod_chip_get_line(chip, offset) : nullptr;
  } else if (!request.chip.empty()) {
    chip = gpiod_chip_open(gpio_chip_path(request.chip).c_str());
    line = chip != nullptr ? gpiod_chip_find_line(chip, request.line.c_str()) : nullptr;
  } else {
    line = gpiod_line_find(request.line.c_str());
    chip = line != nullptr ? gpiod_line_get_chip(line) : nullptr;
  }
  if (line == nullptr) {
    const int error = errno != 0 ? errno : ENOENT;
    if (chip != nullptr) {
      gpiod_chip_close(chip);
    }
    chip = nullptr;
    errno = error;
  }
  return line;
}

class GpiodV1Provider final : public GpioProvider {
 public:
  std::unique_ptr<GpioInputLine> request_input(const GpioLineRequest& request,
                                               Status& status) override {
    gpiod_chip* chip = nullptr;
    gpiod_line* line = find_line(request, chip);
    if (line == nullptr || request_events(line, request) < 0) {
      status = failure(request, chip);
      return nullptr;
    }
    status = Status::ok();
    return std::make_unique<GpiodV1Line>(chip, line);
  }

  std::unique_ptr<GpioOutputLine> request_output(const GpioLineRequest& request, int initial_level,
                                                 Status& status) override {
    gpiod_chip* chip = nullptr;
    gpiod_line* line = find_line(request, chip);
    if (line == nullptr || gpiod_line_request_output_flags(
                               line, kConsumer, bias_flags(request.bias), initial_level) < 0) {
      status = failure(request, chip);
      return nullptr;
    }
    status = Status::ok();
    return std::make_unique<GpiodV1OutputLine>(chip, line);
  }

 private:
  static Status failure(const GpioLineRequest& request, gpiod_chip* chip) {
    const int error = errno != 0 ? errno : ENOENT;
    if (chip != nullptr) {
      gpiod_chip_close(chip);
    }
    return Status::error(describe_gpio_errno(error, "GPIO line " + request.line));
  }
};

}  // namespace

std::unique_ptr<GpioProvider> make_gpiod_provider() {
  return std::make_unique<GpiodV1Provider>();
}

}  // namespace sa
