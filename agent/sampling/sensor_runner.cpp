#include "sampling/sensor_runner.h"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <utility>

#include "core/thread_name.h"
#include "log/log.h"
#include "sampling/deadline.h"
#include "sampling/event_fd.h"
#include "sampling/lateness_window.h"

namespace sa {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

long long to_ms(SteadyClock::duration duration) {
  return static_cast<long long>(duration_cast<milliseconds>(duration).count());
}

// wall_clock_synchronized() is a syscall; once a second is fresh enough for a flag on readings.
class ClockSyncCache {
 public:
  bool get(SteadyTime now) {
    if (!checked_ || now - last_check_ >= std::chrono::seconds(1)) {
      value_ = wall_clock_synchronized();
      last_check_ = now;
      checked_ = true;
    }
    return value_;
  }

 private:
  bool checked_ = false;
  bool value_ = false;
  SteadyTime last_check_{};
};

// Drivers must not throw; one that does still must not take the agent down.
template <typename Call>
Status guarded(Call&& call) {
  try {
    return call();
  } catch (const std::exception& error) {
    return Status::error(std::string("driver threw: ") + error.what());
  } catch (...) {
    return Status::error("driver threw an unknown exception");
  }
}

}  // namespace

class SensorRunner::Loop {
 public:
  Loop(const SensorConfig& config, std::unique_ptr<Sensor> sensor,
       const std::vector<const ChannelRoute*>& routes, ReadingSink sink, RunnerOptions options)
      : name_(config.name),
        sensor_(std::move(sensor)),
        pipeline_(config, routes),
        sink_(std::move(sink)),
        options_(options),
        interval_(std::max<SteadyClock::duration>(config.interval, milliseconds(1))),
        stale_after_(config.stale_after.count() > 0 ? SteadyClock::duration(config.stale_after)
                                                    : 3 * interval_),
        failure_log_(options.error_log_period),
        missed_log_(options.error_log_period) {
    status_.name = name_;
  }

  const std::string& name() const { return name_; }
  SteadyClock::duration stop_timeout() const { return options_.stop_timeout; }

  void mark_started(SteadyTime now) {
    std::lock_guard lock(status_mutex_);
    started_at_ = now;
    started_ = true;
  }

  void run() {
    log::FieldScope scope{{"SENSOR", name_}};
    try {
      if (set_up())
        sample_loop();
    } catch (const std::exception& error) {
      spdlog::critical("sampling thread ended: {}", error.what());
    }
    std::lock_guard lock(done_mutex_);
    done_ = true;
    done_cv_.notify_all();
  }

  void request_stop() {
    stop_.store(true);
    wake_.signal();
  }

  // A read before the next deadline (the `read` command); the schedule stays as it was.
  void request_read() {
    read_now_.store(true);
    wake_.signal();
  }

  // True when run() finished before `until`.
  bool wait_done(SteadyTime until) {
    std::unique_lock lock(done_mutex_);
    return done_cv_.wait_until(lock, until, [this] { return done_; });
  }

  // Waits for a sink call in progress; none happens afterwards.
  void close_sink() {
    std::lock_guard lock(sink_mutex_);
    sink_closed_ = true;
  }

  SensorStatus status() const {
    const SteadyTime now = SteadyClock::now();
    std::lock_guard lock(status_mutex_);
    SensorStatus snapshot = status_;
    snapshot.lateness = lateness_.stats();
    if (started_) {
      const SteadyTime since = has_succeeded_ ? last_success_steady_ : started_at_;
      snapshot.stale = now - since >= stale_after_;
    }
    return snapshot;
  }

 private:
  bool set_up() {
    for (uint32_t attempt = 0; !stop_.load(); ++attempt) {
      Status result = guarded([this] { return sensor_->setup(); });
      const SteadyTime now = SteadyClock::now();
      if (result) {
        {
          std::lock_guard lock(status_mutex_);
          status_.state = SensorState::ok;
        }
        failure_log_.reset();
        if (attempt == 0) {
          spdlog::debug("sensor set up");
        } else {
          spdlog::info("sensor set up after {} failed attempts", attempt);
        }
        return true;
      }
      const auto backoff =
          setup_backoff(attempt, options_.setup_backoff_min, options_.setup_backoff_max);
      {
        std::lock_guard lock(status_mutex_);
        status_.state = SensorState::failed;
        status_.errors++;
        status_.last_error = result.reason();
      }
      uint64_t suppressed = 0;
      if (failure_log_.allow(now, suppressed)) {
        spdlog::warn("setup failed: {}; retrying in {} ms ({} failures not logged)",
                     result.reason(), to_ms(backoff), suppressed);
      }
      int no_event_fd = -1;
      bool event = false;
      wait_until(now + backoff, no_event_fd, event);
    }
    return false;
  }

