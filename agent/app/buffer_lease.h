#pragma once

#include "queue/message_buffer.h"

namespace sa {

// Lends a buffer the Agent owns to a Publisher (which takes ownership of what it is given), so
// the buffered readings outlive a publisher torn down by a reload.
class BufferLease final : public MessageBuffer {
 public:
  explicit BufferLease(MessageBuffer& buffer) : buffer_(buffer) {}

  void push(OutgoingMessage message) override { buffer_.push(std::move(message)); }
  std::vector<BufferedMessage> take_unsent(size_t max_count) override {
    return buffer_.take_unsent(max_count);
  }
  void acknowledge(uint64_t id) override { buffer_.acknowledge(id); }
  void release(uint64_t id) override { buffer_.release(id); }
  void release_all() override { buffer_.release_all(); }
  BufferStats stats() const override { return buffer_.stats(); }
  void flush() override { buffer_.flush(); }

 private:
  MessageBuffer& buffer_;
};

}  // namespace sa
