#include "drivers/describe.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "drivers/builtin.h"

namespace sa {
namespace {

std::vector<Driver> my_drivers() {
  return {sim::make_driver(), make_cpu_temp_driver(), system::make_driver(), ds18b20::make_driver(),
          iio::make_driver()};
}

// Every schema is complete: that is what `sensor-agent drivers` and the loader rely on.
TEST(DriverInfo, EveryDriverDescribesItselfCompletely) {
  std::set<std::string> names;
  for (const Driver& driver : my_drivers()) {
    const DriverInfo& info = driver.info;
    SCOPED_TRACE(info.name);
    EXPECT_TRUE(names.insert(info.name).second) << "names are unique";
    EXPECT_FALSE(info.summary.empty());
    EXPECT_TRUE(driver.create);
    EXPECT_TRUE(info.free_channels || !info.channels.empty());
    for (const ChannelSpec& channel : info.channels) {
      EXPECT_FALSE(channel.name.empty());
      EXPECT_FALSE(channel.description.empty()) << channel.name;
    }
    for (const auto* options : {&info.sensor_options, &info.channel_options}) {
      for (const OptionSpec& option : *options) {
        EXPECT_FALSE(option.description.empty()) << option.name;
        EXPECT_TRUE(option.required || !option.default_text.empty()) << option.name;
      }
    }
  }
}

TEST(DescribeDrivers, TextListsEveryChannelUnitAndOption) {
  const auto drivers = my_drivers();
  const std::string text = "\n" + describe_drivers(drivers);
  for (const Driver& driver : drivers) {
    EXPECT_NE(text.find("\n" + driver.info.name + "\n"), std::string::npos) << driver.info.name;
    for (const ChannelSpec& channel : driver.info.channels) {
      EXPECT_NE(text.find(channel.name), std::string::npos);
      EXPECT_NE(text.find(channel.unit), std::string::npos);
    }
    for (const OptionSpec& option : driver.info.sensor_options) {
      EXPECT_NE(text.find(option.name), std::string::npos);
      EXPECT_NE(text.find(option.default_text), std::string::npos);
    }
  }
  EXPECT_NE(text.find("random_walk"), std::string::npos) << "choices are listed";
  EXPECT_NE(text.find("duration"), std::string::npos);
}

TEST(DescribeDrivers, LinesStayWithinOneHundredColumns) {
  std::istringstream lines(describe_drivers(my_drivers()));
  std::string line;
  while (std::getline(lines, line)) {
    size_t columns = 0;
    for (char c : line) {
      columns += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    }
    EXPECT_LE(columns, 100u) << line;
  }
}

TEST(DescribeDrivers, OptionColumnsAreAligned) {
  const std::string text = describe_drivers({sim::make_driver()});
  const size_t waveform = text.find("\n      waveform");
  const size_t period = text.find("\n      period");
  ASSERT_NE(waveform, std::string::npos) << text;
  ASSERT_NE(period, std::string::npos) << text;
  const auto column_of = [&](size_t line_start, const std::string& word) {
    return text.find(word, line_start) - line_start;
  };
  EXPECT_EQ(column_of(waveform, "string"), column_of(period, "duration"));
  EXPECT_EQ(column_of(waveform, "sine"), column_of(period, "60s"));
}

TEST(DescribeDrivers, JsonCarriesTheWholeSchema) {
  const auto drivers = my_drivers();
  const nlohmann::json json = describe_drivers_json(drivers);
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.size(), drivers.size());
  const nlohmann::json& sim = json[0];
  EXPECT_EQ(sim["name"], "sim");
  EXPECT_EQ(sim["free_channels"], true);
  ASSERT_EQ(sim["channel_options"].size(), drivers[0].info.channel_options.size());
  const nlohmann::json& waveform = sim["channel_options"][0];
  EXPECT_EQ(waveform["name"], "waveform");
  EXPECT_EQ(waveform["type"], "string");
  EXPECT_EQ(waveform["default"], "sine");
  EXPECT_EQ(waveform["choices"].size(), 4u);
  const nlohmann::json& system = json[2];
  EXPECT_EQ(system["channels"].size(), drivers[2].info.channels.size());
  EXPECT_EQ(system["channels"][3]["unit"], "B");
}

}  // namespace
}  // namespace sa
