#include "chip_emulator.h"

#include <cerrno>
#include <cstring>

namespace sa::emul {

int ChipEmulator::transfer(const uint8_t* write, size_t write_len, uint8_t* read, size_t read_len) {
  ++transactions_;
  if (nack_) {
    return ENXIO;
  }
  settle();
  if (write_len > 0) {
    if (int error = on_write(write, write_len); error != 0) {
      return error;
    }
  }
  if (read_len > 0) {
    if (int error = on_read(read, read_len); error != 0) {
      return error;
    }
    if (stuck_) {
      std::memset(read, *stuck_, read_len);
    }
  }
  return 0;
}

void ChipEmulator::clear_faults() {
  nack_ = false;
  stuck_.reset();
}

void ChipEmulator::start_conversion(std::chrono::microseconds typical) {
  converting_ = true;
  due_ = std::chrono::steady_clock::now() + time_.value_or(typical);
  polls_left_ = busy_polls_;
}

bool ChipEmulator::poll_busy() {
  if (!converting_) {
    return false;
  }
  if (polls_left_ > 0) {
    --polls_left_;
    return true;
  }
  settle();
  return converting_;
}

void ChipEmulator::settle() {
  if (converting_ && polls_left_ == 0 && std::chrono::steady_clock::now() >= due_) {
    converting_ = false;
    ++conversions_;
    on_conversion_done();
  }
}

}  // namespace sa::emul
