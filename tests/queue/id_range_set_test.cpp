#include "queue/id_range_set.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace sa::queue {
namespace {

TEST(IdRangeSet, InOrderInsertsCollapseIntoOneRange) {
  IdRangeSet set;
  for (uint64_t id = 1; id <= 1000; ++id) {
    EXPECT_TRUE(set.insert(id));
  }
  EXPECT_EQ(set.range_count(), 1u);
  EXPECT_EQ(set.count_in(1, 1000), 1000u);
  EXPECT_FALSE(set.insert(500));
}

TEST(IdRangeSet, MatchesAStdSetUnderRandomInsertsAndErase) {
  std::mt19937_64 rng(7);
  IdRangeSet set;
  std::set<uint64_t> model;
  for (int i = 0; i < 5000; ++i) {
    uint64_t id = 1 + rng() % 400;
    if (i % 7 == 0) {
      uint64_t last = id + rng() % 5;
      set.insert_range(id, last);
      for (uint64_t v = id; v <= last; ++v) {
        model.insert(v);
      }
    } else {
      EXPECT_EQ(set.insert(id), model.insert(id).second);
    }
  }
  set.erase_below(100);
  model.erase(model.begin(), model.lower_bound(100));
  for (uint64_t id = 1; id <= 420; ++id) {
    ASSERT_EQ(set.contains(id), model.count(id) == 1) << id;
  }
  uint64_t expected = 0;
  for (uint64_t v : model) {
    expected += (v >= 150 && v <= 300) ? 1 : 0;
  }
  EXPECT_EQ(set.count_in(150, 300), expected);
  EXPECT_EQ(set.max(), *model.rbegin());
  for (const auto& [first, last] : set.ranges()) {
    EXPECT_LE(first, last);
  }
}

}  // namespace
}  // namespace sa::queue
