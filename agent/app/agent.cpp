#include "app/agent.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <stdexcept>

#include "app/availability.h"
#include "app/boot_id.h"
#include "app/buffer_factory.h"
#include "app/config_check.h"
#include "app/control_hub.h"
#include "app/health.h"
#include "app/host_context.h"
#include "app/liveness.h"
#include "app/pipeline.h"
#include "app/signal_fd.h"
#include "app/status_line.h"
#include "app/systemd_notifier.h"
#include "log/log.h"
#include "publish/topics.h"
#include "sa/version.h"

namespace sa {
namespace {

void log_problems(const std::vector<ConfigProblem>& problems) {
  for (const auto& problem : problems) {
    if (problem.warning) {
      spdlog::warn("{}", problem.format());
    } else {
      spdlog::error("{}", problem.format());
    }
  }
}

// The publisher loop may sit in a blocking connect for connect_timeout; sensors may retry setup
// with the runner's longest backoff before they show any progress.
LivenessMonitor make_liveness(const Config& config) {
  SteadyClock::duration longest_stale{0};
  for (const auto& sensor : config.sensors) {
    const SteadyClock::duration stale = sensor.stale_after.count() > 0
                                            ? SteadyClock::duration(sensor.stale_after)
                                            : SteadyClock::duration(3 * sensor.interval);
    longest_stale = std::max(longest_stale, stale);
  }
  return LivenessMonitor(
      config.broker.connect_timeout + std::chrono::seconds(30),
      longest_stale + RunnerOptions{}.setup_backoff_max + std::chrono::minutes(1));
}

int64_t unix_ms(WallTime time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

// Counters of pipelines replaced by a reload, so health reports totals for the whole run.
struct Totals {
  uint64_t sampled = 0;
  uint64_t published = 0;
  uint64_t dropped = 0;
  uint64_t reconnects = 0;
};

}  // namespace

class Agent::Loop {
 public:
  Loop(Agent& agent, const Config& config, std::string boot_id)
      : agent_(agent), boot_id_(std::move(boot_id)), started_(SteadyClock::now()) {
    buffer_ = make_buffer(config);
    if (const size_t raised = carry_seq_counters(*buffer_, config.agent.state_dir); raised > 0) {
      spdlog::info("seq counters carried past {} queued readings", raised);
    }
    build(config);
  }

  int run(SignalFd& signals) {
    const Config& config = pipeline_->config();
    spdlog::info("sensor-agent {} started: config {}, device {}, broker {}, {} sensors, boot {}",
                 kVersion, agent_.config_path_, config.device.id, redact_url(config.broker.url),
                 config.sensors.size(), boot_id_);
    notifier_.ready();
    publish_snapshot(true);
    for (;;) {
      const std::optional<int> signal_number = signals.wait(agent_.options_.tick);
      if (signal_number == SIGTERM || signal_number == SIGINT) {
        spdlog::info("stopping on {}", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
        break;
      }
      if (signal_number == SIGHUP) {
        reload();
      }
      tick(SteadyClock::now());
    }
    notifier_.stopping();
    retire(agent_.options_.stop_drain);
    buffer_->flush();
    publish_snapshot(false);
    spdlog::info("stopped");
    return kAgentExitOk;
  }

 private:
  void build(const Config& config) {
    pipeline_ = std::make_unique<Pipeline>(config, host_.context(), *buffer_, boot_id_);
    log_problems(pipeline_->problems());
    control_ = std::make_unique<ControlHub>(pipeline_->config(), *pipeline_, boot_id_,
                                            host_.context().host_path("/proc/device-tree/model"));
    pipeline_->start();
    availability_.reset();
    liveness_ = make_liveness(config);
    was_connected_ = false;
    next_health_ = SteadyClock::now() + config.agent.health_interval;
  }

  // Stops the pipeline and folds its counters into the totals.
  void retire(std::chrono::milliseconds drain) {
    pipeline_->stop(drain);
    control_.reset();
    const PublisherStats stats = pipeline_->publisher_stats();
    totals_.sampled += pipeline_->sampled();
    totals_.published += stats.published;
    totals_.dropped += stats.dropped;
    totals_.reconnects += stats.reconnects;
    retired_routes_.push_back(pipeline_->routes());
    pipeline_.reset();
    // Whatever was handed out and not acknowledged is sent again by the next publisher.
    buffer_->release_all();
  }

  void reload() {
    notifier_.reloading();
    spdlog::info("reloading {}", agent_.config_path_);
    CheckedConfig checked = check_config_file(agent_.config_path_, LoadEnvironment::from_process());
    log_problems(checked.problems);
    if (!checked.ok()) {
      spdlog::error("reload failed: {} error(s) in {}; still running on the previous configuration",
                    checked.error_count(), agent_.config_path_);
      notifier_.ready();
      std::lock_guard lock(agent_.snapshot_mutex_);
      ++agent_.snapshot_.failed_reloads;
      return;
    }
    const Config& next = *checked.config;
    const Config previous = pipeline_->config();
    retire(agent_.options_.reload_drain);
    if (same_queue_dir(previous, next) && !same_buffer(previous, next)) {
      buffer_->flush();
      buffer_.reset();
      buffer_ = make_buffer(next);
      spdlog::info("queue settings changed: queue reopened");
    } else if (!same_buffer(previous, next)) {
      auto buffer = make_buffer(next);
      const size_t moved = move_unsent(*buffer_, *buffer);
      buffer_->flush();
      buffer_ = std::move(buffer);
      spdlog::info("buffer settings changed: {} buffered readings moved to the new buffer", moved);
    }
    log::set_level(next.agent.log_level);
    build(next);
    notifier_.ready();
    spdlog::info("reloaded: device {}, broker {}, {} sensors", next.device.id,
                 redact_url(next.broker.url), next.sensors.size());
    {
      std::lock_guard lock(agent_.snapshot_mutex_);
      ++agent_.snapshot_.reloads;
    }
    publish_snapshot(true);
  }

  void tick(SteadyTime now) {
    const Config& config = pipeline_->config();
    const PublisherStats stats = pipeline_->publisher_stats();
    const std::vector<SensorStatus> sensors = pipeline_->sensor_statuses();
    if (stats.connected && !was_connected_) {
      // Retained availability may be stale on the broker (a previous run); send it all again.
      availability_.reset();
      publish_health(config, stats, sensors);
      next_health_ = now + config.agent.health_interval;
    }
    control_->tick(stats.connected, stats.connected && !was_connected_);
    was_connected_ = stats.connected;
    if (stats.connected) {
      for (const auto& change : availability_.update(sensors)) {
        pipeline_->publish_control(topic_prefix(config) + "/" + change.sensor + "/status",
                                   change.status, true);
      }
    }
    if (now >= next_health_) {
      publish_health(config, stats, sensors);
      next_health_ = now + config.agent.health_interval;
    }
    notifier_.status(status_line(config.broker.url, stats, sensors), now);
    // A publisher or sampler that stopped answering leaves the watchdog unfed; systemd restarts.
    if (liveness_.alive(now, stats, sensors)) {
      notifier_.watchdog(now);
    }
    publish_snapshot(true);
  }

  void publish_health(const Config& config, const PublisherStats& stats,
                      const std::vector<SensorStatus>& sensors) {
    if (!stats.connected) {
      return;
    }
    HealthInputs inputs;
    inputs.device = config.device.id;
    inputs.boot_id = boot_id_;
    inputs.version = kVersion;
    inputs.uptime =
        std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started_);
    inputs.now_unix_ms = unix_ms(WallClock::now());
    inputs.sampled = totals_.sampled + pipeline_->sampled();
    inputs.published = totals_.published + stats.published;
    inputs.dropped = totals_.dropped + stats.dropped;
    inputs.buffer = stats.buffer;
    inputs.reconnects = totals_.reconnects + stats.reconnects;
    inputs.connected = stats.connected;
    inputs.clock_synchronized = wall_clock_synchronized();
    inputs.sensors = sensors;
    pipeline_->publish_control(topic_prefix(config) + "/health", health_json(inputs), false);
  }

