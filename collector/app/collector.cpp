#include "app/collector.h"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "ingest/reading_parser.h"
#include "publish/payload.h"

namespace sa::collector {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr milliseconds kIdleTick{1000};
constexpr std::chrono::hours kRetentionEvery{1};

int poll_timeout(SteadyTime now, SteadyTime deadline) {
  auto left = duration_cast<milliseconds>(deadline - now).count();
  return static_cast<int>(std::clamp<int64_t>(left, 0, kIdleTick.count()));
}

}  // namespace

std::string utc_now_text() {
  return format_timestamp(WallClock::now());
}

Collector::Collector(const CollectorConfig& config, Store& store)
    : config_(config),
      store_(store),
      client_(config.broker, config.subscriptions(), config.collector.batch_size,
              [this](IncomingMessage&& message) { on_message(std::move(message)); }),
      retry_wait_(config.broker.reconnect_min) {}

void Collector::on_message(IncomingMessage&& message) {
  if (unacknowledged_ == 0) {
    batch_started_ = SteadyClock::now();
  }
  ++unacknowledged_;
  ParsedPayload parsed = parse_payload(message.topic, message.payload);
  if (parsed.kind == PayloadKind::bad) {
    ++stats_.bad_payloads;
    uint64_t held_back = 0;
    if (bad_payload_log_.allow(SteadyClock::now(), held_back)) {
      log::FieldScope fields({{"TOPIC", message.topic}});
      spdlog::warn("bad payload on {} skipped: {} ({} more since the last report)", message.topic,
                   parsed.problem, held_back);
    }
    return;
  }
  for (StoredReading& reading : parsed.readings) {
    pending_.push_back(std::move(reading));
  }
  stats_.backlog = pending_.size();
}

bool Collector::commit() {
  if (pending_.empty()) {
    unacknowledged_ = 0;
    return true;
  }
  const SteadyTime start = SteadyClock::now();
  BatchOutcome outcome;
  Status status = store_.write_batch(pending_, utc_now_text(), outcome);
  const double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
  if (!status) {
    ++stats_.failed_commits;
    uint64_t held_back = 0;
    if (commit_failure_log_.allow(SteadyClock::now(), held_back)) {
      spdlog::error("cannot commit {} readings, held and not acknowledged: {}", pending_.size(),
                    status.reason());
    }
    return false;
  }
  stats_.stored += outcome.stored;
  stats_.repeats += outcome.repeats;
  ++stats_.commits;
  stats_.last_commit_ms = ms;
  stats_.max_commit_ms = std::max(stats_.max_commit_ms, ms);
  spdlog::debug("committed {} readings ({} stored, {} repeats) in {:.1f} ms", pending_.size(),
                outcome.stored, outcome.repeats, ms);
  pending_.clear();
  stats_.backlog = 0;
  unacknowledged_ = 0;
  return true;
}

void Collector::pause(SignalFd& signals, milliseconds total, bool& stop) {
  const SteadyTime until = SteadyClock::now() + total;
  while (!stop) {
    const SteadyTime now = SteadyClock::now();
    if (now >= until) {
      return;
    }
    notifier_->watchdog(now);
    const milliseconds slice = std::min(duration_cast<milliseconds>(until - now), kIdleTick);
    if (std::optional<int> signal = signals.wait(slice)) {
      stop = *signal == SIGTERM || *signal == SIGINT;
    }
  }
}

void Collector::connect_with_backoff(SignalFd& signals, bool& stop) {
  // A broker that refused the last connection (bad credentials, say) is not asked again at once.
  if (client_.accepted()) {
    retry_wait_ = config_.broker.reconnect_min;
  } else {
    pause(signals, retry_wait_, stop);
    retry_wait_ = std::min(retry_wait_ * 2, config_.broker.reconnect_max);
  }
  while (!stop) {
    Status status = client_.connect();
    if (status) {
      return;
    }
    spdlog::warn("{}; retrying in {} ms", status.reason(), retry_wait_.count());
    pause(signals, retry_wait_, stop);
    retry_wait_ = std::min(retry_wait_ * 2, config_.broker.reconnect_max);
  }
}

