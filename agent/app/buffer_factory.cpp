#include "app/buffer_factory.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <tuple>

#include "publish/seq_counters.h"
#include "queue/durable_queue.h"
#include "queue/memory_buffer.h"

namespace sa {
namespace {

std::string queue_dir(const Config& config) {
  return config.queue.dir.empty() ? config.agent.state_dir + "/queue" : config.queue.dir;
}

auto queue_key(const Config& config) {
  const QueueConfig& q = config.queue;
  return std::make_tuple(buffer_kind(config), queue_dir(config), q.max_bytes, q.max_age.count(),
                         q.on_full, q.sync, q.sync_interval.count(), q.memory_max_messages);
}

}  // namespace

BufferKind buffer_kind(const Config& config) {
  for (const auto& sensor : config.sensors) {
    for (const auto& channel : sensor.channels) {
      if (channel.queue) {
        return BufferKind::durable;
      }
    }
  }
  return BufferKind::memory;
}

std::unique_ptr<MessageBuffer> make_buffer(const Config& config) {
  if (buffer_kind(config) == BufferKind::durable) {
    QueueConfig queue = config.queue;
    queue.dir = queue_dir(config);
    DurableQueue::OpenResult opened = DurableQueue::open(queue);
    if (opened.queue) {
      return std::move(opened.queue);
    }
    // Readings still flow, they just do not survive a restart.
    spdlog::error("cannot use the queue directory {}: {}; buffering in memory instead", queue.dir,
                  opened.status.reason());
  }
  return std::make_unique<MemoryBuffer>(config.queue);
}

size_t carry_seq_counters(MessageBuffer& buffer, const std::string& state_dir) {
  auto* queue = dynamic_cast<DurableQueue*>(&buffer);
  if (queue == nullptr) {
    return 0;
  }
  SeqCounters counters(state_dir + "/seq.json");
  if (Status loaded = counters.load(); !loaded) {
    spdlog::warn("seq counters: {}", loaded.reason());
  }
  size_t raised = 0;
  queue->for_each_unacked([&](const std::string& topic, const std::string& payload) {
    const std::optional<uint64_t> seq = payload_seq(payload);
    if (seq && counters.peek(topic) <= *seq) {
      counters.ensure_at_least(topic, *seq + 1);
      ++raised;
    }
  });
  if (raised > 0) {
    if (Status saved = counters.save(); !saved) {
      spdlog::warn("seq counters: {}", saved.reason());
    }
  }
  return raised;
}

std::optional<uint64_t> payload_seq(std::string_view payload) {
  constexpr std::string_view kKey = "\"seq\":";
  const auto at = payload.find(kKey);
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  size_t i = at + kKey.size();
  uint64_t value = 0;
  bool digits = false;
  while (i < payload.size() && payload[i] >= '0' && payload[i] <= '9') {
    value = value * 10 + static_cast<uint64_t>(payload[i] - '0');
    digits = true;
    ++i;
  }
  return digits ? std::optional<uint64_t>(value) : std::nullopt;
}

bool same_buffer(const Config& before, const Config& after) {
  return queue_key(before) == queue_key(after);
}

bool same_queue_dir(const Config& before, const Config& after) {
  return buffer_kind(before) == BufferKind::durable && buffer_kind(after) == BufferKind::durable &&
         queue_dir(before) == queue_dir(after);
}

size_t move_unsent(MessageBuffer& from, MessageBuffer& to) {
  size_t moved = 0;
  for (;;) {
    auto batch = from.take_unsent(256);
    if (batch.empty()) {
      return moved;
    }
    for (auto& item : batch) {
      to.push(std::move(item.message));
      from.acknowledge(item.id);
      ++moved;
    }
  }
}

}  // namespace sa
