// Tests of submeter/meters/dlt645/address.hpp.
#include "submeter/meters/dlt645/address.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace dlt = submeter::meters::dlt645;

TEST(dlt645_address, text_is_a5_first_and_wire_is_a0_first) {
  const auto a = dlt::address::parse("020247020276");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->bytes, (std::array<std::uint8_t, 6>{0x76, 0x02, 0x02, 0x47, 0x02, 0x02}));
  EXPECT_EQ(a->to_string(), "020247020276");
}

TEST(dlt645_address, short_text_is_left_padded_with_zeros) {
  // peace0phmind/dlt645 frame_test.go: "1234567890" -> 001234567890 (vector
  // d07-read-req-00000000-combined)
  EXPECT_EQ(dlt::address::parse("1234567890")->to_string(), "001234567890");
  EXPECT_EQ(dlt::address::parse("1234567890")->bytes[0], 0x90);
}

TEST(dlt645_address, wildcard_and_broadcast) {
  EXPECT_TRUE(dlt::address::parse("AAAAAAAAAAAA")->is_wildcard());
  EXPECT_TRUE(dlt::address::parse("999999999999")->is_broadcast());
  EXPECT_FALSE(dlt::address::wildcard().is_broadcast());
  EXPECT_EQ(dlt::address::broadcast().to_string(), "999999999999");
  // partial wildcard (缩位寻址): AA bytes at the high end
  EXPECT_EQ(dlt::address::parse("AAAA00001234")->bytes[5], 0xAA);
}

TEST(dlt645_address, refuses_bad_text) {
  EXPECT_FALSE(dlt::address::parse(""));
  EXPECT_FALSE(dlt::address::parse("1234567890123"));
  EXPECT_FALSE(dlt::address::parse("12345678901B"));
  EXPECT_FALSE(dlt::address::parse("12 4"));
}

RC_GTEST_PROP(dlt645_address, text_round_trips, (std::array<std::uint8_t, 6> digits)) {
  dlt::address a;
  for (std::size_t i = 0; i < 6; ++i) {
    a.bytes[i] = static_cast<std::uint8_t>((digits[i] % 10) << 4 | (digits[i] / 10 % 10));
  }
  RC_ASSERT(dlt::address::parse(a.to_string()) == a);
}
