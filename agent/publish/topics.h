#pragma once

#include <string>

#include "config/config.h"

namespace sa {

// "{device}" replaced by the device id (the loader expands it; this is harmless when it did).
std::string expand_device(std::string text, const std::string& device);
std::string topic_prefix(const Config& config);
std::string status_topic(const Config& config);  // {topic_prefix}/status, retained online/offline
std::string probe_topic(const Config& config);   // {topic_prefix}/probe
std::string client_id(const Config& config);

}  // namespace sa
