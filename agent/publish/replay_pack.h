#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "queue/message_buffer.h"

namespace sa {

// Packed replay (`[queue] replay_pack`): replayed readings of one channel travel together, up to
// N per message as a JSON array, so a backlog drains at a fraction of the per-message cost. Live
// readings and retained channels still go one per message; per channel, readings keep their seq
// order (across messages the in-flight window keeps the order of sending).

// One message to send: readings of one topic and QoS, in buffer order.
struct Pack {
  std::vector<BufferedMessage*> items;
  bool replay = false;
  size_t bytes = 0;  // payloads plus one separator each
};

struct PackLimits {
  size_t slots = 1;         // messages the window still takes
  size_t max_readings = 1;  // replay_pack
  size_t max_bytes = 1;     // per message, below what brokers accept
};

struct Grouping {
  std::vector<Pack> packs;
  // Readings with no room in the window, to go back to the buffer unsent (with their replay
  // mark, in buffer order). Once one topic has a reading here, all its later ones follow it.
  struct GivenBack {
    uint64_t id;
    bool replay;
  };
  std::vector<GivenBack> given_back;
};

// Groups a batch taken from the buffer; replay[i] says whether batch[i] is a replay. The packs
// point into `batch`.
Grouping group_into_packs(std::vector<BufferedMessage>& batch, const std::vector<bool>& replay,
                          const PackLimits& limits);

// The message for a pack of two or more readings: each payload marked as a replay, joined into
// a JSON array, living as long as its freshest reading may. `packed_ids` gets every id but the
// first's.
OutgoingMessage pack_message(const Pack& pack, std::vector<uint64_t>& packed_ids);

}  // namespace sa
