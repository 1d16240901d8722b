// Tests of submeter/meters/bcd.hpp.
#include "submeter/meters/bcd.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using namespace submeter::meters;
using submeter::decode_status;

TEST(bcd, low_byte_first_digits) {
  const std::vector<std::uint8_t> b{0x78, 0x56, 0x34, 0x12};
  const auto r = decode_bcd(b, bcd_sign::unsigned_value);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->magnitude, 12345678u);
  EXPECT_FALSE(r.value->negative);
  EXPECT_FALSE(r.value->filler);
}

TEST(bcd, sign_bit_and_fillers) {
  const std::vector<std::uint8_t> neg{0x34, 0xA2};
  EXPECT_TRUE(decode_bcd(neg, bcd_sign::sign_bit).value->negative);
  EXPECT_EQ(decode_bcd(neg, bcd_sign::sign_bit).value->magnitude, 2234u);
  EXPECT_EQ(decode_bcd(neg, bcd_sign::unsigned_value).status, decode_status::bad_value);
  // 0x92 is valid BCD unsigned (92) but sign + 12 with a sign bit
  const std::vector<std::uint8_t> both{0x34, 0x92};
  EXPECT_EQ(decode_bcd(both, bcd_sign::unsigned_value).value->magnitude, 9234u);
  EXPECT_EQ(decode_bcd(both, bcd_sign::sign_bit).value->magnitude, 1234u);
  const std::vector<std::uint8_t> ff{0xFF, 0xFF};
  EXPECT_TRUE(decode_bcd(ff, bcd_sign::sign_bit).value->filler);
}

TEST(bcd, refuses_bad_nibbles_and_sizes) {
  EXPECT_EQ(decode_bcd(std::vector<std::uint8_t>{0x1A}, bcd_sign::unsigned_value).status,
            decode_status::bad_value);
  EXPECT_EQ(decode_bcd(std::vector<std::uint8_t>{}, bcd_sign::unsigned_value).status,
            decode_status::bad_length);
  EXPECT_EQ(decode_bcd(std::vector<std::uint8_t>(10, 0), bcd_sign::unsigned_value).status,
            decode_status::bad_value);
  EXPECT_FALSE(bcd_byte(0xA0));
  EXPECT_EQ(bcd_byte(0x59), 59);
  EXPECT_EQ(to_bcd_byte(59), 0x59);
}

TEST(bcd, maxima) {
  EXPECT_EQ(bcd_max(4, bcd_sign::unsigned_value), 99999999u);
  EXPECT_EQ(bcd_max(4, bcd_sign::sign_bit), 79999999u);
  EXPECT_EQ(bcd_max(9, bcd_sign::unsigned_value), 999999999999999999u);
  EXPECT_FALSE(encode_bcd(100000000, false, 4, bcd_sign::unsigned_value));
  EXPECT_FALSE(encode_bcd(80000000, true, 4, bcd_sign::sign_bit));
  EXPECT_FALSE(encode_bcd(1, true, 4, bcd_sign::unsigned_value));
}

RC_GTEST_PROP(bcd, round_trips, (std::uint64_t raw, bool negative, std::uint8_t size_raw)) {
  const std::size_t size = 1 + size_raw % 9;
  const auto sign = negative ? bcd_sign::sign_bit : bcd_sign::unsigned_value;
  const std::uint64_t magnitude = raw % (bcd_max(size, sign) + 1);
  const auto wire = encode_bcd(magnitude, negative, size, sign);
  RC_ASSERT(wire.has_value());
  const auto back = decode_bcd(*wire, sign);
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value->magnitude == magnitude);
  RC_ASSERT(back.value->negative == negative);
}
