// Tests of submeter/meters/modbus/register_value.hpp: the libmodbus float constants in all four
// orders, exact float -> decimal conversion with rounding, integers, and round trips.
#include "submeter/meters/modbus/register_value.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vectors.hpp"

namespace mb = submeter::meters::modbus;
using submeter::decode_status;
using submeter::rounding;
using submeter::meters::scaled_value;

namespace {
struct order {
  mb::word_order w;
  mb::byte_order b;
};
order order_of(const std::string& text) {
  if (text.rfind("ABCD", 0) == 0) return {mb::word_order::high_first, mb::byte_order::big};
  if (text.rfind("DCBA", 0) == 0) return {mb::word_order::low_first, mb::byte_order::swapped};
  if (text.rfind("BADC", 0) == 0) return {mb::word_order::high_first, mb::byte_order::swapped};
  if (text.rfind("CDAB", 0) == 0) return {mb::word_order::low_first, mb::byte_order::big};
  throw std::runtime_error("unknown order " + text);
}
}  // namespace

TEST(modbus_register_value, libmodbus_float_constants_in_every_order) {
  const auto doc = submeter::meters::test::load_vectors("modbus.json");
  ASSERT_EQ(doc.at("float_word_order_vectors").size(), 5u);
  for (const auto& v : doc.at("float_word_order_vectors")) {
    SCOPED_TRACE(v.at("id").get<std::string>());
    const std::uint16_t regs[2] = {static_cast<std::uint16_t>(std::stoul(
                                       v.at("registers").at(0).get<std::string>(), nullptr, 16)),
                                   static_cast<std::uint16_t>(std::stoul(
                                       v.at("registers").at(1).get<std::string>(), nullptr, 16))};
    const auto o = order_of(v.at("order"));
    const std::uint32_t bits = mb::assemble(regs, 2, o.w, o.b);
    const auto want = *scaled_value::parse(v.at("value").get<std::string>());
    const auto got = mb::float_to_decimal(bits, want.scale, rounding::half_even);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got.value->to_string(), want.to_string());
    std::uint16_t back[2];
    mb::disassemble(bits, 2, o.w, o.b, back);
    EXPECT_EQ(back[0], regs[0]);
    EXPECT_EQ(back[1], regs[1]);
  }
}

TEST(modbus_register_value, exact_expansion_and_rounding) {
  // 0x4465229A = 916.5406494140625 exactly
  EXPECT_EQ(mb::float_to_decimal(0x4465229A, 13, rounding::half_even).value->to_string(),
            "916.5406494140625");
  EXPECT_EQ(mb::float_to_decimal(0x4465229A, 2, rounding::half_up).value->to_string(), "916.54");
  EXPECT_EQ(mb::float_to_decimal(0x4465229A, 3, rounding::ceil).value->to_string(), "916.541");
  // 0.1f = 0.100000001490116119384765625
  EXPECT_EQ(mb::float_to_decimal(0x3DCCCCCD, 9, rounding::half_even).value->to_string(),
            "0.100000001");
  EXPECT_EQ(mb::float_to_decimal(0x3DCCCCCD, 4, rounding::half_even).value->to_string(), "0.1000");
  // -2.5 to 0 places: half_even -> -2, half_up -> -3 (ties away from zero)
  EXPECT_EQ(mb::float_to_decimal(0xC0200000, 0, rounding::half_even).value->to_string(), "-2");
  EXPECT_EQ(mb::float_to_decimal(0xC0200000, 0, rounding::half_up).value->to_string(), "-3");
  // zero, negative zero, the smallest subnormal
  EXPECT_EQ(mb::float_to_decimal(0x00000000, 2, rounding::half_up).value->mantissa, 0);
  EXPECT_EQ(mb::float_to_decimal(0x80000000, 2, rounding::half_up).value->mantissa, 0);
  EXPECT_EQ(mb::float_to_decimal(0x00000001, 18, rounding::half_up).value->mantissa, 0);
  EXPECT_EQ(mb::float_to_decimal(0x00000001, 18, rounding::ceil).value->mantissa, 1);
  EXPECT_EQ(mb::float_to_decimal(0x80000001, 18, rounding::floor).value->mantissa, -1);
}

