#include "app/status_line.h"

namespace sa {

std::string redact_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  const size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const auto at = url.find('@', host_start);
  const auto slash = url.find('/', host_start);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) {
    return url;
  }
  return url.substr(0, host_start) + url.substr(at + 1);
}

std::string status_line(const std::string& broker, const PublisherStats& publisher,
                        const std::vector<SensorStatus>& sensors) {
  size_t ok = 0;
  size_t warning = 0;
  size_t failed = 0;
  size_t stale = 0;
  for (const auto& sensor : sensors) {
    switch (sensor.state) {
      case SensorState::ok:
        ++ok;
        break;
      case SensorState::warning:
        ++warning;
        break;
      case SensorState::failed:
        ++failed;
        break;
    }
    stale += sensor.stale ? 1 : 0;
  }
  std::string line = publisher.connected ? "connected to " : "connecting to ";
  line += redact_url(broker);
  if (!publisher.connected && !publisher.last_error.empty()) {
    line += " (" + publisher.last_error + ")";
  }
  line += ", " + std::to_string(ok) + (ok == 1 ? " sensor" : " sensors") + " ok";
  if (warning > 0) {
    line += ", " + std::to_string(warning) + " warning";
  }
  if (failed > 0) {
    line += ", " + std::to_string(failed) + " failed";
  }
  if (stale > 0) {
    line += ", " + std::to_string(stale) + " stale";
  }
  line += ", queue " + std::to_string(publisher.buffer.depth);
  return line;
}

}  // namespace sa