  void sample_loop() {
    const Schedule schedule{SteadyClock::now(), interval_};
    uint64_t index = 0;
    int event_fd = sensor_->event_fd();
    while (!stop_.load()) {
      const SteadyTime deadline = schedule.deadline(index);
      bool event = false;
      if (!wait_until(deadline, event_fd, event))
        break;
      if (event)
        handle_event(event_fd);
      const bool forced = std::exchange(forced_read_, false);
      if (SteadyClock::now() < deadline) {
        if (forced)
          sample(SteadyClock::now());  // between deadlines: the schedule stays as it is
        continue;
      }
      sample(deadline);
      const NextDeadline next = next_deadline(schedule, index, SteadyClock::now());
      index = next.index;
      if (next.missed > 0)
        record_missed(next.missed);
    }
  }

  // Sleeps until `until` or until `event_fd` is readable (`event` set). False when stopping.
  bool wait_until(SteadyTime until, int& event_fd, bool& event) {
    while (!stop_.load()) {
      const auto remaining = std::max(until - SteadyClock::now(), SteadyClock::duration::zero());
      const auto seconds = duration_cast<std::chrono::seconds>(remaining);
      const timespec timeout{static_cast<time_t>(seconds.count()),
                             static_cast<long>((remaining - seconds).count())};
      pollfd fds[2] = {{wake_.fd(), POLLIN, 0}, {event_fd, POLLIN | POLLPRI, 0}};
      const nfds_t count = event_fd >= 0 ? 2 : 1;
      const int ready = ppoll(fds, count, &timeout, nullptr);
      if (ready < 0) {
        if (errno == EINTR)
          continue;
        spdlog::error("poll failed: {}", std::strerror(errno));
        return !stop_.load();
      }
      if ((fds[0].revents & POLLIN) != 0)
        wake_.drain();
      if (stop_.load())
        return false;
      if (read_now_.exchange(false)) {
        forced_read_ = true;
        return true;
      }
      if (count == 2 && fds[1].revents != 0) {
        if ((fds[1].revents & (POLLIN | POLLPRI)) == 0) {
          // POLLERR/POLLHUP/POLLNVAL without data would wake us forever: stop watching it.
          spdlog::error("event descriptor {} failed (revents {:#x}); interval reads continue",
                        event_fd, static_cast<unsigned>(fds[1].revents));
          event_fd = -1;
          continue;
        }
        event = true;
        return true;
      }
      if (ready == 0 && SteadyClock::now() >= until)
        return true;
    }
    return false;
  }

  void handle_event(int /*event_fd*/) {
    const WallTime wall = WallClock::now();
    std::vector<ChannelSample> samples;
    Status result = guarded([&] { return sensor_->on_event(samples); });
    finish_read(result, samples, wall);
  }

  void sample(SteadyTime deadline) {
    const SteadyTime started = SteadyClock::now();
    const WallTime wall = WallClock::now();
    {
      std::lock_guard lock(status_mutex_);
      lateness_.add(started - deadline);
    }
    std::vector<ChannelSample> samples;
    Status result = guarded([&] { return sensor_->read(samples); });
    finish_read(result, samples, wall);
  }

  void finish_read(const Status& result, const std::vector<ChannelSample>& samples,
                   WallTime sampled_at) {
    const SteadyTime now = SteadyClock::now();
    {
      std::lock_guard lock(status_mutex_);
      status_.reads++;
    }
    if (!result) {
      record_failure(result.reason(), now);
      return;
    }
    // Held back by one so the last reading of the read can say that nothing follows it.
    std::optional<Reading> held;
    auto emit = [&](const Reading& reading) {
      if (held) {
        held->more_follow = true;
        deliver(*held);
      }
      held = reading;
    };
    const auto outcome = pipeline_.process(samples, sampled_at, clock_sync_.get(now), now, emit);
    if (held) {
      held->more_follow = false;
      deliver(*held);
    }
    if (outcome.rejected > 0) {
      record_failure(outcome.error, now);
    } else {
      record_success(sampled_at, now);
    }
  }

  void deliver(const Reading& reading) {
    std::lock_guard lock(sink_mutex_);
    if (sink_closed_)
      return;
    try {
      sink_(reading);
    } catch (const std::exception& error) {
      spdlog::error("reading sink failed: {}", error.what());
    }
  }

