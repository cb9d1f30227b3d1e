#include "mqtt/mqtt_words.h"

#include <gtest/gtest.h>

#include "mqtt/paho_errors.h"

namespace sa {
namespace {

BrokerConfig broker(std::string host, int port, bool tls) {
  BrokerConfig b;
  b.host = std::move(host);
  b.port = port;
  b.tls = tls;
  return b;
}

TEST(ServerUri, PlainAndTlsSchemes) {
  EXPECT_EQ(server_uri(broker("example.org", 1883, false)), "tcp://example.org:1883");
  EXPECT_EQ(server_uri(broker("example.org", 8883, true)), "ssl://example.org:8883");
}

TEST(ServerUri, Ipv6LiteralInBrackets) {
  EXPECT_EQ(server_uri(broker("::1", 1883, false)), "tcp://[::1]:1883");
  EXPECT_EQ(server_uri(broker("fe80::1%eth0", 8883, true)), "ssl://[fe80::1%eth0]:8883");
}

TEST(SecondsCeil, RoundsUpPartSeconds) {
  using std::chrono::milliseconds;
  EXPECT_EQ(seconds_ceil(milliseconds(0)), 0);
  EXPECT_EQ(seconds_ceil(milliseconds(1)), 1);
  EXPECT_EQ(seconds_ceil(milliseconds(1000)), 1);
  EXPECT_EQ(seconds_ceil(milliseconds(1001)), 2);
  EXPECT_EQ(seconds_ceil(milliseconds(30'000)), 30);
}

TEST(BrokerHasMessage, SuccessCodesAndPubcompPacketIdNotFound) {
  EXPECT_TRUE(broker_has_message(0x00));
  EXPECT_TRUE(broker_has_message(0x10));   // no matching subscribers: accepted all the same
  EXPECT_TRUE(broker_has_message(0x92));   // PUBCOMP after a PUBREL the broker had completed
  EXPECT_FALSE(broker_has_message(0x87));  // not authorised
  EXPECT_FALSE(broker_has_message(0x97));  // quota exceeded
  EXPECT_FALSE(broker_has_message(0x80));
}

TEST(HexCode, TwoDigitsAtLeast) {
  EXPECT_EQ(hex_code(0x87), "0x87");
  EXPECT_EQ(hex_code(5), "0x05");
  EXPECT_EQ(hex_code(0x1234), "0x1234");
}

TEST(CodeWords, EveryConnackRefusalHasWords) {
  for (int code = 1; code <= 5; ++code)
    EXPECT_FALSE(connack_return_code_words(code).empty()) << code;
  EXPECT_TRUE(connack_return_code_words(0).empty());
  EXPECT_TRUE(connack_return_code_words(6).empty());
}

TEST(CodeWords, ReasonCodesBelowFailureRangeHaveNone) {
  EXPECT_TRUE(reason_code_words(0x00).empty());
  EXPECT_TRUE(reason_code_words(0x10).empty());  // "no matching subscribers" is a success
  EXPECT_EQ(reason_code_words(0x87),
            "not authorised (bad user name or password, or no permission)");
  EXPECT_EQ(reason_code_words(0x97), "quota exceeded");
}

TEST(CodeWords, ProtocolVersionRefusalSaysTheSameInBothProtocols) {
  EXPECT_EQ(connack_return_code_words(1), reason_code_words(0x84));
}

TEST(PahoWords, NotDeliveredCodesAreTheOnesLeftToResend) {
  EXPECT_TRUE(paho_not_delivered(-3));
  EXPECT_TRUE(paho_not_delivered(-11));
  EXPECT_TRUE(paho_not_delivered(-12));
  EXPECT_FALSE(paho_not_delivered(-1));
  EXPECT_FALSE(paho_return_code_words(-12).empty());
}

}  // namespace
}  // namespace sa
