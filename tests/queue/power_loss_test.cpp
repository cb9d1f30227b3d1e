// A power cut can leave any prefix of the last writes on the card, or damage them. Recovery must
// hand back exactly the records that were intact, cut the rest, and carry on.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "queue/durable_queue.h"
#include "queue/record_format.h"
#include "queue_test_util.h"

namespace sa {
namespace {

using test::reading;
using test::seqs_of;
using test::take_all;

// Seqs with different digit counts and payload sizes, so records are not all the same length.
OutgoingMessage varied(uint64_t seq) {
  OutgoingMessage message = reading(seq * seq * 37);
  message.payload += std::string(seq % 7 * 3, 'x');
  return message;
}

struct WrittenSegment {
  std::string name;
  std::string bytes;
  std::vector<uint64_t> record_ends;  // file offset just past each record
  std::vector<std::string> payloads;
};

WrittenSegment write_segment(size_t records) {
  test::QueueDir dir;
  WrittenSegment written;
  {
    auto queue = test::open_queue(test::queue_config(dir.str(), SyncPolicy::none));
    uint64_t end = queue::kSegmentHeaderSize;
    for (uint64_t seq = 1; seq <= records; ++seq) {
      queue->push(varied(seq));
      end += queue::encoded_record_size(varied(seq));
      written.record_ends.push_back(end);
      written.payloads.push_back(varied(seq).payload);
    }
  }
  auto files = test::segment_files(dir.path());
  EXPECT_EQ(files.size(), 1u);
  written.name = files.at(0).filename().string();
  std::ifstream in(files.at(0), std::ios::binary);
  written.bytes.assign(std::istreambuf_iterator<char>(in), {});
  EXPECT_EQ(written.bytes.size(), written.record_ends.back());
  return written;
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Opens a queue over `bytes` as the only segment and checks it yields exactly the records that
// end at or before `intact_end`.
void expect_intact_prefix(const WrittenSegment& written, const std::string& bytes,
                          uint64_t intact_end, const std::string& what) {
  SCOPED_TRACE(what);
  const auto intact = static_cast<size_t>(
      std::upper_bound(written.record_ends.begin(), written.record_ends.end(), intact_end) -
      written.record_ends.begin());
  const uint64_t kept_bytes =
      intact == 0 ? queue::kSegmentHeaderSize : written.record_ends[intact - 1];
  test::QueueDir dir(test::memory_backed_temp());
  const auto path = dir.path() / written.name;
  write_bytes(path, bytes);

  auto queue = test::open_queue(test::queue_config(dir.str(), SyncPolicy::none));
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->details().recovered_cut_bytes, bytes.size() - kept_bytes);
  EXPECT_EQ(queue->stats().depth, intact);
  auto recovered = take_all(*queue);
  ASSERT_EQ(recovered.size(), intact);
  for (size_t i = 0; i < intact; ++i) {
    EXPECT_EQ(recovered[i].id, i + 1);
    EXPECT_EQ(recovered[i].message.payload, written.payloads[i]);
  }
  if (intact > 0) {
    EXPECT_EQ(std::filesystem::file_size(path), kept_bytes);
  } else {
    EXPECT_FALSE(std::filesystem::exists(path));  // nothing left in it
  }
  // Ids go on after the highest intact record.
  queue->push(reading(999));
  auto next = queue->take_unsent(1);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].id, intact + 1);
}

TEST(PowerLoss, TruncationAtEveryOffsetOfTheLastRecordsKeepsTheIntactPrefix) {
  const WrittenSegment written = write_segment(12);
  const uint64_t from = written.record_ends[written.record_ends.size() - 4];
  for (uint64_t cut = from; cut <= written.bytes.size(); ++cut) {
    expect_intact_prefix(written, written.bytes.substr(0, cut), cut,
                         "truncated at " + std::to_string(cut));
  }
}

// The index of the record holding byte `at`.
size_t record_at(const WrittenSegment& written, uint64_t at) {
  return static_cast<size_t>(
      std::upper_bound(written.record_ends.begin(), written.record_ends.end(), at) -
      written.record_ends.begin());
}