  void record_failure(const std::string& reason, SteadyTime now) {
    bool first = false;
    bool now_stale = false;
    {
      std::lock_guard lock(status_mutex_);
      first = status_.state == SensorState::ok;
      status_.state = SensorState::warning;
      status_.errors++;
      status_.last_error = reason;
      const SteadyTime since = has_succeeded_ ? last_success_steady_ : started_at_;
      now_stale = now - since >= stale_after_;
    }
    ++consecutive_failures_;
    uint64_t suppressed = 0;
    if (first) {
      failure_log_.reset();
      failure_log_.allow(now, suppressed);
      spdlog::warn("read failed: {}", reason);
    } else if (failure_log_.allow(now, suppressed)) {
      spdlog::warn("read still failing: {} ({} failures since the last report)", reason,
                   suppressed + 1);
    }
    if (now_stale && !stale_logged_) {
      stale_logged_ = true;
      spdlog::warn("no successful read for {} ms: the sensor is stale", to_ms(stale_after_));
    }
  }

  void record_success(WallTime sampled_at, SteadyTime now) {
    bool recovered = false;
    {
      std::lock_guard lock(status_mutex_);
      recovered = status_.state == SensorState::warning;
      status_.state = SensorState::ok;
      status_.last_success = sampled_at;
      last_success_steady_ = now;
      has_succeeded_ = true;
    }
    if (recovered)
      spdlog::info("recovered after {} failed reads", consecutive_failures_);
    consecutive_failures_ = 0;
    stale_logged_ = false;
  }

  void record_missed(uint64_t missed) {
    {
      std::lock_guard lock(status_mutex_);
      status_.missed_deadlines += missed;
    }
    uint64_t suppressed = 0;
    if (missed_log_.allow(SteadyClock::now(), suppressed)) {
      spdlog::warn(
          "a read overran the {} ms interval; skipped {} deadlines ({} overruns not logged)",
          to_ms(interval_), missed, suppressed);
    }
  }

  const std::string name_;
  std::unique_ptr<Sensor> sensor_;
  ChannelPipeline pipeline_;
  ReadingSink sink_;
  const RunnerOptions options_;
  const SteadyClock::duration interval_;
  const SteadyClock::duration stale_after_;

  EventFd wake_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> read_now_{false};
  bool forced_read_ = false;  // the sampling thread's copy of read_now_

  // Only touched by the sampling thread.
  log::RateLimiter failure_log_;
  log::RateLimiter missed_log_;
  ClockSyncCache clock_sync_;
  uint64_t consecutive_failures_ = 0;
  bool stale_logged_ = false;

  std::mutex sink_mutex_;
  bool sink_closed_ = false;

  mutable std::mutex status_mutex_;
  SensorStatus status_;
  LatenessWindow lateness_;
  bool started_ = false;
  SteadyTime started_at_{};
  bool has_succeeded_ = false;
  SteadyTime last_success_steady_{};

  std::mutex done_mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
};

SensorRunner::SensorRunner(const SensorConfig& config, std::unique_ptr<Sensor> sensor,
                           const std::vector<const ChannelRoute*>& routes, ReadingSink sink,
                           RunnerOptions options)
    : loop_(std::make_shared<Loop>(config, std::move(sensor), routes, std::move(sink), options)) {}

SensorRunner::~SensorRunner() {
  request_stop();
  wait_stopped(SteadyClock::now() + loop_->stop_timeout());
}

void SensorRunner::start() {
  if (thread_.joinable())
    return;
  loop_->mark_started(SteadyClock::now());
  // The thread co-owns the loop so that a detached thread never outlives what it uses.
  thread_ = std::thread([loop = loop_] {
    name_this_thread("sa-sensor");
    loop->run();
  });
}

void SensorRunner::request_read() {
  loop_->request_read();
}

void SensorRunner::request_stop() {
  loop_->request_stop();
}

bool SensorRunner::wait_stopped(SteadyTime until) {
  const bool finished = !thread_.joinable() || loop_->wait_done(until);
  loop_->close_sink();
  if (!thread_.joinable())
    return true;
  if (finished) {
    thread_.join();
    return true;
  }
  log::FieldScope scope{{"SENSOR", loop_->name()}};
  spdlog::error(
      "sensor did not return from its driver within the {} ms stop timeout; abandoning its thread",
      to_ms(loop_->stop_timeout()));
  thread_.detach();
  return false;
}

SensorStatus SensorRunner::status() const {
  return loop_->status();
}

const std::string& SensorRunner::name() const {
  return loop_->name();
}

}  // namespace sa
