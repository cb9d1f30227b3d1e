#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/status.h"

namespace sa {

// CRC-8, most significant bit first, no reflection, no final XOR. Sensirion (SHT4x, SCD4x) and
// Aosong (AHT20) chips use polynomial 0x31 (x^8 + x^5 + x^4 + 1) with init 0xFF.
uint8_t crc8(const uint8_t* data, size_t len, uint8_t polynomial = 0x31, uint8_t init = 0xFF);

// Checks `words` words of 2 data bytes followed by their CRC-8 (0x31, init 0xFF), as Sensirion
// chips send them. A mismatch is a read error naming `what` and the device.
Status check_word_crcs(const uint8_t* data, size_t words, const std::string& what,
                       const std::string& where);

// The 16-bit big-endian word at `data`.
inline uint16_t be16(const uint8_t* data) {
  return static_cast<uint16_t>((data[0] << 8) | data[1]);
}

}  // namespace sa
