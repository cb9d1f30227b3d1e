// The parsers of what the kernel writes in sysfs, w1, IIO and /proc attribute files: any text
// gives a value or a refusal, never a crash; a value they accept is finite where they promise it.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "drivers/ds18b20/w1_slave.h"
#include "drivers/iio/iio_channel.h"
#include "drivers/sysfs/sysfs_reader.h"
#include "drivers/system/proc_parsers.h"

namespace {

void require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string copy(text);

  (void)sa::sysfs::trim(text);
  (void)sa::sysfs::parse_integer(text);
  if (auto number = sa::sysfs::parse_number(text)) {
    require(std::isfinite(*number));
  }
  const size_t half = size / 2;
  (void)sa::sysfs::natural_less(text.substr(0, half), text.substr(half));

  double celsius = 0.0;
  if (sa::ds18b20::parse_w1_slave(text, celsius).is_ok()) {
    require(std::isfinite(celsius));
  }

  if (auto load = sa::system::parse_loadavg(text)) {
    for (double value : *load) {
      require(std::isfinite(value));
    }
  }
  (void)sa::system::parse_meminfo_bytes(text, "MemAvailable");
  if (auto uptime = sa::system::parse_uptime(text)) {
    require(std::isfinite(*uptime));
  }
  if (auto times = sa::system::parse_cpu_times(text)) {
    require(times->busy <= times->total);
    sa::system::CpuUsage usage;
    const double percent = usage.update(*times);
    require(std::isfinite(percent));
  }

  const std::string stem = sa::iio::default_stem(copy);
  const std::string type = sa::iio::channel_type(stem);
  require(std::isfinite(sa::iio::unit_factor(type)));
  (void)sa::iio::plan_channel(copy, "", [&](const std::string& attribute) {
    return !attribute.empty() && (attribute.size() + size) % 3 != 0;
  });
  return 0;
}
