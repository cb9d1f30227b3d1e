#include "queue/id_range_set.h"

#include <algorithm>
#include <iterator>

namespace sa::queue {

bool IdRangeSet::insert(uint64_t id) {
  if (contains(id)) {
    return false;
  }
  insert_range(id, id);
  return true;
}

void IdRangeSet::insert_range(uint64_t first, uint64_t last) {
  if (first > last) {
    return;
  }
  // Merge with every range that overlaps or touches [first, last].
  auto it = ranges_.upper_bound(first);
  if (it != ranges_.begin()) {
    auto prev = std::prev(it);
    if (prev->second + 1 >= first) {
      first = prev->first;
      last = std::max(last, prev->second);
      it = ranges_.erase(prev);
    }
  }
  while (it != ranges_.end() && (last == UINT64_MAX || it->first <= last + 1)) {
    last = std::max(last, it->second);
    it = ranges_.erase(it);
  }
  ranges_.emplace(first, last);
}

bool IdRangeSet::contains(uint64_t id) const {
  auto it = ranges_.upper_bound(id);
  if (it == ranges_.begin()) {
    return false;
  }
  --it;
  return id <= it->second;
}

uint64_t IdRangeSet::count_in(uint64_t first, uint64_t last) const {
  if (first > last) {
    return 0;
  }
  uint64_t count = 0;
  auto it = ranges_.upper_bound(first);
  if (it != ranges_.begin()) {
    --it;
  }
  for (; it != ranges_.end() && it->first <= last; ++it) {
    uint64_t lo = std::max(first, it->first);
    uint64_t hi = std::min(last, it->second);
    if (lo <= hi) {
      count += hi - lo + 1;
    }
  }
  return count;
}

void IdRangeSet::erase_below(uint64_t id) {
  while (!ranges_.empty() && ranges_.begin()->first < id) {
    auto first = ranges_.begin();
    uint64_t last = first->second;
    ranges_.erase(first);
    if (last >= id) {
      ranges_.emplace(id, last);
      break;
    }
  }
}

std::vector<IdRangeSet::Range> IdRangeSet::ranges() const {
  return {ranges_.begin(), ranges_.end()};
}

}  // namespace sa::queue
