// Tests of submeter/meters/dlt645/item_value.hpp: formats, signs, fillers, ASCII, clocks, and
// round trips of numbers through encode_number / decode_field.
#include "submeter/meters/dlt645/item_value.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vectors.hpp"

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;
using submeter::meters::bcd_sign;
using submeter::meters::scaled_value;
using submeter::meters::test::hex;

namespace {
constexpr dlt::item_format xxxxxx_xx{dlt::item_kind::number, 4, 2, bcd_sign::unsigned_value};
constexpr dlt::item_format signed_xxxxxx_xx{dlt::item_kind::number, 4, 2, bcd_sign::sign_bit};
}  // namespace

TEST(dlt645_item_value, bcd_number_low_byte_first) {
  // peace0phmind/dlt645 frame_test.go BCD case: 78 56 34 12 = 123456.78 kWh
  const auto r = dlt::decode_field(hex("78 56 34 12"), xxxxxx_xx);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->number.to_string(), "123456.78");
  // 01 23 with XXX.X = 230.1 V (low byte first: 23 01 on the wire)
  EXPECT_EQ(
      dlt::decode_field(hex("01 23"), {dlt::item_kind::number, 2, 1, bcd_sign::unsigned_value})
          .value->number.to_string(),
      "230.1");
}

TEST(dlt645_item_value, sign_bit_makes_a_negative_value) {
  const auto r = dlt::decode_field(hex("99 99 99 79"), signed_xxxxxx_xx);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->number.to_string(), "799999.99");
  EXPECT_EQ(dlt::decode_field(hex("99 99 99 F9"), signed_xxxxxx_xx).value->number.to_string(),
            "-799999.99");
  EXPECT_EQ(dlt::decode_field(hex("34 12 00 80"), signed_xxxxxx_xx).value->number.to_string(),
            "-12.34");
  // the same byte in an unsigned item is the digit 8
  EXPECT_EQ(dlt::decode_field(hex("34 12 00 80"), xxxxxx_xx).value->number.to_string(),
            "800012.34");
  // and A0 is a sign plus 20 when signed, a bad digit when not
  EXPECT_EQ(dlt::decode_field(hex("34 12 00 A0"), signed_xxxxxx_xx).value->number.to_string(),
            "-200012.34");
  EXPECT_EQ(dlt::decode_field(hex("34 12 00 A0"), xxxxxx_xx).status, decode_status::bad_value);
}

TEST(dlt645_item_value, ff_fillers_are_absent_not_errors) {
  const auto r = dlt::decode_field(hex("FF FF FF FF"), xxxxxx_xx);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->kind, dlt::value_kind::absent);
  EXPECT_EQ(r.value->to_string(), "absent");
  EXPECT_EQ(dlt::decode_field(hex("FF FF FF FF"), signed_xxxxxx_xx).value->kind,
            dlt::value_kind::absent);
  // a partial FF is a bad digit
  EXPECT_EQ(dlt::decode_field(hex("FF FF FF 00"), xxxxxx_xx).status, decode_status::bad_value);
}

TEST(dlt645_item_value, block_with_a_filler_keeps_the_other_registers) {
  const auto* e = dlt::find_di(0x0001FF00);
  const auto r = dlt::decode_item(hex("00 01 00 00 FF FF FF FF 00 01 00 00"), *e, 0x0001FF00);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value->size(), 3u);
  EXPECT_EQ(r.value->at(0).number.to_string(), "1.00");
  EXPECT_EQ(r.value->at(1).kind, dlt::value_kind::absent);
}

TEST(dlt645_item_value, ascii_is_reversed_and_nul_padding_dropped) {
  const dlt::item_format ascii6{dlt::item_kind::ascii, 6, 0, bcd_sign::unsigned_value};
  // the real capture 32 32 30 2E 30 56 read back to front is "220.0V": wire order is reversed
  EXPECT_EQ(dlt::decode_field(hex("56 30 2E 30 32 32"), ascii6).value->text, "220.0V");
  EXPECT_EQ(dlt::decode_field(hex("00 00 41 30 2E 35"), ascii6).value->text, "5.0A");
  EXPECT_EQ(dlt::decode_field(hex("56 30 2E 30 32 07"), ascii6).status, decode_status::bad_value);
}