TEST(modbus_register_value, nan_infinity_and_overflow_are_bad_values) {
  EXPECT_EQ(mb::float_to_decimal(0x7FC00000, 2, rounding::half_up).status,
            decode_status::bad_value);
  EXPECT_EQ(mb::float_to_decimal(0x7F800000, 2, rounding::half_up).status,
            decode_status::bad_value);
  EXPECT_EQ(mb::float_to_decimal(0xFF800000, 2, rounding::half_up).status,
            decode_status::bad_value);
  EXPECT_EQ(mb::float_to_decimal(0x7F7FFFFF, 0, rounding::half_up).status,
            decode_status::bad_value);  // FLT_MAX
  EXPECT_EQ(mb::float_to_decimal(0x5F000000, 0, rounding::half_up).status,
            decode_status::bad_value);  // 2^63
  EXPECT_EQ(mb::float_to_decimal(0x5EFFFFFF, 0, rounding::half_up).value->to_string(),
            "9223371487098961920");
}

TEST(modbus_register_value, integers_in_every_order) {
  const std::uint16_t words[2] = {0x0001, 0xE240};  // derived vector: 123456
  EXPECT_EQ(
      mb::integer_value(mb::assemble(words, 2, mb::word_order::high_first, mb::byte_order::big),
                        mb::register_type::u32),
      123456);
  const std::uint16_t swapped[2] = {0xE240, 0x0001};
  EXPECT_EQ(
      mb::integer_value(mb::assemble(swapped, 2, mb::word_order::low_first, mb::byte_order::big),
                        mb::register_type::u32),
      123456);
  const std::uint16_t neg[1] = {0xFC18};
  EXPECT_EQ(mb::integer_value(mb::assemble(neg, 1, mb::word_order::high_first, mb::byte_order::big),
                              mb::register_type::s16),
            -1000);
  EXPECT_EQ(
      mb::integer_value(mb::assemble(neg, 1, mb::word_order::high_first, mb::byte_order::swapped),
                        mb::register_type::u16),
      0x18FC);
  const std::uint16_t s32[2] = {0xFFFF, 0xFFFE};
  EXPECT_EQ(mb::integer_value(mb::assemble(s32, 2, mb::word_order::high_first, mb::byte_order::big),
                              mb::register_type::s32),
            -2);
  EXPECT_EQ(mb::parse_register_type("UINT32"), mb::register_type::u32);
  EXPECT_EQ(mb::parse_register_type("float"), mb::register_type::float32);
  EXPECT_FALSE(mb::parse_register_type("u64"));
  EXPECT_EQ(mb::to_string(mb::register_type::s16), "s16");
}

TEST(modbus_register_value, exact_float_bits_inverts_the_conversion) {
  EXPECT_EQ(mb::exact_float_bits(*scaled_value::parse("123456.0")), 0x47F12000u);
  EXPECT_EQ(mb::exact_float_bits(*scaled_value::parse("916.5406494140625")), 0x4465229Au);
  EXPECT_EQ(mb::exact_float_bits(*scaled_value::parse("-2.5")), 0xC0200000u);
  EXPECT_FALSE(mb::exact_float_bits(*scaled_value::parse("0.1")));       // not a binary fraction
  EXPECT_FALSE(mb::exact_float_bits(*scaled_value::parse("16777217")));  // needs 25 bits
}

RC_GTEST_PROP(modbus_register_value, orders_round_trip,
              (std::uint32_t bits, bool high_first, bool swapped)) {
  const auto w = high_first ? mb::word_order::high_first : mb::word_order::low_first;
  const auto b = swapped ? mb::byte_order::swapped : mb::byte_order::big;
  std::uint16_t regs[2];
  mb::disassemble(bits, 2, w, b, regs);
  RC_ASSERT(mb::assemble(regs, 2, w, b) == bits);
}

RC_GTEST_PROP(modbus_register_value, float_integers_are_exact, (std::int32_t raw)) {
  const std::int64_t n = raw % (1 << 24);  // every integer below 2^24 is a float32
  const auto bits = mb::exact_float_bits(scaled_value{n, 0});
  RC_ASSERT(bits.has_value());
  const auto back = mb::float_to_decimal(*bits, 3, rounding::half_even);
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value->mantissa == n * 1000);
}

RC_GTEST_PROP(modbus_register_value, rounding_brackets_the_exact_value,
              (std::uint32_t bits, std::uint8_t places)) {
  const int d = places % 7;
  const auto lo = mb::float_to_decimal(bits, d, rounding::floor);
  const auto hi = mb::float_to_decimal(bits, d, rounding::ceil);
  RC_ASSERT(lo.status == hi.status);
  if (lo.ok()) {
    RC_ASSERT(hi.value->mantissa - lo.value->mantissa <= 1);
    RC_ASSERT(hi.value->mantissa >= lo.value->mantissa);
    const auto even = mb::float_to_decimal(bits, d, rounding::half_even);
    RC_ASSERT(even.value->mantissa == lo.value->mantissa ||
              even.value->mantissa == hi.value->mantissa);
  }
}
