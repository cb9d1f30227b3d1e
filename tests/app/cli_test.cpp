#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "app/boot_id.h"

namespace sa {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "sa-cli-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string write_config(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  Outcome run(const std::string& arguments) {
    const auto err_path = dir_ / "stderr.txt";
    const std::string command =
        std::string(SA_AGENT_BINARY) + " " + arguments + " 2>" + err_path.string();
    Outcome outcome;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
      return outcome;
    }
    char buffer[4096];
    size_t got = 0;
    while ((got = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
      outcome.out.append(buffer, got);
    }
    const int status = pclose(pipe);
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_path);
    std::stringstream text;
    text << err.rdbuf();
    outcome.err = text.str();
    return outcome;
  }

  std::string good_config() {
    return "[device]\nid = \"cli-test\"\n"
           "[agent]\nstate_dir = \"" +
           dir_.string() +
           "\"\n"
           "[broker]\nurl = \"mqtt://127.0.0.1:1\"\n"
           "[[sensor]]\nname = \"wave\"\ndriver = \"sim\"\n"
           "[sensor.channels.level]\nunit = \"%\"\n"
           "[sensor.channels.other]\nunit = \"%\"\n"
           "[[sensor]]\nname = \"flat\"\ndriver = \"sim\"\n"
           "[sensor.channels.level]\nunit = \"%\"\n";
  }

  std::filesystem::path dir_;
};

TEST_F(CliTest, CheckAcceptsAValidConfigWithASummary) {
  const auto outcome = run("check --config " + write_config("good.toml", good_config()));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out.rfind("config OK: 2 sensors, 3 channels, broker mqtt://127.0.0.1:1", 0), 0U)
      << outcome.out;
}

TEST_F(CliTest, CheckReportsEveryProblemWithItsLocationAndExits78) {
  const std::string path = write_config(
      "bad.toml", good_config() + "[[sensor]]\nname = \"x\"\ndriver = \"no-such-driver\"\n");
  const auto outcome = run("check --config " + path);
  EXPECT_EQ(outcome.exit_code, 78);
  // The driver line is the last [[sensor]]'s second line.
  EXPECT_NE(outcome.err.find(path + ":"), std::string::npos) << outcome.err;
  EXPECT_NE(outcome.err.find("no-such-driver"), std::string::npos) << outcome.err;
  EXPECT_TRUE(outcome.out.empty()) << outcome.out;
}

TEST_F(CliTest, CheckOfAMissingFileExits78) {
  const auto outcome = run("check --config " + (dir_ / "absent.toml").string());
  EXPECT_EQ(outcome.exit_code, 78);
  EXPECT_FALSE(outcome.err.empty());
}

TEST_F(CliTest, ReadPrintsOnePayloadPerChannelWithoutABroker) {
  const auto outcome = run("read --config " + write_config("good.toml", good_config()));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  std::istringstream lines(outcome.out);
  std::string line;
  std::string boot;
  int count = 0;
  while (std::getline(lines, line)) {
    const auto payload = nlohmann::json::parse(line);
    EXPECT_EQ(payload["device"], "cli-test");
    EXPECT_TRUE(is_uuid_v4(payload["boot"].get<std::string>()));
    if (!boot.empty()) {
      EXPECT_EQ(payload["boot"], boot);  // one boot id per run
    }
    boot = payload["boot"].get<std::string>();
    ++count;
  }
  EXPECT_EQ(count, 3);
}

TEST_F(CliTest, ReadOfOneSensorPrintsOnlyIt) {
  const auto outcome =
      run("read --config " + write_config("good.toml", good_config()) + " --sensor flat");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto payload = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(payload["sensor"], "flat");
}

TEST_F(CliTest, ReadOfAFailingSensorExits1AndStillPrintsTheOthers) {
  const std::string config = good_config() +
                             "[[sensor]]\nname = \"broken\"\ndriver = \"sim\"\n"
                             "fail_probability = 1.0\n[sensor.channels.level]\nunit = \"%\"\n";
  const auto outcome = run("read --config " + write_config("mixed.toml", config));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(outcome.err.find("broken"), std::string::npos) << outcome.err;
  EXPECT_NE(outcome.out.find("\"wave\""), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("\"flat\""), std::string::npos) << outcome.out;
}

TEST_F(CliTest, VersionNamesTheProgram) {
  const auto outcome = run("--version");
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(outcome.out.rfind("sensor-agent ", 0), 0U) << outcome.out;
}

TEST_F(CliTest, DriversJsonListsTheSimDriver) {
  const auto outcome = run("drivers --json");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto drivers = nlohmann::json::parse(outcome.out);
  ASSERT_TRUE(drivers.is_array());
  bool found = false;
  for (const auto& driver : drivers) {
    found = found || driver["name"] == "sim";
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace sa