TEST(dlt645_item_value, clocks) {
  const auto d = dlt::decode_field(hex("06 29 12 18"),
                                   {dlt::item_kind::date_ww, 4, 0, bcd_sign::unsigned_value});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value->clock.to_string(), "2018-12-29");
  EXPECT_EQ(d.value->clock.weekday, 6);
  const auto t = dlt::decode_field(hex("32 53 18"),
                                   {dlt::item_kind::time_hms, 3, 0, bcd_sign::unsigned_value});
  EXPECT_EQ(t.value->clock.to_string(), "18:53:32");
  const auto dt = dlt::decode_field(
      hex("30 14 15 07 26"), {dlt::item_kind::date_time_min, 5, 0, bcd_sign::unsigned_value});
  EXPECT_EQ(dt.value->clock.to_string(), "2026-07-15 14:30:00");
  // BCD but impossible (month 34): decodes, and says it is not ok
  const auto odd = dlt::decode_field(hex("00 29 34 18"),
                                     {dlt::item_kind::date_ww, 4, 0, bcd_sign::unsigned_value});
  ASSERT_TRUE(odd.ok());
  EXPECT_FALSE(odd.value->clock.ok());
}

TEST(dlt645_item_value, demand_block_gives_value_and_time_per_element) {
  const auto* e = dlt::find_di(0x0101FF00);
  // total: 1.2345 kW at 26-07-15 14:30; T1: filler value and filler time
  const auto r =
      dlt::decode_item(hex("45 23 01 30 14 15 07 26 FF FF FF FF FF FF FF FF"), *e, 0x0101FF00);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value->size(), 4u);
  EXPECT_EQ(r.value->at(0).number.to_string(), "1.2345");
  EXPECT_EQ(r.value->at(1).clock.to_string(), "2026-07-15 14:30:00");
  EXPECT_EQ(r.value->at(2).kind, dlt::value_kind::absent);
  // half an element is refused
  EXPECT_EQ(dlt::decode_item(hex("45 23 01 30"), *e, 0x0101FF00).status, decode_status::bad_length);
}

TEST(dlt645_item_value, tables_are_bounded) {
  const auto* e = dlt::find_di(0x04010001);
  std::vector<std::uint8_t> rows(3 * 14, 0x01);
  EXPECT_TRUE(dlt::decode_item(rows, *e, 0x04010001).ok());
  rows.resize(3 * 15, 0x01);
  EXPECT_EQ(dlt::decode_item(rows, *e, 0x04010001).status, decode_status::bad_length);
}

TEST(dlt645_item_value, encode_number_refuses_what_does_not_fit) {
  EXPECT_FALSE(dlt::encode_number(*scaled_value::parse("1.234"), xxxxxx_xx));    // 3 places into 2
  EXPECT_FALSE(dlt::encode_number(*scaled_value::parse("1000000"), xxxxxx_xx));  // 8 digits max
  EXPECT_FALSE(dlt::encode_number(*scaled_value::parse("-1"), xxxxxx_xx));       // unsigned
  EXPECT_FALSE(dlt::encode_number(*scaled_value::parse("800000"), signed_xxxxxx_xx));
  EXPECT_EQ(*dlt::encode_number(*scaled_value::parse("1.5"), xxxxxx_xx), hex("50 01 00 00"));
}

RC_GTEST_PROP(dlt645_item_value, signed_numbers_round_trip, (std::int64_t raw)) {
  const std::int64_t m = raw % 80000000;  // -799999.99..799999.99
  const scaled_value v{m, 2};
  const auto wire = dlt::encode_number(v, signed_xxxxxx_xx);
  RC_ASSERT(wire.has_value());
  const auto back = dlt::decode_field(*wire, signed_xxxxxx_xx);
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value->number == v);
  RC_ASSERT(back.value->number.scale == 2);
}

RC_GTEST_PROP(dlt645_item_value, extremes_round_trip, ()) {
  const auto m = *rc::gen::element<std::int64_t>(0, 99999999, 1, 12345678);
  const scaled_value v{m, 2};
  const auto back = dlt::decode_field(*dlt::encode_number(v, xxxxxx_xx), xxxxxx_xx);
  RC_ASSERT(back.value->number == v);
}
