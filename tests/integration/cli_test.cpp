// The command line itself: --version, --help, drivers.
#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

TEST(Cli, VersionPrintsTheProjectVersion) {
  TempDir dir;
  CommandResult result = run_agent({"--version"}, dir.path());
  ASSERT_EQ(result.exit_code(), 0) << result.describe();
  EXPECT_TRUE(contains_nocase(result.out, std::string("sensor-agent ") + SA_PROJECT_VERSION))
      << result.describe();
}

TEST(Cli, HelpNamesEveryCommand) {
  TempDir dir;
  CommandResult result = run_agent({"--help"}, dir.path());
  ASSERT_EQ(result.exit_code(), 0) << result.describe();
  for (const char* command : {"run", "check", "read", "probe", "drivers", "--config"}) {
    EXPECT_TRUE(contains_nocase(result.out, command)) << command << "\n" << result.out;
  }
}

TEST(Cli, DriversListsTheBuiltInDriversWithTheirOptions) {
  TempDir dir;
  CommandResult result = run_agent({"drivers"}, dir.path());
  ASSERT_EQ(result.exit_code(), 0) << result.describe();
  for (const char* word : {"sim", "cpu_temp", "system", "waveform"}) {
    EXPECT_TRUE(contains_nocase(result.out, word)) << word << "\n" << result.out;
  }
}

TEST(Cli, DriversJsonIsMachineReadable) {
  TempDir dir;
  CommandResult result = run_agent({"drivers", "--json"}, dir.path());
  ASSERT_EQ(result.exit_code(), 0) << result.describe();
  nlohmann::json drivers = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_FALSE(drivers.is_discarded()) << result.out;
  EXPECT_NE(result.out.find("\"sim\""), std::string::npos) << result.out;
}

TEST(Cli, UnknownCommandFailsWithUsage) {
  TempDir dir;
  CommandResult result = run_agent({"publish-everything"}, dir.path());
  EXPECT_NE(result.exit_code(), 0) << result.describe();
}

}  // namespace
}  // namespace sa::test