// SD cards rot bits in place: a flipped bit anywhere in the records loses the record holding it
// and nothing else. Damage in the last record is a torn tail, cut so appends go on after it.
TEST(PowerLoss, BitFlipAtEveryOffsetLosesOnlyTheDamagedRecord) {
  const WrittenSegment written = write_segment(12);
  const size_t count = written.record_ends.size();
  // In the header: its only content, the first id, is in the file name too; nothing is lost and
  // the header is written again.
  for (uint64_t at = 0; at < queue::kSegmentHeaderSize; ++at) {
    SCOPED_TRACE("bit flipped in the header at " + std::to_string(at));
    std::string damaged = written.bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ (1 << (at % 8)));
    test::QueueDir dir(test::memory_backed_temp());
    write_bytes(dir.path() / written.name, damaged);
    auto queue = test::open_queue(test::queue_config(dir.str(), SyncPolicy::none));
    ASSERT_TRUE(queue);
    auto recovered = take_all(*queue);
    ASSERT_EQ(recovered.size(), count);
    for (size_t i = 0; i < count; ++i) {
      EXPECT_EQ(recovered[i].message.payload, written.payloads[i]);
    }
    EXPECT_EQ(queue->details().recovered_segments_aside, 0u);
    std::ifstream in(dir.path() / written.name, std::ios::binary);
    std::string header(queue::kSegmentHeaderSize, '\0');
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    EXPECT_EQ(header, written.bytes.substr(0, queue::kSegmentHeaderSize));
  }
  for (uint64_t at = queue::kSegmentHeaderSize; at < written.bytes.size(); ++at) {
    SCOPED_TRACE("bit flipped at " + std::to_string(at));
    std::string damaged = written.bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ (1 << (at % 8)));
    const size_t hit = record_at(written, at);
    const uint64_t hit_start = hit == 0 ? queue::kSegmentHeaderSize : written.record_ends[hit - 1];
    const uint64_t hit_bytes = written.record_ends[hit] - hit_start;

    test::QueueDir dir(test::memory_backed_temp());
    write_bytes(dir.path() / written.name, damaged);
    auto queue = test::open_queue(test::queue_config(dir.str(), SyncPolicy::none));
    ASSERT_TRUE(queue);
    auto recovered = take_all(*queue);
    ASSERT_EQ(recovered.size(), count - 1);
    for (size_t i = 0, r = 0; i < count; ++i) {
      if (i == hit) {
        continue;
      }
      EXPECT_EQ(recovered[r].id, i + 1);
      EXPECT_EQ(recovered[r].message.payload, written.payloads[i]);
      ++r;
    }
    const bool tail = hit + 1 == count;
    EXPECT_EQ(queue->details().recovered_cut_bytes, tail ? hit_bytes : 0);
    EXPECT_EQ(queue->details().recovered_skipped_bytes, tail ? 0 : hit_bytes);
    EXPECT_EQ(queue->details().recovered_lost_records, tail ? 0u : 1u);
    EXPECT_EQ(queue->stats().dropped, tail ? 0u : 1u);
    // Ids go on after the highest intact record.
    queue->push(reading(999));
    auto next = queue->take_unsent(1);
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(next[0].id, tail ? count : count + 1);
  }
}

