// The sensor reference, end to end: `sensor-agent read` on 1-Wire and IIO trees laid out as the
// kernel lays them out (made here, reached through each driver's path option), and `sensor-agent
// check` on every hardware config drivers/*/README.md and config/examples/hardware.toml show.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/json_schema.h"
#include "support/mosquitto_broker.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

namespace fs = std::filesystem;

// Conversion results are compared at the precision of a double, not to a figure typed here.
constexpr double kTolerance = 1e-9;

// milli-°C, milli-%RH or mV as the kernel writes them, in the unit the agent publishes.
double from_milli(int64_t milli) {
  return static_cast<double>(milli) / 1000.0;
}

fs::path project_root() {
  // .../agent/schema/reading-v1.schema.json
  return reading_schema_path().parent_path().parent_path().parent_path();
}

// Maxim 1-Wire CRC-8 (x^8 + x^5 + x^4 + 1, reflected), as the kernel checks the scratchpad.
uint8_t maxim_crc8(const uint8_t* bytes, size_t length) {
  uint8_t crc = 0;
  for (size_t i = 0; i < length; ++i) {
    crc ^= bytes[i];
    for (int bit = 0; bit < 8; ++bit) {
      crc =
          (crc & 1) != 0 ? static_cast<uint8_t>((crc >> 1) ^ 0x8C) : static_cast<uint8_t>(crc >> 1);
    }
  }
  return crc;
}

// What the kernel's w1_therm driver prints for a DS18B20 whose scratchpad holds `raw` (1/16 °C):
// the nine bytes, the CRC it computed and whether it matched, then the bytes again and t= in
// milli-°C. With `crc_ok` false the ninth byte is damaged, as noise on the bus would do.
struct W1Slave {
  std::string text;
  int64_t milli_celsius = 0;
};

W1Slave w1_slave(int16_t raw, bool crc_ok) {
  const auto bits = static_cast<uint16_t>(raw);
  uint8_t scratchpad[9] = {static_cast<uint8_t>(bits & 0xFF),
                           static_cast<uint8_t>(bits >> 8),
                           0x4B,
                           0x46,
                           0x7F,
                           0xFF,
                           0x0C,
                           0x10,
                           0};
  const uint8_t crc = maxim_crc8(scratchpad, 8);
  scratchpad[8] = crc_ok ? crc : static_cast<uint8_t>(crc ^ 0x5A);
  std::string bytes;
  for (uint8_t byte : scratchpad) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%02x ", byte);
    bytes += hex;
  }
  W1Slave slave;
  slave.milli_celsius = static_cast<int64_t>(raw) * 1000 / 16;  // the kernel's integer division
  char crc_text[8];
  std::snprintf(crc_text, sizeof crc_text, "%02x", crc);
  slave.text = bytes + ": crc=" + crc_text + (crc_ok ? " YES\n" : " NO\n") + bytes +
               "t=" + std::to_string(slave.milli_celsius) + "\n";
  return slave;
}

// A device directory of the kernel's w1 bus: /sys/bus/w1/devices/28-... below `root`.
fs::path make_w1_device(const fs::path& root, const std::string& id, const W1Slave& slave) {
  fs::path device = root / "sys/bus/w1/devices" / id;
  write_file(device / "w1_slave", slave.text);
  write_file(device / "name", id + "\n");
  return device;
}

// An IIO device directory with `attributes` (file name -> content).
fs::path make_iio_device(const fs::path& root, const std::string& dir_name,
                         const std::map<std::string, std::string>& attributes) {
  fs::path device = root / "sys/bus/iio/devices" / dir_name;
  for (const auto& [name, content] : attributes) {
    write_file(device / name, content + "\n");
  }
  return device;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      lines.push_back(line);
    }
  }
  return lines;
}

// The readings `read` printed, by "sensor/channel"; a line that is not a reading fails the test.
std::map<std::string, nlohmann::json> readings_by_channel(const std::string& out) {
  std::map<std::string, nlohmann::json> readings;
  for (const std::string& line : lines_of(out)) {
    nlohmann::json reading;
    EXPECT_TRUE(parse_payload(line, reading));
    const std::string key = reading.value("sensor", "?") + "/" + reading.value("channel", "?");
    EXPECT_EQ(readings.count(key), 0u) << key << " printed twice in\n" << out;
    readings[key] = reading;
  }
  return readings;
}

// No broker listens at the config's URL: read needs none.
AgentConfig device_config(const TempDir& dir) {
  AgentConfig config;
  config.device_id = "pi-shed";
  config.url = "mqtt://127.0.0.1:" + std::to_string(free_loopback_port());
  config.state_dir = (dir / "state").string();
  config.log_level = "warn";
  return config;
}

struct DhtFiles {
  fs::path dir;
  int64_t milli_celsius = 0;
  int64_t milli_percent = 0;
};

