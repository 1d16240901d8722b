// Tests of submeter/meters/hex.hpp and byte_span.hpp.
#include "submeter/meters/hex.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using namespace submeter::meters;

TEST(hex, parse_with_and_without_separators) {
  EXPECT_EQ(parse_hex("68 aa\tAA\n16"), (std::vector<std::uint8_t>{0x68, 0xAA, 0xAA, 0x16}));
  EXPECT_EQ(parse_hex("68AA16"), (std::vector<std::uint8_t>{0x68, 0xAA, 0x16}));
  EXPECT_EQ(parse_hex("01:03-00"), (std::vector<std::uint8_t>{0x01, 0x03, 0x00}));
  EXPECT_EQ(parse_hex(""), std::vector<std::uint8_t>{});
  EXPECT_FALSE(parse_hex("6"));
  EXPECT_FALSE(parse_hex("6 8"));
  EXPECT_FALSE(parse_hex("6G"));
}

TEST(hex, print) {
  EXPECT_EQ(to_hex(std::vector<std::uint8_t>{0x68, 0x0A, 0xFF}), "68 0A FF");
  EXPECT_EQ(to_hex(std::vector<std::uint8_t>{0x68, 0x0A}, '\0'), "680A");
}

TEST(byte_span, subspans_are_clamped) {
  const std::vector<std::uint8_t> v{1, 2, 3};
  const byte_span s = v;
  EXPECT_EQ(s.subspan(1).size(), 2u);
  EXPECT_EQ(s.subspan(5).size(), 0u);
  EXPECT_EQ(s.subspan(1, 10).size(), 2u);
  EXPECT_EQ(s.subspan(2, 1)[0], 3);
  EXPECT_TRUE(byte_span{}.empty());
}

RC_GTEST_PROP(hex, round_trips, (std::vector<std::uint8_t> bytes)) {
  RC_ASSERT(parse_hex(to_hex(bytes)) == bytes);
}
