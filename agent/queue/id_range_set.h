#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace sa::queue {

// A set of ids kept as disjoint inclusive ranges. Acknowledgements arrive almost in order, so the
// set stays a handful of ranges however many ids it holds.
class IdRangeSet {
 public:
  using Range = std::pair<uint64_t, uint64_t>;  // first, last (inclusive)

  // True when the id was not in the set yet.
  bool insert(uint64_t id);
  void insert_range(uint64_t first, uint64_t last);
  bool contains(uint64_t id) const;
  // How many ids of [first, last] are in the set.
  uint64_t count_in(uint64_t first, uint64_t last) const;
  // Forgets every id below `id`.
  void erase_below(uint64_t id);
  void clear() { ranges_.clear(); }

  bool empty() const { return ranges_.empty(); }
  size_t range_count() const { return ranges_.size(); }
  uint64_t max() const { return ranges_.empty() ? 0 : ranges_.rbegin()->second; }
  std::vector<Range> ranges() const;

 private:
  std::map<uint64_t, uint64_t> ranges_;  // first -> last, never overlapping or touching
};

}  // namespace sa::queue