void Collector::apply_retention() {
  if (config_.collector.retention.count() <= 0) {
    return;
  }
  uint64_t deleted = 0;
  const std::string cutoff = format_timestamp(WallClock::now() - config_.collector.retention);
  if (Status status = store_.delete_before(cutoff, deleted); !status) {
    spdlog::error("retention: {}", status.reason());
  } else if (deleted > 0) {
    spdlog::info("retention: deleted {} readings sampled before {}", deleted, cutoff);
  }
}

void Collector::periodic(SteadyTime now, SystemdNotifier& notifier) {
  stats_.connected = client_.connected();
  notifier.watchdog(now);
  notifier.status(status_line(stats_), now);
  if (now - last_retention_ >= kRetentionEvery) {
    last_retention_ = now;
    apply_retention();
  }
  const milliseconds interval = duration_cast<milliseconds>(now - last_health_);
  if (interval < config_.collector.health_interval) {
    return;
  }
  last_health_ = now;
  if (Status status = store_.count_gaps(stats_.gaps); !status) {
    spdlog::warn("cannot count gaps: {}", status.reason());
  }
  const std::string health = health_json(config_.collector.name, stats_,
                                         duration_cast<std::chrono::seconds>(now - started_),
                                         stored_at_last_health_, interval);
  stored_at_last_health_ = stats_.stored;
  stats_.max_commit_ms = 0.0;
  spdlog::info("health {}", health);
  client_.publish("collector/" + config_.collector.name + "/health", health);
}

int Collector::run(SignalFd& signals, SystemdNotifier& notifier) {
  bool stop = false;
  last_health_ = started_;
  last_retention_ = started_ - kRetentionEvery;
  notifier_ = &notifier;
  // Ready once the database is open: a broker that is away is waited for while running.
  notifier.ready();
  connect_with_backoff(signals, stop);
  std::string filters;
  for (const std::string& filter : config_.subscriptions()) {
    filters += (filters.empty() ? "" : ", ") + filter;
  }
  spdlog::info("collecting {} into {} (batch {} / {} ms)", filters, config_.database.url,
               config_.collector.batch_size, config_.collector.batch_time.count());
  bool link_up = !stop;
  while (!stop) {
    if (!link_up) {
      // What was read on the lost connection is committed before the next one acknowledges
      // anything; the broker sends it again anyway, and the unique key drops the copies.
      while (!commit() && !stop) {
        pause(signals, config_.collector.batch_time, stop);
      }
      connect_with_backoff(signals, stop);
      link_up = true;
      continue;
    }
    const SteadyTime now = SteadyClock::now();
    const SteadyTime deadline =
        unacknowledged_ > 0 ? batch_started_ + config_.collector.batch_time : now + kIdleTick;
    pollfd fds[2] = {{client_.socket(), POLLIN, 0}, {signals.fd(), POLLIN, 0}};
    // Writing is allowed only while nothing read is waiting for its commit.
    if (unacknowledged_ == 0 && client_.wants_write()) {
      fds[0].events |= POLLOUT;
    }
    if (poll(fds, 2, poll_timeout(now, deadline)) < 0 && errno != EINTR) {
      spdlog::error("poll: {}", std::strerror(errno));
      return 1;
    }
    if (fds[1].revents & POLLIN) {
      if (std::optional<int> signal = signals.wait(milliseconds(0))) {
        stop = *signal == SIGTERM || *signal == SIGINT;
      }
    }
    if (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) {
      link_up = client_.read();
    }
    const bool batch_due = unacknowledged_ >= static_cast<uint64_t>(config_.collector.batch_size) ||
                           (unacknowledged_ > 0 && SteadyClock::now() >= deadline);
    if (batch_due && !commit()) {
      batch_started_ = SteadyClock::now();  // retry after another batch_time
    }
    if (link_up && unacknowledged_ == 0) {
      link_up = client_.flush();
    }
    if (link_up) {
      client_.misc();
    }
    periodic(SteadyClock::now(), notifier);
  }
  notifier.stopping();
  if (commit()) {
    client_.flush();
  }
  client_.disconnect();
  spdlog::info("stopped: {}", status_line(stats_));
  return 0;
}

}  // namespace sa::collector
