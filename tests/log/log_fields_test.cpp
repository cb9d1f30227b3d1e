#include <gtest/gtest.h>
#include <spdlog/details/log_msg.h>
#include <syslog.h>

#include <thread>

#include "log/fields.h"
#include "log/journal_sink.h"
#include "log/log.h"
#include "log/stderr_format.h"

namespace sa::log {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

TEST(FieldScopeTest, FieldsLiveAsLongAsTheirScope) {
  EXPECT_TRUE(current_fields().empty());
  {
    FieldScope sensor{{"SENSOR", "wave"}};
    EXPECT_EQ(current_fields(), (Fields{{"SENSOR", "wave"}}));
    {
      FieldScope channel{{"CHANNEL", "temperature"}, {"BROKER", "mqtt://b:1883"}};
      EXPECT_EQ(current_fields().size(), 3u);
    }
    EXPECT_EQ(current_fields(), (Fields{{"SENSOR", "wave"}}));
  }
  EXPECT_TRUE(current_fields().empty());
}

TEST(FieldScopeTest, FieldsBelongToTheThreadThatSetThem) {
  FieldScope sensor{{"SENSOR", "wave"}};
  size_t seen_elsewhere = 99;
  std::thread other([&] { seen_elsewhere = current_fields().size(); });
  other.join();
  EXPECT_EQ(seen_elsewhere, 0u);
}

TEST(FieldScopeTest, TheInnermostValueOfARepeatedKeyWins) {
  FieldScope outer{{"SENSOR", "wave"}, {"CHANNEL", "a"}};
  FieldScope inner{{"SENSOR", "bme280"}};
  EXPECT_EQ(effective_fields(), (Fields{{"SENSOR", "bme280"}, {"CHANNEL", "a"}}));
}

TEST(StderrFormatTest, FieldsAreLowerCaseKeyValuePairsQuotedWhenNeeded) {
  EXPECT_EQ(format_fields({{"SENSOR", "wave"}, {"BROKER", "a b"}, {"REASON", "say \"hi\""}}),
            " sensor=wave broker=\"a b\" reason=\"say \\\"hi\\\"\"");
  EXPECT_EQ(format_fields({{"X", ""}}), " x=\"\"");
  EXPECT_EQ(format_fields({}), "");
}

TEST(StderrFormatTest, ALineCarriesLevelMessageAndTheThreadsFields) {
  FieldScope sensor{{"SENSOR", "wave"}};
  auto formatter = make_stderr_formatter();
  spdlog::details::log_msg msg("sensor-agent", spdlog::level::warn, "read failed: I2C NACK");
  spdlog::memory_buf_t out;
  formatter->format(msg, out);
  const std::string line(out.data(), out.size());
  EXPECT_NE(line.find("warning"), std::string::npos) << line;
  EXPECT_NE(line.find("read failed: I2C NACK sensor=wave"), std::string::npos) << line;
}

TEST(JournalFieldNameTest, NamesAreUpperCaseAlnumAndUnderscore) {
  EXPECT_EQ(journal_field_name("SENSOR"), "SENSOR");
  EXPECT_EQ(journal_field_name("sensor"), "SENSOR");
  EXPECT_EQ(journal_field_name("broker-url"), "BROKER_URL");
  EXPECT_EQ(journal_field_name("_PID"), "PID");  // trusted fields are journald's own
  EXPECT_EQ(journal_field_name("1wire"), "F_1WIRE");
  EXPECT_EQ(journal_field_name("--"), "");
}

TEST(JournalPriorityTest, LevelsMapToSyslogPriorities) {
  EXPECT_EQ(journal_priority(spdlog::level::trace), LOG_DEBUG);
  EXPECT_EQ(journal_priority(spdlog::level::debug), LOG_DEBUG);
  EXPECT_EQ(journal_priority(spdlog::level::info), LOG_INFO);
  EXPECT_EQ(journal_priority(spdlog::level::warn), LOG_WARNING);
  EXPECT_EQ(journal_priority(spdlog::level::err), LOG_ERR);
  EXPECT_EQ(journal_priority(spdlog::level::critical), LOG_CRIT);
}

}  // namespace
}  // namespace sa::log
