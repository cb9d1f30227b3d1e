#include "publish/seq_counters.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

namespace sa {
namespace {

class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/sa-seq-XXXXXX";
    path_ = ::mkdtemp(name);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(SeqCounters, GaplessPerTopic) {
  TempDir dir;
  SeqCounters seq(dir.path() + "/seq.json");
  for (uint64_t i = 0; i < 100; ++i) {
    EXPECT_EQ(seq.take("a"), SeqCounters::kFirstSeq + i);
  }
  EXPECT_EQ(seq.take("b"), SeqCounters::kFirstSeq);
}

TEST(SeqCounters, NewInstanceContinuesFromSavedValues) {
  TempDir dir;
  const std::string path = dir.path() + "/seq.json";
  uint64_t last_a = 0;
  {
    SeqCounters seq(path);
    ASSERT_TRUE(seq.load());
    for (int i = 0; i < 5; ++i)
      last_a = seq.take("sensors/a");
    seq.take("sensors/b");
    ASSERT_TRUE(seq.save()) << path;
  }
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  SeqCounters again(path);
  ASSERT_TRUE(again.load());
  EXPECT_EQ(again.take("sensors/a"), last_a + 1);
  EXPECT_EQ(again.take("sensors/b"), SeqCounters::kFirstSeq + 1);
}

TEST(SeqCounters, EnsureAtLeastOnlyRaises) {
  TempDir dir;
  SeqCounters seq(dir.path() + "/seq.json");
  seq.ensure_at_least("t", 500);
  EXPECT_EQ(seq.take("t"), 500u);
  seq.ensure_at_least("t", 10);
  EXPECT_EQ(seq.take("t"), 501u);
}

TEST(SeqCounters, MissingFileIsAFirstStart) {
  TempDir dir;
  SeqCounters seq(dir.path() + "/none.json");
  EXPECT_TRUE(seq.load());
  EXPECT_EQ(seq.peek("x"), SeqCounters::kFirstSeq);
}

TEST(SeqCounters, CorruptFileIsReported) {
  TempDir dir;
  const std::string path = dir.path() + "/seq.json";
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("{not json", f);
  std::fclose(f);
  SeqCounters seq(path);
  EXPECT_FALSE(seq.load());
}

TEST(SeqCounters, SaveIntoMissingDirectoryFails) {
  SeqCounters seq("/proc/nonexistent-dir-for-test/seq.json");
  seq.take("t");
  const Status status = seq.save();
  EXPECT_FALSE(status);
  EXPECT_NE(status.reason().find("/nonexistent-dir-for-test"), std::string::npos);
}

// A SIGKILL never reaches save(): the next process must still continue above every value the
// killed one issued, on every topic.
TEST(SeqCounters, ValuesTakenWithoutASaveAreNeverIssuedAgain) {
  TempDir dir;
  const std::string path = dir.path() + "/seq.json";
  uint64_t last_a = 0;
  uint64_t last_b = 0;
  for (int boot = 0; boot < 5; ++boot) {
    SeqCounters seq(path);
    ASSERT_TRUE(seq.load());
    const uint64_t first_a = seq.take("a");
    const uint64_t first_b = seq.take("b");
    EXPECT_GT(first_a, last_a) << "boot " << boot;
    EXPECT_GT(first_b, last_b) << "boot " << boot;
    last_a = first_a;
    last_b = first_b;
    for (int i = 0; i < 1000 * (boot + 1); ++i)
      last_a = seq.take("a");
    if (boot % 2 == 0) {
      EXPECT_TRUE(seq.top_up());
    }
  }  // never saved: as if killed
}

TEST(SeqCounters, ReservationsAreWrittenInGrowingBlocks) {
  TempDir dir;
  SeqCounters seq(dir.path() + "/seq.json");
  for (int i = 0; i < 200'000; ++i)
    seq.take("fast");
  // Blocks double while they last under 30 s: a handful of writes, not one per value.
  EXPECT_LE(seq.reservation_writes(), 20u);
  EXPECT_GE(seq.reservation_writes(), 1u);
}

TEST(SeqCounters, TopUpWritesOnlyWhenHalfABlockIsUsed) {
  TempDir dir;
  SeqCounters seq(dir.path() + "/seq.json");
  seq.take("t");
  const uint64_t after_first = seq.reservation_writes();
  ASSERT_TRUE(seq.top_up());
  EXPECT_EQ(seq.reservation_writes(), after_first);
  for (uint64_t i = 0; i < SeqCounters::kMinBlock / 2; ++i)
    seq.take("t");
  ASSERT_TRUE(seq.top_up());
  EXPECT_EQ(seq.reservation_writes(), after_first + 1);
  // Topped up ahead: the next half block needs no write on the taking side.
  for (uint64_t i = 0; i < SeqCounters::kMinBlock / 2; ++i)
    seq.take("t");
  EXPECT_EQ(seq.reservation_writes(), after_first + 1);
}

TEST(SeqCounters, CleanStopLeavesNoGap) {
  TempDir dir;
  const std::string path = dir.path() + "/seq.json";
  uint64_t last = 0;
  {
    SeqCounters seq(path);
    for (int i = 0; i < 10; ++i)
      last = seq.take("t");
    ASSERT_TRUE(seq.save());
  }
  SeqCounters again(path);
  ASSERT_TRUE(again.load());
  EXPECT_EQ(again.take("t"), last + 1);
}

// With the queue elsewhere, nothing else creates the state directory.
TEST(SeqCounters, CreatesTheStateDirectory) {
  TempDir dir;
  const std::string path = dir.path() + "/state/seq.json";
  SeqCounters seq(path);
  seq.take("t");
  EXPECT_TRUE(seq.save());
  EXPECT_TRUE(std::filesystem::exists(path));
}

// A reload replaces the counters within one boot id: even when the file cannot be written, the
// new instance goes on from the old one.
TEST(SeqCounters, ANewInstanceInTheSameProcessGoesOnWhenTheFileCannotBeWritten) {
  const std::string path = "/proc/self/no-such-dir/seq.json";
  uint64_t last = 0;
  {
    SeqCounters seq(path);
    EXPECT_TRUE(seq.load());
    for (int i = 0; i < 100; ++i)
      last = seq.take("t");
    EXPECT_FALSE(seq.save());
  }
  SeqCounters again(path);
  EXPECT_TRUE(again.load());
  EXPECT_GT(again.take("t"), last);
}

}  // namespace
}  // namespace sa
