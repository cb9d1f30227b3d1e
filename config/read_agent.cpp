#include <limits>

#include "internal/readers.h"
#include "internal/topic_rules.h"
#include "internal/units.h"

namespace sa::config_detail {
namespace {

// A packed message stays far below the 128 KiB that hosted brokers accept.
constexpr int64_t kMaxReplayPack = 500;

}  // namespace

void read_device(const toml::table* table, ReadContext& context, DeviceConfig& device) {
  TableReader reader(table, "device", context);
  context.device_id.reset();  // {device} inside device.id would refer to itself
  if (std::optional<std::string> id = reader.string("id")) {
    if (std::string problem = topic_name_problem(*id); !problem.empty()) {
      reader.error("id", "id '" + *id + "' " + problem + "; it becomes part of every topic");
    } else {
      device.id = *id;
    }
  } else if (!reader.has("id")) {
    if (context.env.hostname.empty()) {
      reader.error_at_table("id is not set and the host name is unknown; set device.id");
    }
    device.id = context.env.hostname;
  }
  context.device_id = device.id;

  std::string raw_prefix = device.topic_prefix;
  if (std::optional<std::string> prefix = reader.string("topic_prefix")) {
    device.topic_prefix = *prefix;
  } else if (!reader.has("topic_prefix")) {
    device.topic_prefix = reader.expand("topic_prefix", raw_prefix).value_or(raw_prefix);
  }
  const std::string& prefix = device.topic_prefix;
  if (std::string problem = topic_name_problem(prefix); !problem.empty()) {
    reader.error("topic_prefix", "topic_prefix '" + prefix + "' " + problem);
  } else if (prefix.back() == '/') {
    reader.error("topic_prefix", "topic_prefix '" + prefix +
                                     "' must not end with '/'; the agent adds the separator");
  } else if (std::string warning = topic_name_warning(prefix); !warning.empty()) {
    reader.warning("topic_prefix", "topic_prefix '" + prefix + "' " + warning);
  }
  reader.report_unknown_keys();
}

void read_agent(const toml::table* table, ReadContext& context, AgentSettings& agent) {
  TableReader reader(table, "agent", context);
  if (std::optional<std::string> dir = reader.string("state_dir")) {
    if (dir->empty()) {
      reader.error("state_dir", "state_dir must not be empty");
    } else {
      agent.state_dir = *dir;
    }
  }
  if (std::optional<std::chrono::milliseconds> interval = reader.duration("health_interval")) {
    if (interval->count() <= 0) {
      reader.error("health_interval", "health_interval must be longer than 0s");
    } else {
      agent.health_interval = *interval;
    }
  }
  assign_if(agent.log_level, reader.choice("log_level", {"trace", "debug", "info", "warn", "error",
                                                         "critical", "off"}));
  reader.report_unknown_keys();
}

void read_queue(const toml::table* table, ReadContext& context, const AgentSettings& agent,
                QueueConfig& queue) {
  TableReader reader(table, "queue", context);
  if (std::optional<std::string> dir = reader.string("dir")) {
    if (dir->empty()) {
      reader.error("dir", "dir must not be empty (leave it out for {state_dir}/queue)");
    } else {
      queue.dir = *dir;
    }
  }
  if (queue.dir.empty()) {
    const std::string& base = agent.state_dir;
    queue.dir = base.back() == '/' ? base + "queue" : base + "/queue";
  }
  if (std::optional<uint64_t> bytes = reader.size("max_bytes")) {
    if (*bytes == 0) {
      reader.error("max_bytes", "max_bytes must be larger than 0");
    } else {
      queue.max_bytes = *bytes;
    }
  }
  assign_if(queue.max_age, reader.duration("max_age"));
  if (std::optional<std::string> policy =
          reader.choice("on_full", {"drop_oldest", "drop_newest"})) {
    queue.on_full = *policy == "drop_oldest" ? DropPolicy::drop_oldest : DropPolicy::drop_newest;
  }
  if (std::optional<std::string> sync = reader.choice("sync", {"always", "batch", "none"})) {
    queue.sync = *sync == "always" ? SyncPolicy::always
                                   : (*sync == "batch" ? SyncPolicy::batch : SyncPolicy::none);
  }
  if (std::optional<std::chrono::milliseconds> interval = reader.duration("sync_interval")) {
    if (interval->count() <= 0) {
      reader.error("sync_interval", "sync_interval must be longer than 0s");
    } else {
      queue.sync_interval = *interval;
    }
  }
  if (std::optional<int64_t> count =
          reader.integer("memory_max_messages", 1, std::numeric_limits<int64_t>::max())) {
    queue.memory_max_messages = static_cast<uint64_t>(*count);
  }
  if (std::optional<int64_t> pack = reader.integer("replay_pack", 1, kMaxReplayPack)) {
    queue.replay_pack = static_cast<int>(*pack);
  }
  reader.report_unknown_keys();
}

}  // namespace sa::config_detail
