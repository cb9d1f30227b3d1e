#include "sampling/transform.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

namespace sa {
namespace {

std::string number_text(double value) {
  std::ostringstream text;
  text.precision(15);
  text << value;
  return text.str();
}

// The last `size` values; a window that is not full yet still yields its statistic, so a sensor
// publishes from its first sample instead of staying silent for N intervals. The ring is allocated
// on the first value: a disabled window (the default) costs nothing per channel.
class Window {
 public:
  explicit Window(int size) : size_(static_cast<size_t>(std::max(size, 0))) {}
  bool enabled() const { return size_ > 0; }

  void add(double value) {
    if (values_.size() < size_) {
      if (values_.empty())
        values_.reserve(size_);
      values_.push_back(value);
      return;
    }
    values_[oldest_] = value;
    oldest_ = (oldest_ + 1) % size_;
  }

  double median() const {
    std::vector<double> sorted(values_);
    std::sort(sorted.begin(), sorted.end());
    const size_t middle = sorted.size() / 2;
    if (sorted.size() % 2 == 1)
      return sorted[middle];
    return (sorted[middle - 1] + sorted[middle]) / 2.0;
  }

  // Summed oldest first, so the rounding does not depend on where the ring starts.
  double mean() const {
    double sum = 0.0;
    for (size_t i = 0; i < values_.size(); ++i)
      sum += values_[(oldest_ + i) % values_.size()];
    return sum / static_cast<double>(values_.size());
  }

 private:
  size_t size_;
  std::vector<double> values_;
  size_t oldest_ = 0;  // where the next value goes once the ring is full
};

}  // namespace

class ChannelTransform::State {
 public:
  explicit State(const TransformConfig& config)
      : config_(config), median_(config.median), mean_(config.mean) {}

  Outcome apply(double& value, SteadyTime now) {
    double v = value;
    if (config_.calibrate)
      v = calibrate(v);
    v = v * config_.scale + config_.offset;
    if (!std::isfinite(v))
      return invalid("not a finite number");
    if (config_.valid_min && v < *config_.valid_min) {
      return invalid(number_text(v) + " is below valid_min " + number_text(*config_.valid_min));
    }
    if (config_.valid_max && v > *config_.valid_max) {
      return invalid(number_text(v) + " is above valid_max " + number_text(*config_.valid_max));
    }
    // Median first, then mean over the medians when both are set.
    if (median_.enabled()) {
      median_.add(v);
      v = median_.median();
    }
    if (mean_.enabled()) {
      mean_.add(v);
      v = mean_.mean();
    }
    if (config_.precision >= 0)
      v = round_to(v, config_.precision);
    if (!due(v, now))
      return Outcome::suppress;
    last_published_ = v;
    last_publish_time_ = now;
    value = v;
    return Outcome::publish;
  }

  const std::string& invalid_reason() const { return invalid_reason_; }

 private:
  double calibrate(double v) const {
    const auto& [low, high] = *config_.calibrate;
    // Two points with the same raw value define no slope: apply their offset alone.
    if (high.raw == low.raw)
      return v + (low.actual - low.raw);
    const double slope = (high.actual - low.actual) / (high.raw - low.raw);
    return low.actual + (v - low.raw) * slope;
  }

  static double round_to(double v, int decimals) {
    // Beyond 15 decimals a double has no more digits to round.
    if (decimals > 15)
      return v;
    const double factor = std::pow(10.0, decimals);
    const double rounded = std::round(v * factor) / factor;
    return rounded == 0.0 ? 0.0 : rounded;  // no "-0"
  }

  bool due(double v, SteadyTime now) const {
    if (!config_.deadband || !last_published_)
      return true;
    // Tolerates the representation error of decimal steps (20.1 -> 20.6 with deadband 0.5).
    const double tolerance = 1e-9 * std::max(1.0, std::fabs(*config_.deadband));
    if (std::fabs(v - *last_published_) >= *config_.deadband - tolerance)
      return true;
    return config_.heartbeat.count() > 0 && now - last_publish_time_ >= config_.heartbeat;
  }

  Outcome invalid(std::string reason) {
    invalid_reason_ = std::move(reason);
    return Outcome::invalid;
  }

  TransformConfig config_;
  Window median_;
  Window mean_;
  std::optional<double> last_published_;
  SteadyTime last_publish_time_{};
  std::string invalid_reason_;
};

ChannelTransform::ChannelTransform(const TransformConfig& config)
    : state_(std::make_shared<State>(config)) {}

ChannelTransform::Outcome ChannelTransform::apply(double& value, SteadyTime now) {
  return state_->apply(value, now);
}

const std::string& ChannelTransform::invalid_reason() const {
  return state_->invalid_reason();
}

}  // namespace sa