// A DHT22 as the kernel's dht11 driver shows it (dtoverlay=dht11,gpiopin=4).
DhtFiles make_dht(const fs::path& root, const std::string& dir_name) {
  DhtFiles dht;
  dht.milli_celsius = 21700;
  dht.milli_percent = 48300;
  dht.dir = make_iio_device(root, dir_name,
                            {{"name", "dht11@4"},
                             {"in_temp_input", std::to_string(dht.milli_celsius)},
                             {"in_humidityrelative_input", std::to_string(dht.milli_percent)}});
  return dht;
}

std::string dht_sensor_toml(const DhtFiles& dht) {
  return "[[sensor]]\nname = \"air\"\ndriver = \"iio\"\ninterval = \"30s\"\npath = " +
         toml_string(dht.dir.string()) +
         "\n  [sensor.channels.temperature]\n  unit = \"°C\"\n"
         "  [sensor.channels.humidity]\n  unit = \"%RH\"\n";
}

void expect_reading(const std::map<std::string, nlohmann::json>& readings,
                    const AgentConfig& config, const std::string& sensor,
                    const std::string& channel, const std::string& unit, double expected) {
  const auto found = readings.find(sensor + "/" + channel);
  ASSERT_NE(found, readings.end()) << sensor << "/" << channel << " was not printed";
  const nlohmann::json& reading = found->second;
  EXPECT_TRUE(is_reading(reading, config.device_id, sensor, channel, unit));
  EXPECT_EQ(reading.value("unit", ""), unit) << reading.dump();
  EXPECT_NEAR(reading.value("value", 0.0), expected, kTolerance) << reading.dump();
}

TEST(ReadSysfs, PrintsW1AndIioReadingsConvertedFromTheFilesWithTheirUnits) {
  TempDir dir;
  const fs::path root = dir / "host";
  const W1Slave warm = w1_slave(370, true);   // 23.125 °C
  const W1Slave cold = w1_slave(-162, true);  // -10.125 °C: the sign survives
  const fs::path outdoor = make_w1_device(root, "28-0316a279b4ff", warm);
  const fs::path freezer = make_w1_device(root, "28-03172253a1ff", cold);
  const DhtFiles dht = make_dht(root, "iio:device0");
  // The kernel's ads1015 driver: raw counts and a type-wide scale in mV per count.
  const int64_t raw0 = 13210;
  const int64_t raw1 = -412;
  const double scale_mv = 0.125;
  const fs::path adc = make_iio_device(root, "iio:device1",
                                       {{"name", "ads1015"},
                                        {"in_voltage0_raw", std::to_string(raw0)},
                                        {"in_voltage1_raw", std::to_string(raw1)},
                                        {"in_voltage_scale", std::to_string(scale_mv)}});
  const double divider = 5.7;  // the config's scale on battery: a 47 kΩ / 10 kΩ divider

  AgentConfig config = device_config(dir);
  config.extra_toml =
      // The device directory for one DS18B20, the w1_slave file for the other.
      "[[sensor]]\nname = \"outdoor\"\ndriver = \"ds18b20\"\ninterval = \"60s\"\npath = " +
      toml_string(outdoor.string()) +
      "\n\n[[sensor]]\nname = \"freezer\"\ndriver = \"ds18b20\"\npath = " +
      toml_string((freezer / "w1_slave").string()) + "\n\n" + dht_sensor_toml(dht) +
      "\n[[sensor]]\nname = \"analog\"\ndriver = \"iio\"\npath = " + toml_string(adc.string()) +
      "\n  [sensor.channels.battery]\n  attribute = \"in_voltage0_raw\"\n  scale = " +
      std::to_string(divider) +
      "\n  unit = \"V\"\n"
      "  [sensor.channels.in_voltage1]\n  unit = \"V\"\n";
  const fs::path file = write_config(dir / "agent.toml", config);

  CommandResult result = run_agent({"read", "--config", file.string()}, dir.path());
  ASSERT_EQ(result.exit_code(), 0) << result.describe();
  const auto readings = readings_by_channel(result.out);
  EXPECT_EQ(readings.size(), 6u) << result.out;
  expect_reading(readings, config, "outdoor", "temperature", "°C", from_milli(warm.milli_celsius));
  expect_reading(readings, config, "freezer", "temperature", "°C", from_milli(cold.milli_celsius));
  expect_reading(readings, config, "air", "temperature", "°C", from_milli(dht.milli_celsius));
  expect_reading(readings, config, "air", "humidity", "%RH", from_milli(dht.milli_percent));
  // IIO voltages are in mV: raw * scale / 1000 volts, then the channel's own scale.
  expect_reading(readings, config, "analog", "battery", "V",
                 static_cast<double>(raw0) * scale_mv / 1000.0 * divider);
  expect_reading(readings, config, "analog", "in_voltage1", "V",
                 static_cast<double>(raw1) * scale_mv / 1000.0);
  EXPECT_TRUE(matches_schema(lines_of(result.out), reading_schema_path(), dir.path()));
}

