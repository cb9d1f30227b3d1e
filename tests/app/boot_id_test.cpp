#include "app/boot_id.h"

#include <gtest/gtest.h>

#include <set>

namespace sa {
namespace {

TEST(BootId, IsALowerCaseUuidVersion4) {
  const std::string id = make_boot_id();
  EXPECT_TRUE(is_uuid_v4(id)) << id;
}

TEST(BootId, RandomFallbackIsAUuidVersion4) {
  for (int i = 0; i < 100; ++i) {
    const std::string id = make_random_uuid_v4();
    ASSERT_TRUE(is_uuid_v4(id)) << id;
  }
}

TEST(BootId, DiffersBetweenCalls) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    seen.insert(make_boot_id());
    seen.insert(make_random_uuid_v4());
  }
  EXPECT_EQ(seen.size(), 100U);
}

TEST(BootId, FormatCheckRejectsOtherShapes) {
  EXPECT_TRUE(is_uuid_v4("0f8fad5b-d9cb-469f-a165-70867728950e"));
  EXPECT_FALSE(is_uuid_v4("0F8FAD5B-D9CB-469F-A165-70867728950E"));  // upper case
  EXPECT_FALSE(is_uuid_v4("0f8fad5b-d9cb-169f-a165-70867728950e"));  // version 1
  EXPECT_FALSE(is_uuid_v4("0f8fad5b-d9cb-469f-c165-70867728950e"));  // not RFC 4122
  EXPECT_FALSE(is_uuid_v4("0f8fad5bd9cb469fa16570867728950e"));      // no dashes
  EXPECT_FALSE(is_uuid_v4(""));
}

}  // namespace
}  // namespace sa
