#include "option_spec.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

TEST(Options, ReturnsStoredValuesOfTheAskedType) {
  Options options;
  options.set("on", Option{true, {}});
  options.set("count", Option{int64_t{7}, {}});
  options.set("ratio", Option{0.25, {}});
  options.set("name", Option{std::string("x"), {"f.toml", 3, 5}});
  options.set("delay", Option{std::chrono::milliseconds{250}, {}});
  EXPECT_TRUE(options.boolean("on", false));
  EXPECT_EQ(options.integer("count", 0), 7);
  EXPECT_EQ(options.number("ratio", 0.0), 0.25);
  EXPECT_EQ(options.string("name", ""), "x");
  EXPECT_EQ(options.duration("delay", {}), std::chrono::milliseconds{250});
  ASSERT_NE(options.find("name"), nullptr);
  EXPECT_EQ(options.find("name")->where.line, 3u);
}

TEST(Options, FallsBackWhenAbsentOrOfAnotherType) {
  Options options;
  options.set("name", Option{std::string("x"), {}});
  EXPECT_FALSE(options.has("absent"));
  EXPECT_EQ(options.find("absent"), nullptr);
  EXPECT_EQ(options.integer("absent", 4), 4);
  EXPECT_EQ(options.integer("name", 4), 4);
  EXPECT_TRUE(options.boolean("name", true));
  EXPECT_EQ(options.duration("name", std::chrono::milliseconds{9}), std::chrono::milliseconds{9});
}

TEST(Options, NumberAcceptsAStoredInteger) {
  Options options;
  options.set("n", Option{int64_t{3}, {}});
  EXPECT_EQ(options.number("n", 0.0), 3.0);
}

}  // namespace
}  // namespace sa
