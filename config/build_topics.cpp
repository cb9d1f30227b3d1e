#include "internal/readers.h"

namespace sa::config_detail {

void build_topics(const DeviceConfig& device, ReadContext& context,
                  std::vector<SensorConfig>& sensors) {
  // A bad prefix is reported once at topic_prefix, not again for every channel.
  const std::string& prefix = device.topic_prefix;
  bool prefix_ok = topic_name_problem(prefix).empty() && prefix.back() != '/';
  for (SensorConfig& sensor : sensors) {
    for (ChannelConfig& channel : sensor.channels) {
      channel.topic = prefix + "/" + sensor.name + "/" + channel.name;
      if (!prefix_ok) {
        continue;
      }
      if (std::string problem = topic_name_problem(channel.topic); !problem.empty()) {
        context.problems.error(channel.where, "sensor." + sensor.name + ".channels." + channel.name,
                               "topic '" + channel.topic + "' " + problem);
      }
    }
  }
}

}  // namespace sa::config_detail
