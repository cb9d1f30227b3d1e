#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

using test::expect_problem;
using test::kSimSensor;
using test::load;

constexpr const char* kSecret = "s3cr3t-Pa55";

std::string with_broker(const std::string& lines) {
  return "[broker]\n" + lines + "\n" + kSimSensor;
}

void expect_secret_absent(const LoadResult& result) {
  for (const ConfigProblem& problem : result.problems) {
    EXPECT_EQ(problem.format().find(kSecret), std::string::npos) << problem.format();
  }
}

TEST(PasswordFile, IsReadWithTheTrailingNewlineStripped) {
  test::TempDir dir;
  std::string file = dir.write("mqtt-password", std::string(kSecret) + "\n");
  LoadResult result = load(with_broker("username = \"agent\"\npassword_file = \"" + file + "\""));
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_TRUE(result.problems.empty()) << test::describe(result);
  EXPECT_EQ(result.config->broker.password, kSecret);
  EXPECT_EQ(result.config->broker.password_file, file);
  EXPECT_EQ(result.config->broker.username, "agent");
}

TEST(PasswordFile, KeepsInnerWhitespaceAndStripsCrLf) {
  test::TempDir dir;
  std::string file = dir.write("pw", " a b \r\n");
  LoadResult result = load(with_broker("username = \"u\"\npassword_file = \"" + file + "\""));
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->broker.password, " a b ");
}

TEST(PasswordFile, MissingFileIsAnErrorSayingWhy) {
  test::TempDir dir;
  std::string file = (dir.path() / "absent").string();
  std::string text = with_broker("username = \"u\"\npassword_file = \"" + file + "\"");
  expect_problem(load(text), text, "broker.password_file", "\"" + file + "\"", "",
                 "cannot read password file '" + file + "': No such file or directory");
}

TEST(PasswordFile, DirectoryIsAnError) {
  test::TempDir dir;
  std::string path = dir.path().string();
  std::string text = with_broker("username = \"u\"\npassword_file = \"" + path + "\"");
  expect_problem(load(text), text, "broker.password_file", "\"" + path + "\"", "",
                 "is a directory");
}

TEST(PasswordFile, UnreadableFileIsAnErrorSayingWhy) {
  if (geteuid() == 0) {
    GTEST_SKIP() << "root reads files whatever their mode";
  }
  test::TempDir dir;
  std::string file = dir.write("pw", kSecret);
  ASSERT_EQ(chmod(file.c_str(), 0), 0);
  std::string text = with_broker("username = \"u\"\npassword_file = \"" + file + "\"");
  LoadResult result = load(text);
  expect_problem(result, text, "broker.password_file", "\"" + file + "\"", "", "Permission denied");
  expect_secret_absent(result);
}

TEST(PasswordFile, EmptyFileIsAnError) {
  test::TempDir dir;
  std::string file = dir.write("pw", "\n");
  std::string text = with_broker("username = \"u\"\npassword_file = \"" + file + "\"");
  expect_problem(load(text), text, "broker.password_file", "\"" + file + "\"", "", "is empty");
}

TEST(PasswordFile, ComesFromTheCredentialsDirectory) {
  test::TempDir dir;
  dir.write("mqtt-password", std::string(kSecret) + "\n");
  std::string text =
      with_broker("username = \"u\"\npassword_file = \"${CREDENTIALS_DIRECTORY}/mqtt-password\"");
  LoadEnvironment env = test::test_env();
  env.credentials_directory = dir.path().string();
  LoadResult result = load(text, env);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->broker.password, kSecret);
  EXPECT_EQ(result.config->broker.password_file, dir.path().string() + "/mqtt-password");
}

TEST(PasswordFile, SystemdCredentialIsUsedWithoutAnyPasswordKey) {
  test::TempDir dir;
  dir.write("mqtt-password", kSecret);
  LoadEnvironment env = test::test_env();
  env.credentials_directory = dir.path().string();
  LoadResult result = load(with_broker("username = \"u\""), env);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_TRUE(result.problems.empty()) << test::describe(result);
  EXPECT_EQ(result.config->broker.password, kSecret);
}

TEST(InlinePassword, IsAcceptedWithAWarningThatNeverShowsIt) {
  std::string text = with_broker("username = \"u\"\npassword = \"" + std::string(kSecret) + "\"");
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->broker.password, kSecret);
  expect_problem(result, text, "broker.password", std::string("\"") + kSecret, "",
                 "prefer password_file", true);
  expect_secret_absent(result);
}

TEST(InlinePassword, FromTheEnvironmentIsNotWarnedAbout) {
  LoadResult result = load(with_broker("username = \"u\"\npassword = \"${MQTT_PASSWORD}\""),
                           test::test_env({{"MQTT_PASSWORD", kSecret}}));
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_TRUE(result.problems.empty()) << test::describe(result);
  EXPECT_EQ(result.config->broker.password, kSecret);
}

TEST(InlinePassword, WrongTypeNeverEchoesTheValue) {
  std::string text = with_broker("username = \"u\"\npassword = 123456789");
  LoadResult result = load(text);
  ConfigProblem problem = expect_problem(result, text, "broker.password", "123456789", "",
                                         "password must be a string, got an integer");
  EXPECT_EQ(problem.message.find("123456789"), std::string::npos);
}

TEST(Password, BothInlineAndFileIsAnError) {
  test::TempDir dir;
  std::string file = dir.write("pw", kSecret);
  std::string text = with_broker("username = \"u\"\npassword = \"" + std::string(kSecret) +
                                 "\"\npassword_file = \"" + file + "\"");
  LoadResult result = load(text);
  expect_problem(result, text, "broker.password_file", "\"" + file + "\"", "",
                 "either password or password_file");
  expect_secret_absent(result);
}

TEST(Password, UsernameWithoutPasswordIsAWarning) {
  std::string text = with_broker("username = \"agent\"");
  LoadResult result = load(text);
  ASSERT_TRUE(result.ok());
  expect_problem(result, text, "broker.username", "\"agent\"", "",
                 "neither password nor password_file", true);
}

TEST(Password, WithoutUsernameUnderThreeOneOneIsAnError) {
  std::string text = with_broker("protocol = \"3.1.1\"\npassword = \"${P}\"");
  LoadResult result = load(text, test::test_env({{"P", kSecret}}));
  expect_problem(result, text, "broker.password", "\"${P}\"", "", "set username");
}

}  // namespace
}  // namespace sa
