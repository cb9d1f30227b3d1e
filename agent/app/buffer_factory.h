#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "queue/message_buffer.h"

namespace sa {

enum class BufferKind { memory, durable };

// Durable when any channel asks for queueing (queue = true, the default for QoS 1 and 2).
BufferKind buffer_kind(const Config& config);
// The durable queue in QueueConfig::dir (default {state_dir}/queue), or the memory buffer; the
// memory buffer also when the queue directory cannot be used, so that readings still flow.
std::unique_ptr<MessageBuffer> make_buffer(const Config& config);

// After a crash {state_dir}/seq.json can be behind the seq values already queued; raises the
// saved counters past every queued reading, so that seq keeps increasing per topic. Call before
// the publisher is created. Returns how many queued readings raised a counter.
size_t carry_seq_counters(MessageBuffer& buffer, const std::string& state_dir);
// The "seq" of a reading payload.
std::optional<uint64_t> payload_seq(std::string_view payload);

// True when a buffer made for `before` also serves `after` unchanged.
bool same_buffer(const Config& before, const Config& after);
// Both use the durable queue in the same directory: the old queue must be closed before the new
// one opens it (its records stay on disk), never copied into itself.
bool same_queue_dir(const Config& before, const Config& after);

// Moves every unsent message of `from` into `to` (a reload that changes the memory buffer's
// bound). In-flight messages must have been released first. Returns how many moved.
size_t move_unsent(MessageBuffer& from, MessageBuffer& to);

}  // namespace sa
