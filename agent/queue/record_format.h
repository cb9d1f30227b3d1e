#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "queue/message_buffer.h"

// On-disk layout of queue segments, all integers little-endian.
//
// Segment header (24 bytes):
//   magic u32 | version u16 | header_size u16 | first_id u64 | reserved u32 | crc32 u32
//   (crc over the 20 bytes before it)
// Record (36-byte header, then topic and payload):
//   magic u32 | length u32 | crc32 u32 | id u64 | created_unix_ms i64 | qos u8 | retain u8 |
//   topic_len u16 | payload_len u32 | topic | payload
//   length counts the bytes after the crc field; the crc covers magic, length and those bytes.
namespace sa::queue {

constexpr uint32_t kSegmentMagic = 0x47455351;  // "QSEG"
constexpr uint16_t kSegmentVersion = 1;
constexpr size_t kSegmentHeaderSize = 24;
constexpr uint32_t kRecordMagic = 0x43455251;  // "QREC"
constexpr size_t kRecordPrefixSize = 12;       // magic, length, crc
constexpr size_t kRecordHeaderSize = 36;
constexpr size_t kRecordFixedBody = kRecordHeaderSize - kRecordPrefixSize;
constexpr size_t kMaxTopicBytes = 65535;
constexpr size_t kMaxRecordBody = 16u << 20;  // larger lengths can only be corruption

// zlib's CRC-32, continuing from `crc`.
uint32_t crc_of(const char* data, size_t size, uint32_t crc = 0);

// Bytes a message takes on disk.
size_t encoded_record_size(const OutgoingMessage& message);
// False when the message cannot be stored (topic or payload too large).
bool record_fits(const OutgoingMessage& message);

// Appends the encoded record to `out`.
void encode_record(uint64_t id, const OutgoingMessage& message, std::string& out);
void encode_segment_header(uint64_t first_id, std::string& out);

// Checks magic, version and crc; sets first_id.
bool decode_segment_header(const char* data, size_t size, uint64_t& first_id);

enum class DecodeResult {
  ok,         // a whole, intact record
  truncated,  // fewer bytes than the record claims: a torn tail
  corrupt,    // bad magic, length, crc or fields
};

// Body length announced by a record prefix (kRecordPrefixSize bytes), or 0 when the prefix is
// not a record prefix at all.
uint32_t announced_body_length(const char* prefix);

// Decodes the record at `data` with `available` bytes; `consumed` is its encoded size.
DecodeResult decode_record(const char* data, size_t available, BufferedMessage& out,
                           size_t& consumed);

}  // namespace sa::queue
