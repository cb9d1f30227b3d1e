#pragma once

#include <string>
#include <vector>

#include "publish/publisher.h"
#include "sampling/sensor_status.h"

namespace sa {

// One line for systemd's STATUS=: "connected to mqtt://host:1883, 5 sensors ok, queue 0".
std::string status_line(const std::string& broker, const PublisherStats& publisher,
                        const std::vector<SensorStatus>& sensors);

// The broker URL without any user:password@ part, for logs and status lines.
std::string redact_url(const std::string& url);

}  // namespace sa
