#include "queue/record_format.h"

#include <gtest/gtest.h>

#include "queue_test_util.h"

namespace sa::queue {
namespace {

TEST(RecordFormat, RoundTripsEveryField) {
  OutgoingMessage message = test::reading(42, 1'700'000'123'456);
  message.qos = 2;
  message.retain = true;
  std::string encoded;
  encode_record(42, message, encoded);
  ASSERT_EQ(encoded.size(), encoded_record_size(message));

  BufferedMessage decoded;
  size_t consumed = 0;
  ASSERT_EQ(decode_record(encoded.data(), encoded.size(), decoded, consumed), DecodeResult::ok);
  EXPECT_EQ(consumed, encoded.size());
  EXPECT_EQ(decoded.id, 42u);
  EXPECT_EQ(decoded.message.topic, message.topic);
  EXPECT_EQ(decoded.message.payload, message.payload);
  EXPECT_EQ(decoded.message.qos, 2);
  EXPECT_TRUE(decoded.message.retain);
  EXPECT_EQ(decoded.message.created_unix_ms, message.created_unix_ms);
}

TEST(RecordFormat, IsLittleEndianWithMagicFirst) {
  std::string encoded;
  encode_record(1, test::reading(1), encoded);
  EXPECT_EQ(static_cast<unsigned char>(encoded[0]), kRecordMagic & 0xff);
  EXPECT_EQ(static_cast<unsigned char>(encoded[3]), kRecordMagic >> 24);
  const uint32_t body = static_cast<uint32_t>(encoded.size() - kRecordPrefixSize);
  EXPECT_EQ(static_cast<unsigned char>(encoded[4]), body & 0xff);
}

TEST(RecordFormat, EveryShorterPrefixIsTruncatedAndEveryBitFlipIsCorrupt) {
  std::string encoded;
  encode_record(9, test::reading(9), encoded);
  BufferedMessage decoded;
  size_t consumed = 0;
  for (size_t size = 0; size < encoded.size(); ++size) {
    EXPECT_EQ(decode_record(encoded.data(), size, decoded, consumed), DecodeResult::truncated);
  }
  for (size_t bit = 0; bit < encoded.size() * 8; ++bit) {
    std::string damaged = encoded;
    damaged[bit / 8] = static_cast<char>(damaged[bit / 8] ^ (1 << (bit % 8)));
    EXPECT_NE(decode_record(damaged.data(), damaged.size(), decoded, consumed), DecodeResult::ok)
        << "bit " << bit;
  }
}

TEST(RecordFormat, SegmentHeaderRejectsAnyDamage) {
  std::string header;
  encode_segment_header(77, header);
  ASSERT_EQ(header.size(), kSegmentHeaderSize);
  uint64_t first_id = 0;
  ASSERT_TRUE(decode_segment_header(header.data(), header.size(), first_id));
  EXPECT_EQ(first_id, 77u);
  for (size_t bit = 0; bit < header.size() * 8; ++bit) {
    std::string damaged = header;
    damaged[bit / 8] = static_cast<char>(damaged[bit / 8] ^ (1 << (bit % 8)));
    EXPECT_FALSE(decode_segment_header(damaged.data(), damaged.size(), first_id)) << bit;
  }
}

TEST(RecordFormat, OversizedTopicDoesNotFit) {
  OutgoingMessage message = test::reading(1);
  message.topic.assign(kMaxTopicBytes + 1, 'a');
  EXPECT_FALSE(record_fits(message));
  message.topic.assign(kMaxTopicBytes, 'a');
  EXPECT_TRUE(record_fits(message));
}

}  // namespace
}  // namespace sa::queue
