// libgpiod 2.x (Debian 13, Raspberry Pi OS trixie): the v2 C API.
#include <gpiod.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "gpio_errors.h"
#include "gpio_line.h"

namespace sa {
namespace {

constexpr size_t kEventBatch = 16;

class GpiodV2Line final : public GpioInputLine {
 public:
  GpiodV2Line(gpiod_line_request* request, unsigned offset)
      : request_(request), offset_(offset), buffer_(gpiod_edge_event_buffer_new(kEventBatch)) {}
  ~GpiodV2Line() override {
    gpiod_edge_event_buffer_free(buffer_);
    gpiod_line_request_release(request_);
  }
  GpiodV2Line(const GpiodV2Line&) = delete;
  GpiodV2Line& operator=(const GpiodV2Line&) = delete;

  int fd() const override { return gpiod_line_request_get_fd(request_); }

  Status read_events(std::vector<GpioEdgeEvent>& out) override {
    const int count = gpiod_line_request_read_edge_events(request_, buffer_, kEventBatch);
    if (count < 0) {
      return Status::error(describe_gpio_errno(errno, "reading edge events"));
    }
    for (int i = 0; i < count; ++i) {
      gpiod_edge_event* event = gpiod_edge_event_buffer_get_event(buffer_, i);
      out.push_back({gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE
                         ? GpioEdge::rising
                         : GpioEdge::falling,
                     static_cast<int64_t>(gpiod_edge_event_get_timestamp_ns(event))});
    }
    return Status::ok();
  }

  Status read_value(int& value) override {
    const gpiod_line_value level = gpiod_line_request_get_value(request_, offset_);
    if (level == GPIOD_LINE_VALUE_ERROR) {
      return Status::error(describe_gpio_errno(errno, "reading line value"));
    }
    value = level == GPIOD_LINE_VALUE_ACTIVE ? 1 : 0;
    return Status::ok();
  }

 private:
  gpiod_line_request* request_;
  unsigned offset_;
  gpiod_edge_event_buffer* buffer_;
};

class GpiodV2OutputLine final : public GpioOutputLine {
 public:
  GpiodV2OutputLine(gpiod_line_request* request, unsigned offset)
      : request_(request), offset_(offset) {}
  ~GpiodV2OutputLine() override { gpiod_line_request_release(request_); }
  GpiodV2OutputLine(const GpiodV2OutputLine&) = delete;
  GpiodV2OutputLine& operator=(const GpiodV2OutputLine&) = delete;

  Status set_value(int level) override {
    if (gpiod_line_request_set_value(request_, offset_, to_line_value(level)) < 0) {
      return Status::error(describe_gpio_errno(errno, "setting line value"));
    }
    return Status::ok();
  }

  Status read_value(int& level) override {
    const gpiod_line_value value = gpiod_line_request_get_value(request_, offset_);
    if (value == GPIOD_LINE_VALUE_ERROR) {
      return Status::error(describe_gpio_errno(errno, "reading line value"));
    }
    level = value == GPIOD_LINE_VALUE_ACTIVE ? 1 : 0;
    return Status::ok();
  }

  static gpiod_line_value to_line_value(int level) {
    return level != 0 ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE;
  }

