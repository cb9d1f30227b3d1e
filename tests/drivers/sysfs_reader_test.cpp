#include "drivers/sysfs/sysfs_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "fake_tree.h"

namespace sa {
namespace {

using sysfs::SysfsReader;

TEST(SysfsReader, ReadsAnIntegerAttributeWithItsTrailingNewline) {
  test::FakeTree tree;
  tree.write("/sys/class/x/value", "45123\n");
  const auto result = SysfsReader(tree.root()).read_integer("/sys/class/x/value");
  ASSERT_TRUE(result.ok()) << result.status.reason();
  EXPECT_EQ(result.value, 45123);
}

TEST(SysfsReader, MissingFileFailsWithEnoentAndTheSystemPath) {
  test::FakeTree tree;
  const auto result = SysfsReader(tree.root()).read_text("/sys/class/x/missing");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error, ENOENT);
  EXPECT_EQ(result.status.reason().rfind("/sys/class/x/missing: ", 0), 0u)
      << result.status.reason();
  EXPECT_EQ(result.status.reason().find(tree.root().string()), std::string::npos)
      << "reasons name the system path, not the test root";
}

TEST(SysfsReader, EmptyOrBlankFileIsAFailure) {
  test::FakeTree tree;
  tree.write("/sys/a", "");
  tree.write("/sys/b", " \n");
  SysfsReader reader(tree.root());
  for (const char* path : {"/sys/a", "/sys/b"}) {
    const auto result = reader.read_integer(path);
    EXPECT_FALSE(result.ok());
    EXPECT_NE(result.status.reason().find("empty"), std::string::npos) << result.status.reason();
  }
}

TEST(SysfsReader, GarbageIsNotAnInteger) {
  test::FakeTree tree;
  SysfsReader reader(tree.root());
  for (const char* content : {"45abc\n", "4 5\n", "0x10\n", "1.5\n", "--3\n", "+-3\n", "abc"}) {
    tree.write("/sys/v", content);
    const auto result = reader.read_integer("/sys/v");
    EXPECT_FALSE(result.ok()) << content;
    EXPECT_EQ(result.error, 0) << content;
    EXPECT_NE(result.status.reason().find("not an integer"), std::string::npos);
  }
}

TEST(SysfsReader, NumbersParseStrictly) {
  EXPECT_EQ(sysfs::parse_number("21.5\n"), 21.5);
  EXPECT_EQ(sysfs::parse_number(" -3 "), -3.0);
  EXPECT_EQ(sysfs::parse_number("1e-3"), 1e-3);
  EXPECT_EQ(sysfs::parse_number("0.000610351"), 0.000610351);
  for (const char* bad : {"", "nan", "inf", "1.2.3", "abc", "1,5", "12 C"}) {
    EXPECT_FALSE(sysfs::parse_number(bad).has_value()) << bad;
  }
  EXPECT_EQ(sysfs::parse_integer("-127000\n"), -127000);
  EXPECT_EQ(sysfs::parse_integer("+7"), 7);
  EXPECT_FALSE(sysfs::parse_integer("99999999999999999999").has_value());
}

TEST(SysfsReader, DirectoryWhereAnAttributeShouldBeIsAFailure) {
  test::FakeTree tree;
  tree.make_dir("/sys/class/x/temp");
  const auto result = SysfsReader(tree.root()).read_text("/sys/class/x/temp");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error, EISDIR);
}

// /proc/self/mem read at offset 0 fails with EIO: a real I/O error from the kernel, the same
// errno a sensor that does not answer produces.
TEST(SysfsReader, KernelIoErrorIsReportedWithItsErrno) {
  test::FakeTree tree;
  tree.symlink("/proc/self/mem", "/sys/bus/iio/devices/iio:device0/in_temp_input");
  const auto result =
      SysfsReader(tree.root()).read_number("/sys/bus/iio/devices/iio:device0/in_temp_input");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error, EIO);
  EXPECT_NE(result.status.reason().find("I/O error"), std::string::npos);
}

TEST(SysfsReader, UnreadableFileIsPermissionDenied) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "root reads files whatever their mode";
  }
  test::FakeTree tree;
  tree.write("/sys/secret", "1\n");
  ::chmod(tree.host("/sys/secret").c_str(), 0);
  const auto result = SysfsReader(tree.root()).read_text("/sys/secret");
  EXPECT_EQ(result.error, EACCES);
  EXPECT_NE(result.status.reason().find("permission denied"), std::string::npos);
}

TEST(SysfsReader, ErrnoReasonsAreWorded) {
  EXPECT_EQ(sysfs::error_reason(EACCES), "permission denied");
  EXPECT_NE(sysfs::error_reason(ETIMEDOUT).find("timed out"), std::string::npos);
  EXPECT_NE(sysfs::error_reason(ENOENT).find("no such file"), std::string::npos);
}

TEST(SysfsReader, GlobReturnsSystemPathsInNaturalOrder) {
  test::FakeTree tree;
  for (const char* device : {"iio:device10", "iio:device2", "iio:device0", "trigger0"}) {
    tree.write(std::string("/sys/bus/iio/devices/") + device + "/name", "x\n");
  }
  const auto found = SysfsReader(tree.root()).glob("/sys/bus/iio/devices/iio:device*");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0], "/sys/bus/iio/devices/iio:device0");
  EXPECT_EQ(found[1], "/sys/bus/iio/devices/iio:device2");
  EXPECT_EQ(found[2], "/sys/bus/iio/devices/iio:device10");
}

TEST(SysfsReader, GlobMatchesWildcardsInTheMiddleAndNeedsTheTailToExist) {
  test::FakeTree tree;
  tree.write("/sys/bus/w1/devices/28-000000000002/w1_slave", "x");
  tree.write("/sys/bus/w1/devices/28-000000000001/w1_slave", "x");
  tree.make_dir("/sys/bus/w1/devices/28-000000000000");  // no w1_slave: not a match
  tree.make_dir("/sys/bus/w1/devices/w1_bus_master1");
  const auto found = SysfsReader(tree.root()).glob("/sys/bus/w1/devices/28-*/w1_slave");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], "/sys/bus/w1/devices/28-000000000001/w1_slave");
  EXPECT_EQ(found[1], "/sys/bus/w1/devices/28-000000000002/w1_slave");
}

TEST(SysfsReader, GlobBelowAMissingDirectoryFindsNothing) {
  test::FakeTree tree;
  EXPECT_TRUE(SysfsReader(tree.root()).glob("/sys/class/thermal/thermal_zone*").empty());
}

TEST(SysfsReader, NaturalOrderComparesDigitRunsAsNumbers) {
  EXPECT_TRUE(sysfs::natural_less("thermal_zone2", "thermal_zone10"));
  EXPECT_FALSE(sysfs::natural_less("thermal_zone10", "thermal_zone2"));
  EXPECT_TRUE(sysfs::natural_less("a", "b"));
  EXPECT_TRUE(sysfs::natural_less("dev", "dev0"));
  EXPECT_FALSE(sysfs::natural_less("dev1", "dev1"));
}

}  // namespace
}  // namespace sa
