// A process killed between PUBREC and PUBREL leaves QoS 2 messages in its broker session that
// only a PUBREL with their packet id can release. A new agent process has no record of those
// ids: it must not inherit that state, or the broker counts it against its receive quota (and
// treats a reused id as a duplicate), and new readings are refused or lost.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "chaos_rig.h"

namespace sa::test {
namespace {

void put_u16(std::string& out, uint16_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value & 0xFF));
}

void put_string(std::string& out, const std::string& text) {
  put_u16(out, static_cast<uint16_t>(text.size()));
  out += text;
}

std::string packet(uint8_t first_byte, const std::string& body) {
  std::string out(1, static_cast<char>(first_byte));
  size_t length = body.size();
  do {
    uint8_t digit = length % 128;
    length /= 128;
    out.push_back(static_cast<char>(digit | (length > 0 ? 0x80 : 0)));
  } while (length > 0);
  return out + body;
}

// What a killed agent leaves behind: an MQTT 5 session under `client_id` holding `count` QoS 2
// messages (packet ids from `first_id`) that were received (PUBREC sent) and never released.
::testing::AssertionResult leave_unreleased_qos2(int port, const std::string& client_id,
                                                 uint16_t first_id, int count) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return ::testing::AssertionFailure() << "cannot connect to the broker";
  }
  std::string connect;
  put_string(connect, "MQTT");
  connect += std::string("\x05\x00", 2);  // MQTT 5, clean start off
  put_u16(connect, 60);
  connect += std::string("\x05\x11\x00\x00\x0e\x10", 6);  // session expiry 3600 s
  put_string(connect, client_id);
  std::string out = packet(0x10, connect);
  for (int i = 0; i < count; ++i) {
    std::string publish;
    put_string(publish, "sensors/chaos/stale");
    put_u16(publish, static_cast<uint16_t>(first_id + i));
    publish.push_back('\0');  // no properties
    publish += "stale " + std::to_string(i);
    out += packet(0x34, publish);  // PUBLISH, QoS 2
  }
  if (::send(fd, out.data(), out.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(out.size())) {
    ::close(fd);
    return ::testing::AssertionFailure() << "cannot send";
  }
  // CONNACK (5+ bytes) and one PUBREC (4+ bytes) per message; then gone without DISCONNECT.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  char buffer[4096];
  const ssize_t got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
  ::close(fd);
  if (got < 5 + 4 * count || buffer[0] != 0x20) {
    return ::testing::AssertionFailure() << "no CONNACK and PUBRECs (" << got << " bytes)";
  }
  return ::testing::AssertionSuccess();
}

// Ids far from where a new client starts numbering (1), so none is reused by chance.
TEST(ChaosQos2, ANewAgentProcessDoesNotInheritUnreleasedQos2State) {
  RigOptions options;
  options.channels = {{"b", 2, ""}};
  ChaosRig rig(options);
  ASSERT_TRUE(rig.start());
  ASSERT_TRUE(leave_unreleased_qos2(rig.broker().port(), "chaos", 40000, 20));
  ASSERT_TRUE(rig.start_agent());
  ASSERT_TRUE(rig.wait_for_more(60, kSettle));
  ASSERT_TRUE(rig.wait_complete());
  const auto report = rig.ledger().report().at(rig.topic("b"));
  EXPECT_TRUE(report.missing.empty()) << report.describe();
  EXPECT_EQ(report.duplicates, 0u) << report.describe();
  EXPECT_EQ(rig.broker().log().find("quota"), std::string::npos) << rig.describe();
}

}  // namespace
}  // namespace sa::test