 private:
  gpiod_line_request* request_;
  unsigned offset_;
};

struct ChipCloser {
  void operator()(gpiod_chip* chip) const { gpiod_chip_close(chip); }
};
using ChipHandle = std::unique_ptr<gpiod_chip, ChipCloser>;

// Finds the chip and offset of a named line; v2 has no global lookup, so every chip is asked.
ChipHandle find_named_line(const std::string& name, unsigned& offset) {
  std::vector<std::filesystem::path> chips;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/dev", error)) {
    if (entry.path().filename().string().rfind("gpiochip", 0) == 0) {
      chips.push_back(entry.path());
    }
  }
  std::sort(chips.begin(), chips.end());
  for (const auto& path : chips) {
    ChipHandle chip(gpiod_chip_open(path.c_str()));
    if (!chip) {
      continue;
    }
    const int found = gpiod_chip_get_line_offset_from_name(chip.get(), name.c_str());
    if (found >= 0) {
      offset = static_cast<unsigned>(found);
      return chip;
    }
  }
  errno = ENOENT;
  return nullptr;
}

gpiod_line_bias to_bias(GpioBias bias) {
  switch (bias) {
    case GpioBias::disabled:
      return GPIOD_LINE_BIAS_DISABLED;
    case GpioBias::pull_up:
      return GPIOD_LINE_BIAS_PULL_UP;
    case GpioBias::pull_down:
      return GPIOD_LINE_BIAS_PULL_DOWN;
    case GpioBias::as_is:
      break;
  }
  return GPIOD_LINE_BIAS_AS_IS;
}

gpiod_line_edge to_edge(GpioEdgeDetection edges) {
  switch (edges) {
    case GpioEdgeDetection::rising:
      return GPIOD_LINE_EDGE_RISING;
    case GpioEdgeDetection::falling:
      return GPIOD_LINE_EDGE_FALLING;
    case GpioEdgeDetection::both:
      break;
  }
  return GPIOD_LINE_EDGE_BOTH;
}

// `initial_level` < 0 requests an input with edge events, otherwise an output driven to it.
gpiod_line_request* request_lines(gpiod_chip* chip, unsigned offset, const GpioLineRequest& req,
                                  int initial_level) {
  gpiod_line_settings* settings = gpiod_line_settings_new();
  gpiod_line_config* line_config = gpiod_line_config_new();
  gpiod_request_config* request_config = gpiod_request_config_new();
  gpiod_line_request* request = nullptr;
  if (settings != nullptr && line_config != nullptr && request_config != nullptr) {
    if (initial_level < 0) {
      gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT);
      gpiod_line_settings_set_edge_detection(settings, to_edge(req.edges));
      gpiod_line_settings_set_event_clock(settings, GPIOD_LINE_CLOCK_MONOTONIC);
    } else {
      gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT);
      gpiod_line_settings_set_output_value(settings,
                                           GpiodV2OutputLine::to_line_value(initial_level));
    }
    gpiod_line_settings_set_bias(settings, to_bias(req.bias));
    gpiod_request_config_set_consumer(request_config, "sensor-agent");
    if (gpiod_line_config_add_line_settings(line_config, &offset, 1, settings) == 0) {
      request = gpiod_chip_request_lines(chip, request_config, line_config);
    }
  }
  const int error = errno;
  gpiod_request_config_free(request_config);
  gpiod_line_config_free(line_config);
  gpiod_line_settings_free(settings);
  errno = error;
  return request;
}

// Requests the line as an input (initial_level < 0) or an output; null with errno on failure.
gpiod_line_request* request_line(const GpioLineRequest& request, int initial_level,
                                 unsigned& offset) {
  offset = 0;
  errno = 0;
  ChipHandle chip;
  if (is_line_offset(request.line, offset)) {
    chip.reset(gpiod_chip_open(gpio_chip_path(request.chip).c_str()));
  } else if (!request.chip.empty()) {
    chip.reset(gpiod_chip_open(gpio_chip_path(request.chip).c_str()));
    const int found =
        chip ? gpiod_chip_get_line_offset_from_name(chip.get(), request.line.c_str()) : -1;
    if (found < 0) {
      chip.reset();
    }
    offset = static_cast<unsigned>(found);
  } else {
    chip = find_named_line(request.line, offset);
  }
  gpiod_line_request* line =
      chip ? request_lines(chip.get(), offset, request, initial_level) : nullptr;
  const int error = errno;
  chip.reset();  // a request outlives its chip handle
  errno = error;
  return line;
}

Status request_failure(const GpioLineRequest& request) {
  return Status::error(
      describe_gpio_errno(errno != 0 ? errno : ENOENT, "GPIO line " + request.line));
}

class GpiodV2Provider final : public GpioProvider {
 public:
  std::unique_ptr<GpioInputLine> request_input(const GpioLineRequest& request,
                                               Status& status) override {
    unsigned offset = 0;
    gpiod_line_request* line = request_line(request, -1, offset);
    if (line == nullptr) {
      status = request_failure(request);
      return nullptr;
    }
    status = Status::ok();
    return std::make_unique<GpiodV2Line>(line, offset);
  }

  std::unique_ptr<GpioOutputLine> request_output(const GpioLineRequest& request, int initial_level,
                                                 Status& status) override {
    unsigned offset = 0;
    gpiod_line_request* line = request_line(request, initial_level != 0 ? 1 : 0, offset);
    if (line == nullptr) {
      status = request_failure(request);
      return nullptr;
    }
    status = Status::ok();
    return std::make_unique<GpiodV2OutputLine>(line, offset);
  }
};

}  // namespace

std::unique_ptr<GpioProvider> make_gpiod_provider() {
  return std::make_unique<GpiodV2Provider>();
}

}  // namespace sa
