#pragma once

#include <string>
#include <string_view>

namespace sa {

// A random UUID v4 naming this run of the agent: with (device, channel, seq) it lets a consumer
// drop duplicates across restarts. Read from the kernel, or made from std::random_device.
std::string make_boot_id();

// Made from std::random_device only; make_boot_id() falls back to it.
std::string make_random_uuid_v4();

// Lower-case 8-4-4-4-12 hex with version 4 and the RFC 4122 variant.
bool is_uuid_v4(std::string_view text);

}  // namespace sa
