// `sensor-agent check` notes on the devices a config needs: missing, or not accessible.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/config_check.h"

namespace sa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char* const kConfig = R"([broker]
url = "mqtt://localhost:1883"

[[sensor]]
name = "air"
driver = "sht4x"

[[sensor]]
name = "pots"
driver = "mcp3008"
device = "/dev/spidev0.1"
  [sensor.channels.in0]

[[sensor]]
name = "co2"
driver = "mhz19"

[[sensor]]
name = "cpu"
driver = "cpu_temp"
)";

TEST(DeviceNotes, EachMissingDeviceIsExplainedWithWhatToEnable) {
  namespace fs = std::filesystem;
  const fs::path root =
      fs::temp_directory_path() / ("sa-device-notes-" + std::to_string(::getpid()));
  fs::create_directories(root / "dev");
  std::ofstream(root / "dev" / "i2c-1") << "";  // the I2C bus exists; SPI and the UART do not
  LoadEnvironment env;
  env.hostname = "pi";
  const CheckedConfig checked = check_config_text(kConfig, "agent.toml", env);
  ASSERT_TRUE(checked.ok());
  const std::vector<std::string> notes = device_notes(*checked.config, root.string());
  fs::remove_all(root);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_THAT(notes[0], HasSubstr("sensor pots: no such SPI device: /dev/spidev0.1"));
  EXPECT_THAT(notes[0], HasSubstr("dtparam=spi=on"));
  EXPECT_THAT(notes[1], HasSubstr("sensor co2: no such serial port: /dev/serial0"));
  EXPECT_THAT(notes[1], HasSubstr("enable_uart=1"));
}

}  // namespace
}  // namespace sa
