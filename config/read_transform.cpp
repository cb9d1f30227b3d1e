#include <sstream>

#include "internal/readers.h"
#include "internal/units.h"

namespace sa::config_detail {

namespace {

constexpr int kMaxPrecision = 15;  // decimals a double carries
constexpr int64_t kMaxWindow = 10'000;

std::optional<double> array_number(const toml::node& node) {
  if (node.is_integer()) {
    return static_cast<double>(node.as_integer()->get());
  }
  if (node.is_floating_point()) {
    return node.as_floating_point()->get();
  }
  return std::nullopt;
}

void read_calibrate(TableReader& reader, TransformConfig& transform) {
  const toml::node* node = reader.find("calibrate");
  if (node == nullptr) {
    return;
  }
  const char* shape = "calibrate must be two [raw, actual] pairs, like [[0.0, 0.0], [100.0, 98.5]]";
  const toml::array* pairs = node->as_array();
  if (pairs == nullptr || pairs->size() != 2) {
    reader.error("calibrate", shape);
    return;
  }
  CalibrationPoint points[2];
  for (size_t i = 0; i < 2; ++i) {
    const toml::array* pair = pairs->get(i)->as_array();
    std::optional<double> raw =
        pair != nullptr && pair->size() == 2 ? array_number(*pair->get(0)) : std::nullopt;
    std::optional<double> actual =
        pair != nullptr && pair->size() == 2 ? array_number(*pair->get(1)) : std::nullopt;
    if (!raw || !actual) {
      reader.error("calibrate", shape);
      return;
    }
    points[i] = CalibrationPoint{*raw, *actual};
  }
  if (points[0].raw == points[1].raw) {
    std::ostringstream raw;
    raw << points[0].raw;
    reader.error("calibrate",
                 "calibrate needs two different raw values, got " + raw.str() + " twice");
    return;
  }
  transform.calibrate = std::make_pair(points[0], points[1]);
}

}  // namespace

void read_transform(TableReader& reader, TransformConfig& transform) {
  assign_if(transform.offset, reader.number("offset"));
  if (std::optional<double> scale = reader.number("scale")) {
    if (*scale == 0.0) {
      reader.error("scale", "scale must not be 0: every value would become the offset");
    } else {
      transform.scale = *scale;
    }
  }
  read_calibrate(reader, transform);
  if (std::optional<int64_t> precision = reader.integer("precision", 0, kMaxPrecision)) {
    transform.precision = static_cast<int>(*precision);
  }
  transform.valid_min = reader.number("valid_min");
  transform.valid_max = reader.number("valid_max");
  if (transform.valid_min && transform.valid_max && *transform.valid_min > *transform.valid_max) {
    reader.error("valid_max", "valid_max must not be below valid_min");
  }
  if (std::optional<double> deadband = reader.number("deadband")) {
    if (*deadband < 0) {
      reader.error("deadband", "deadband must not be negative");
    } else {
      transform.deadband = deadband;
    }
  }
  assign_if(transform.heartbeat, reader.duration("heartbeat"));
  if (transform.heartbeat.count() > 0 && !reader.has("deadband")) {
    reader.warning("heartbeat", "heartbeat has no effect without deadband");
  }
  std::optional<int64_t> median = reader.integer("median", 0, kMaxWindow);
  std::optional<int64_t> mean = reader.integer("mean", 0, kMaxWindow);
  if (median.value_or(0) > 0 && mean.value_or(0) > 0) {
    // Point at whichever of the two comes later in the file.
    SourceLocation median_at = reader.value_location("median");
    SourceLocation mean_at = reader.value_location("mean");
    bool mean_later = mean_at.line != median_at.line ? mean_at.line > median_at.line
                                                     : mean_at.column > median_at.column;
    reader.error(mean_later ? "mean" : "median", "median and mean are exclusive: choose one");
  } else {
    transform.median = static_cast<int>(median.value_or(0));
    transform.mean = static_cast<int>(mean.value_or(0));
  }
}

}  // namespace sa::config_detail
