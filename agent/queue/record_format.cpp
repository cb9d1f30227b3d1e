#include "queue/record_format.h"

#include <zlib.h>

#include "queue/little_endian.h"

namespace sa::queue {
namespace {

using le::get_u16;
using le::get_u32;
using le::get_u64;
using le::put_u16;
using le::put_u32;
using le::put_u64;
using le::set_u32;

uint32_t record_crc(const char* record, uint32_t body_length) {
  uint32_t crc = crc_of(record, 8);
  return crc_of(record + kRecordPrefixSize, body_length, crc);
}

}  // namespace

uint32_t crc_of(const char* data, size_t size, uint32_t crc) {
  // zlib takes uInt lengths; records are far below 4 GiB.
  return static_cast<uint32_t>(
      crc32(crc, reinterpret_cast<const Bytef*>(data), static_cast<uInt>(size)));
}

size_t encoded_record_size(const OutgoingMessage& message) {
  return kRecordHeaderSize + message.topic.size() + message.payload.size();
}

bool record_fits(const OutgoingMessage& message) {
  return message.topic.size() <= kMaxTopicBytes &&
         kRecordFixedBody + message.topic.size() + message.payload.size() <= kMaxRecordBody;
}

void encode_record(uint64_t id, const OutgoingMessage& message, std::string& out) {
  const size_t start = out.size();
  const auto body =
      static_cast<uint32_t>(kRecordFixedBody + message.topic.size() + message.payload.size());
  out.reserve(start + kRecordPrefixSize + body);
  put_u32(out, kRecordMagic);
  put_u32(out, body);
  put_u32(out, 0);  // crc, set below
  put_u64(out, id);
  put_u64(out, static_cast<uint64_t>(message.created_unix_ms));
  out.push_back(static_cast<char>(message.qos));
  out.push_back(static_cast<char>(message.retain ? 1 : 0));
  put_u16(out, static_cast<uint16_t>(message.topic.size()));
  put_u32(out, static_cast<uint32_t>(message.payload.size()));
  out.append(message.topic);
  out.append(message.payload);
  set_u32(out, start + 8, record_crc(out.data() + start, body));
}

void encode_segment_header(uint64_t first_id, std::string& out) {
  const size_t start = out.size();
  put_u32(out, kSegmentMagic);
  put_u16(out, kSegmentVersion);
  put_u16(out, static_cast<uint16_t>(kSegmentHeaderSize));
  put_u64(out, first_id);
  put_u32(out, 0);
  put_u32(out, crc_of(out.data() + start, 20));
}

bool decode_segment_header(const char* data, size_t size, uint64_t& first_id) {
  if (size < kSegmentHeaderSize || get_u32(data) != kSegmentMagic ||
      get_u16(data + 4) != kSegmentVersion || get_u16(data + 6) != kSegmentHeaderSize ||
      get_u32(data + 20) != crc_of(data, 20)) {
    return false;
  }
  first_id = get_u64(data + 8);
  return first_id > 0;
}

uint32_t announced_body_length(const char* prefix) {
  if (get_u32(prefix) != kRecordMagic) {
    return 0;
  }
  uint32_t body = get_u32(prefix + 4);
  return body >= kRecordFixedBody && body <= kMaxRecordBody ? body : 0;
}

DecodeResult decode_record(const char* data, size_t available, BufferedMessage& out,
                           size_t& consumed) {
  if (available < kRecordPrefixSize) {
    return DecodeResult::truncated;
  }
  uint32_t body = announced_body_length(data);
  if (body == 0) {
    return DecodeResult::corrupt;
  }
  if (available < kRecordPrefixSize + body) {
    return DecodeResult::truncated;
  }
  if (get_u32(data + 8) != record_crc(data, body)) {
    return DecodeResult::corrupt;
  }
  const char* p = data + kRecordPrefixSize;
  uint8_t qos = static_cast<uint8_t>(p[16]);
  uint8_t retain = static_cast<uint8_t>(p[17]);
  size_t topic_len = get_u16(p + 18);
  size_t payload_len = get_u32(p + 20);
  if (qos > 2 || retain > 1 || kRecordFixedBody + topic_len + payload_len != body) {
    return DecodeResult::corrupt;
  }
  out.id = get_u64(p);
  out.message.created_unix_ms = static_cast<int64_t>(get_u64(p + 8));
  out.message.qos = qos;
  out.message.retain = retain != 0;
  const char* text = data + kRecordHeaderSize;
  out.message.topic.assign(text, topic_len);
  out.message.payload.assign(text + topic_len, payload_len);
  consumed = kRecordPrefixSize + body;
  return DecodeResult::ok;
}

}  // namespace sa::queue
