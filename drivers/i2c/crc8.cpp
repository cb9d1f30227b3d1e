#include "drivers/i2c/crc8.h"

#include <cstdio>

namespace sa {

uint8_t crc8(const uint8_t* data, size_t len, uint8_t polynomial, uint8_t init) {
  uint8_t crc = init;
  for (size_t i = 0; i < len; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x80) != 0 ? static_cast<uint8_t>((crc << 1) ^ polynomial)
                              : static_cast<uint8_t>(crc << 1);
    }
  }
  return crc;
}

Status check_word_crcs(const uint8_t* data, size_t words, const std::string& what,
                       const std::string& where) {
  for (size_t i = 0; i < words; ++i) {
    const uint8_t* word = data + 3 * i;
    const uint8_t expected = crc8(word, 2);
    if (word[2] != expected) {
      char detail[64];
      std::snprintf(detail, sizeof detail, ": got 0x%02x, computed 0x%02x",
                    static_cast<unsigned>(word[2]), static_cast<unsigned>(expected));
      return Status::error("CRC mismatch in " + what + " from " + where + detail +
                           " (noise on the bus or a loose wire)");
    }
  }
  return Status::ok();
}

}  // namespace sa
