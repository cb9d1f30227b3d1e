#include "publish/replay_pack.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "publish/payload.h"

namespace sa {

Grouping group_into_packs(std::vector<BufferedMessage>& batch, const std::vector<bool>& replay,
                          const PackLimits& limits) {
  Grouping out;
  std::vector<Pack>& packs = out.packs;
  std::unordered_map<std::string_view, size_t> open;  // topic -> pack still taking readings
  std::unordered_set<std::string_view> deferred;      // topics with a reading given back
  for (size_t i = 0; i < batch.size(); ++i) {
    BufferedMessage& item = batch[i];
    const std::string_view topic = item.message.topic;
    const bool is_replay = replay[i];
    if (deferred.count(topic) > 0) {
      out.given_back.push_back({item.id, is_replay});
      continue;
    }
    const bool packable = is_replay && !item.message.retain;
    const size_t bytes = item.message.payload.size() + 1;
    if (packable) {
      const auto it = open.find(topic);
      if (it != open.end()) {
        Pack& pack = packs[it->second];
        if (pack.items.size() < limits.max_readings && pack.bytes + bytes <= limits.max_bytes &&
            pack.items.front()->message.qos == item.message.qos) {
          pack.items.push_back(&item);
          pack.bytes += bytes;
          continue;
        }
      }
    }
    if (packs.size() >= limits.slots) {
      // No room in the window: this channel waits, and so does everything after it.
      out.given_back.push_back({item.id, is_replay});
      deferred.insert(topic);
      continue;
    }
    packs.push_back(Pack{{&item}, is_replay, bytes});
    if (packable) {
      open[topic] = packs.size() - 1;
    } else {
      open.erase(topic);
    }
  }
  return out;
}

OutgoingMessage pack_message(const Pack& pack, std::vector<uint64_t>& packed_ids) {
  const BufferedMessage& first = *pack.items.front();
  OutgoingMessage message{first.message.topic, "[", first.message.qos, false, 0};
  message.payload.reserve(pack.bytes + 2);
  packed_ids.clear();
  packed_ids.reserve(pack.items.size() - 1);
  for (BufferedMessage* item : pack.items) {
    mark_replay(item->message.payload);
    if (item != &first) {
      message.payload += ',';
      packed_ids.push_back(item->id);
    }
    message.payload += item->message.payload;
    message.created_unix_ms = std::max(message.created_unix_ms, item->message.created_unix_ms);
  }
  message.payload += ']';
  return message;
}

}  // namespace sa
