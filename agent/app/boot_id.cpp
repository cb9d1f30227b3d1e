#include "app/boot_id.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <random>

namespace sa {

std::string make_random_uuid_v4() {
  std::random_device device;
  std::array<uint8_t, 16> bytes{};
  for (auto& byte : bytes) {
    byte = static_cast<uint8_t>(device() & 0xffU);
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0fU) | 0x40U);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3fU) | 0x80U);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      text.push_back('-');
    }
    text.push_back(kHex[bytes[i] >> 4U]);
    text.push_back(kHex[bytes[i] & 0x0fU]);
  }
  return text;
}

std::string make_boot_id() {
  std::ifstream kernel("/proc/sys/kernel/random/uuid");
  std::string text;
  if (kernel && std::getline(kernel, text) && is_uuid_v4(text)) {
    return text;
  }
  return make_random_uuid_v4();
}

bool is_uuid_v4(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') {
        return false;
      }
    } else if (!std::isxdigit(static_cast<unsigned char>(c)) ||
               std::isupper(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  const char variant = text[19];
  return text[14] == '4' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
}

}  // namespace sa