  void publish_snapshot(bool running) {
    std::vector<std::string> sensors;
    uint64_t sampled = totals_.sampled;
    if (pipeline_) {
      for (const auto& sensor : pipeline_->config().sensors) {
        sensors.push_back(sensor.name);
      }
      sampled += pipeline_->sampled();
    }
    std::lock_guard lock(agent_.snapshot_mutex_);
    agent_.snapshot_.running = running;
    agent_.snapshot_.sensors = std::move(sensors);
    agent_.snapshot_.sampled = sampled;
  }

  Agent& agent_;
  const std::string boot_id_;
  const SteadyTime started_;
  HostContext host_;
  SystemdNotifier notifier_;
  std::unique_ptr<MessageBuffer> buffer_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<ControlHub> control_;  // after the pipeline it subscribes through
  // Kept for sensor threads abandoned inside a driver: they may still hold route pointers.
  std::vector<std::shared_ptr<const RouteTable>> retired_routes_;
  AvailabilityTracker availability_;
  LivenessMonitor liveness_{SteadyClock::duration::zero(), SteadyClock::duration::zero()};
  Totals totals_;
  SteadyTime next_health_{};
  bool was_connected_ = false;
};

Agent::Agent(std::string config_path) : Agent(std::move(config_path), Options{}) {}

Agent::Agent(std::string config_path, Options options)
    : config_path_(std::move(config_path)), options_(options) {}

Agent::~Agent() = default;

Agent::Snapshot Agent::snapshot() const {
  std::lock_guard lock(snapshot_mutex_);
  return snapshot_;
}

int Agent::run() {
  // Before any thread exists, so that every thread inherits the blocked mask.
  SignalFd signals{SIGTERM, SIGINT, SIGHUP};
  if (!signals.valid()) {
    spdlog::critical("cannot set up signal handling");
    return kAgentExitFailure;
  }
  std::optional<CheckedConfig> checked =
      check_config_file(config_path_, LoadEnvironment::from_process());
  log_problems(checked->problems);
  if (!checked->ok()) {
    spdlog::critical("invalid configuration {}: {} error(s)", config_path_, checked->error_count());
    return kAgentExitConfig;
  }
  log::set_level(checked->config->agent.log_level);
  try {
    Loop loop(*this, *checked->config, make_boot_id());
    // The pipeline holds its own copy; this one would take memory for the whole run.
    checked.reset();
    return loop.run(signals);
  } catch (const std::exception& error) {
    spdlog::critical("fatal: {}", error.what());
    return kAgentExitFailure;
  }
}

}  // namespace sa