// A payload may itself hold a whole record with a checking CRC and the very id expected next.
// Damage in the body of the record carrying it must lose that record, not replay the one inside.
TEST(PowerLoss, ResyncIsNotFooledByARecordInsideADamagedPayload) {
  std::string nested;
  queue::encode_record(2, reading(5), nested);
  test::QueueDir dir(test::memory_backed_temp());
  const QueueConfig config = test::queue_config(dir.str(), SyncPolicy::none);
  {
    auto queue = test::open_queue(config);
    queue->push(reading(1));
    OutgoingMessage carrier = reading(2);
    carrier.payload = "<" + nested + ">";
    queue->push(carrier);
    queue->push(reading(3));
  }
  auto files = test::segment_files(dir.path());
  ASSERT_EQ(files.size(), 1u);
  const uint64_t carrier_payload = queue::kSegmentHeaderSize +
                                   queue::encoded_record_size(reading(1)) +
                                   queue::kRecordHeaderSize + reading(2).topic.size();
  {
    std::fstream file(files[0], std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(carrier_payload));  // the '<'
    file.put('#');
  }
  auto queue = test::open_queue(config);
  EXPECT_EQ(seqs_of(take_all(*queue)), (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(queue->details().recovered_lost_records, 1u);
}

TEST(PowerLoss, FirstRecordTornLeavesAnEmptySegmentThatIsRemoved) {
  const WrittenSegment written = write_segment(3);
  for (uint64_t cut = queue::kSegmentHeaderSize; cut < written.record_ends[0]; ++cut) {
    expect_intact_prefix(written, written.bytes.substr(0, cut), cut,
                         "truncated at " + std::to_string(cut));
  }
}

TEST(PowerLoss, DamageInAnOlderSegmentLosesOnlyTheDamagedRecord) {
  test::QueueDir dir;
  DurableQueueOptions options;
  options.segment_bytes = 1024;
  const QueueConfig config = test::queue_config(dir.str(), SyncPolicy::none);
  {
    auto queue = test::open_queue(config, options);
    for (uint64_t seq = 100; seq < 160; ++seq) {
      queue->push(reading(seq));
    }
  }
  auto files = test::segment_files(dir.path());
  ASSERT_GE(files.size(), 3u);
  const size_t record = queue::encoded_record_size(reading(100));
  // Damage the third record of the first segment.
  {
    std::fstream file(files[0], std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(queue::kSegmentHeaderSize + 2 * record + 40));
    file.put('#');
  }
  auto queue = test::open_queue(config, options);
  std::vector<uint64_t> expected;
  for (uint64_t seq = 100; seq < 160; ++seq) {
    if (seq != 102) {
      expected.push_back(seq);
    }
  }
  EXPECT_EQ(seqs_of(take_all(*queue)), expected);
  EXPECT_EQ(queue->details().recovered_cut_bytes, 0u);
  EXPECT_EQ(queue->details().recovered_skipped_bytes, record);
  EXPECT_EQ(queue->details().recovered_lost_records, 1u);
}

// The card can also damage a record after the queue was opened: the reader steps over it.
TEST(PowerLoss, DamageWhileRunningLosesOnlyTheDamagedRecord) {
  test::QueueDir dir;
  DurableQueueOptions options;
  options.segment_bytes = 1024;
  options.read_ahead_records = 1;
  auto queue = test::open_queue(test::queue_config(dir.str(), SyncPolicy::none), options);
  for (uint64_t seq = 100; seq < 130; ++seq) {
    queue->push(reading(seq));
  }
  queue->flush();
  auto files = test::segment_files(dir.path());
  ASSERT_GE(files.size(), 2u);
  const size_t record = queue::encoded_record_size(reading(100));
  {
    std::fstream file(files[0], std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(queue::kSegmentHeaderSize + 4 * record + 50));
    file.put('#');
  }
  std::vector<uint64_t> expected;
  for (uint64_t seq = 100; seq < 130; ++seq) {
    if (seq != 104) {
      expected.push_back(seq);
    }
  }
  EXPECT_EQ(seqs_of(take_all(*queue)), expected);
  EXPECT_EQ(queue->stats().dropped, 1u);
}

// A header that rotted with its first record gone too gives no proof of what the file holds.
TEST(Recovery, SegmentWithABadHeaderAndFirstRecordIsMovedAsideAndTheRestIsServed) {
  test::QueueDir dir;
  DurableQueueOptions options;
  options.segment_bytes = 1024;
  const QueueConfig config = test::queue_config(dir.str());
  {
    auto queue = test::open_queue(config, options);
    for (uint64_t seq = 100; seq < 130; ++seq) {
      queue->push(reading(seq));
    }
  }
  auto files = test::segment_files(dir.path());
  ASSERT_EQ(files.size(), 3u);
  const size_t record = queue::encoded_record_size(reading(100));
  const size_t per_segment = (1024 - queue::kSegmentHeaderSize) / record;
  {
    std::fstream file(files[1], std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(1);
    file.put('\x7f');
    file.seekp(static_cast<std::streamoff>(queue::kSegmentHeaderSize + 30));
    file.put('\x7f');
  }
  auto queue = test::open_queue(config, options);
  ASSERT_TRUE(queue);
  EXPECT_TRUE(std::filesystem::exists(files[1].string() + ".corrupt"));
  EXPECT_FALSE(std::filesystem::exists(files[1]));
  EXPECT_EQ(queue->details().recovered_segments_aside, 1u);
  std::vector<uint64_t> expected;
  for (uint64_t seq = 100; seq < 130; ++seq) {
    if (seq < 100 + per_segment || seq >= 100 + 2 * per_segment) {
      expected.push_back(seq);
    }
  }
  auto all = take_all(*queue);
  EXPECT_EQ(seqs_of(all), expected);
  queue->push(reading(500));
  auto next = queue->take_unsent(1);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].id, 31u);
}

TEST(Recovery, EmptyAndHeaderlessSegmentFilesNeverStopTheStart) {
  test::QueueDir dir;
  write_bytes(dir.path() / "00000000000000000001.seg", "");
  write_bytes(dir.path() / "00000000000000000002.seg", std::string(10, '\0'));
  write_bytes(dir.path() / "00000000000000000003.seg", std::string(100, '\0'));
  write_bytes(dir.path() / "unrelated.txt", "left alone");
  auto queue = test::open_queue(test::queue_config(dir.str()));
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->stats().depth, 0u);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "00000000000000000001.seg"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "00000000000000000002.seg"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "00000000000000000003.seg.corrupt"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "unrelated.txt"));
  queue->push(reading(1));
  EXPECT_EQ(seqs_of(take_all(*queue)), (std::vector<uint64_t>{1}));
}

TEST(Recovery, UnusableDirectoryIsReportedNotThrown) {
  test::QueueDir dir;
  write_bytes(dir.path() / "file", "x");
  QueueConfig config = test::queue_config((dir.path() / "file" / "queue").string());
  auto result = DurableQueue::open(config);
  EXPECT_FALSE(result.status.is_ok());
  EXPECT_FALSE(result.queue);
}

}  // namespace
}  // namespace sa