TEST(ReadSysfs, CrcMismatchFailsThatSensorWithTheReasonWhileTheOtherStillPrints) {
  TempDir dir;
  const fs::path root = dir / "host";
  const fs::path outdoor = make_w1_device(root, "28-0316a279b4ff", w1_slave(370, false));
  const DhtFiles dht = make_dht(root, "iio:device0");

  AgentConfig config = device_config(dir);
  config.extra_toml = "[[sensor]]\nname = \"outdoor\"\ndriver = \"ds18b20\"\npath = " +
                      toml_string(outdoor.string()) + "\n\n" + dht_sensor_toml(dht);
  const fs::path file = write_config(dir / "agent.toml", config);

  CommandResult result = run_agent({"read", "--config", file.string()}, dir.path());
  EXPECT_EQ(result.exit_code(), 1) << result.describe();
  EXPECT_TRUE(contains_nocase(result.err, "outdoor")) << result.describe();
  EXPECT_TRUE(contains_nocase(result.err, "CRC")) << result.describe();
  const auto readings = readings_by_channel(result.out);
  EXPECT_EQ(readings.count("outdoor/temperature"), 0u) << result.out;
  expect_reading(readings, config, "air", "temperature", "°C", from_milli(dht.milli_celsius));
  expect_reading(readings, config, "air", "humidity", "%RH", from_milli(dht.milli_percent));
}

// `check` accepts the file without a single problem, warnings included.
::testing::AssertionResult checks_clean(const fs::path& file, const fs::path& dir) {
  CommandResult result = run_agent({"check", "--config", file.string()}, dir);
  if (result.exit_code() != 0 || !result.err.empty() ||
      result.out.find("config OK") == std::string::npos) {
    return ::testing::AssertionFailure() << file << ":\n" << result.describe();
  }
  return ::testing::AssertionSuccess();
}

std::set<std::string> drivers_named_in(const std::string& toml) {
  std::set<std::string> drivers;
  std::istringstream in(toml);
  for (std::string line; std::getline(in, line);) {
    const std::string key = "driver = \"";
    const size_t at = line.find(key);
    if (at != std::string::npos && line.find_first_not_of(' ') == at) {
      const size_t start = at + key.size();
      drivers.insert(line.substr(start, line.find('"', start) - start));
    }
  }
  return drivers;
}

// Every driver the binary has, from `sensor-agent drivers --json`.
std::set<std::string> registered_drivers(const fs::path& dir) {
  CommandResult result = run_agent({"drivers", "--json"}, dir);
  EXPECT_EQ(result.exit_code(), 0) << result.describe();
  std::set<std::string> names;
  const nlohmann::json drivers = nlohmann::json::parse(result.out, nullptr, false);
  EXPECT_TRUE(drivers.is_array()) << result.out;
  if (drivers.is_array()) {
    for (const nlohmann::json& driver : drivers) {
      names.insert(driver.value("name", ""));
    }
  }
  return names;
}

// Every driver's snippets are checked below; the example file stays a valid whole.
TEST(SensorReference, HardwareExampleChecksClean) {
  TempDir dir;
  const fs::path file = project_root() / "config" / "examples" / "hardware.toml";
  EXPECT_TRUE(checks_clean(file, dir.path()));
}

// The ```toml blocks of every driver's documentation, drivers/*/README.md (assembled into
// docs/sensors.md).
std::vector<std::string> sensor_reference_snippets() {
  std::vector<fs::path> readmes;
  for (const auto& entry : fs::directory_iterator(project_root() / "drivers")) {
    if (fs::exists(entry.path() / "README.md")) {
      readmes.push_back(entry.path() / "README.md");
    }
  }
  std::sort(readmes.begin(), readmes.end());
  if (readmes.empty()) {
    ADD_FAILURE() << "no drivers/*/README.md";
  }
  std::vector<std::string> snippets;
  const std::string open = "\n```toml\n";
  for (const fs::path& readme : readmes) {
    const std::string section = "\n" + read_file(readme);
    for (size_t at = section.find(open); at != std::string::npos; at = section.find(open, at)) {
      const size_t body = at + open.size();
      const size_t close = section.find("\n```", body);
      if (close == std::string::npos) {
        ADD_FAILURE() << "unterminated ```toml block in " << readme;
        break;
      }
      snippets.push_back(section.substr(body, close - body + 1));
      at = close + 4;
    }
  }
  return snippets;
}

TEST(SensorReference, EveryDriverDocSnippetChecksCleanAndEveryDriverHasOne) {
  TempDir dir;
  const std::vector<std::string> snippets = sensor_reference_snippets();
  std::set<std::string> named;
  for (size_t i = 0; i < snippets.size(); ++i) {
    const fs::path file = dir / ("snippet-" + std::to_string(i + 1) + ".toml");
    write_file(file, snippets[i]);
    EXPECT_TRUE(checks_clean(file, dir.path())) << snippets[i];
    for (const std::string& driver : drivers_named_in(snippets[i])) {
      named.insert(driver);
    }
  }
  for (const std::string& driver : registered_drivers(dir.path())) {
    EXPECT_EQ(named.count(driver), 1u) << "the sensor reference has no snippet for " << driver;
  }
}

}  // namespace
}  // namespace sa::test
