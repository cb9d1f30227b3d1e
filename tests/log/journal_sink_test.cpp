#include "log/journal_sink.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <spdlog/spdlog.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "log/log.h"

namespace sa::log {
namespace {

constexpr int kCannotIsolate = 77;
constexpr const char* kJournalSocket = "/run/systemd/journal/socket";

using Entry = std::map<std::string, std::string>;

// Native journal protocol: "KEY=value\n", or for binary-safe values "KEY\n", a 64-bit
// little-endian length, the value and "\n".
Entry parse_datagram(const std::string& data) {
  Entry entry;
  size_t pos = 0;
  while (pos < data.size()) {
    const size_t end = data.find('\n', pos);
    if (end == std::string::npos)
      break;
    const std::string line = data.substr(pos, end - pos);
    const size_t equals = line.find('=');
    if (equals != std::string::npos) {
      entry[line.substr(0, equals)] = line.substr(equals + 1);
      pos = end + 1;
      continue;
    }
    uint64_t length = 0;
    for (int i = 7; i >= 0; --i) {
      length = (length << 8) | static_cast<unsigned char>(data[end + 1 + static_cast<size_t>(i)]);
    }
    entry[line] = data.substr(end + 9, length);
    pos = end + 9 + length + 1;
  }
  return entry;
}

void write_all(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = write(fd, p, size);
    if (n <= 0)
      _exit(4);
    p += n;
    size -= static_cast<size_t>(n);
  }
}

// Runs in a forked child: hides the real journal behind a tmpfs in a private mount namespace,
// listens where libsystemd sends, logs through the sink and forwards what arrived to `out`.
int log_into_private_journal(int out) {
  if (unshare(CLONE_NEWNS) != 0)
    return kCannotIsolate;
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return kCannotIsolate;
  // A tmpfs over all of /run, so that nothing has to be created on the real filesystem.
  if (mount("tmpfs", "/run", "tmpfs", 0, "mode=0755") != 0)
    return kCannotIsolate;
  if (mkdir("/run/systemd", 0755) != 0 || mkdir("/run/systemd/journal", 0755) != 0)
    return 2;
  const int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, kJournalSocket, sizeof address.sun_path - 1);
  if (sock < 0 || bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    return 3;

  spdlog::logger logger("test", std::make_shared<JournalSink>("sensor-agent"));
  logger.set_level(spdlog::level::trace);
  {
    FieldScope sensor{{"SENSOR", "wave"}, {"CHANNEL", "temperature"}};
    SPDLOG_LOGGER_WARN(&logger, "read failed: {}", "I2C NACK");
    {
      FieldScope broker{{"BROKER", "mqtt://broker:1883"}};
      logger.error("connection lost");
    }
  }
  logger.debug("two\nlines");

  std::vector<char> buffer(1 << 16);
  for (;;) {
    const ssize_t n = recv(sock, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0)
      break;
    const auto length = static_cast<uint32_t>(n);
    write_all(out, &length, sizeof length);
    write_all(out, buffer.data(), length);
  }
  return 0;
}

TEST(JournalSinkTest, SendsPriorityIdentifierLocationAndScopeFieldsNatively) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    _exit(log_into_private_journal(pipe_fds[1]));
  }
  close(pipe_fds[1]);
  std::string received;
  char chunk[4096];
  for (ssize_t n; (n = read(pipe_fds[0], chunk, sizeof chunk)) > 0;) {
    received.append(chunk, static_cast<size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == kCannotIsolate) {
    GTEST_SKIP() << "no private mount namespace (needs CAP_SYS_ADMIN)";
  }
  ASSERT_EQ(WEXITSTATUS(status), 0);

  std::vector<Entry> entries;
  for (size_t pos = 0; pos + sizeof(uint32_t) <= received.size();) {
    uint32_t length = 0;
    std::memcpy(&length, received.data() + pos, sizeof length);
    entries.push_back(parse_datagram(received.substr(pos + sizeof length, length)));
    pos += sizeof length + length;
  }
  ASSERT_EQ(entries.size(), 3u);

  const Entry& warn = entries[0];
  EXPECT_EQ(warn.at("MESSAGE"), "read failed: I2C NACK");
  EXPECT_EQ(warn.at("PRIORITY"), std::to_string(LOG_WARNING));
  EXPECT_EQ(warn.at("SYSLOG_IDENTIFIER"), "sensor-agent");
  EXPECT_EQ(warn.at("SENSOR"), "wave");
  EXPECT_EQ(warn.at("CHANNEL"), "temperature");
  EXPECT_NE(warn.at("CODE_FILE").find("journal_sink_test.cpp"), std::string::npos);
  EXPECT_GT(std::stoi(warn.at("CODE_LINE")), 0);
  EXPECT_EQ(warn.count("BROKER"), 0u);

  const Entry& error = entries[1];
  EXPECT_EQ(error.at("MESSAGE"), "connection lost");
  EXPECT_EQ(error.at("PRIORITY"), std::to_string(LOG_ERR));
  EXPECT_EQ(error.at("BROKER"), "mqtt://broker:1883");
  EXPECT_EQ(error.at("SENSOR"), "wave");
  EXPECT_EQ(error.count("CODE_FILE"), 0u);  // logged without a source location

  const Entry& debug = entries[2];
  EXPECT_EQ(debug.at("MESSAGE"), "two\nlines");  // sent in the binary-safe form
  EXPECT_EQ(debug.at("PRIORITY"), std::to_string(LOG_DEBUG));
  EXPECT_EQ(debug.count("SENSOR"), 0u);  // the scope has ended
}

}  // namespace
}  // namespace sa::log
