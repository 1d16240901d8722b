// Tests of submeter/meters/dlt645/item_value.hpp: formats, signs, fillers, ASCII, clocks, and
// round trips of numbers through encode_number / decode_field.
#include "submeter/meters/dlt645/item_value.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

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

// decode_field against decode_bcd (bcd.hpp's byte loop) for any bytes of 1..9 bytes, signed or
// not: the word-at-a-time path for 1..8 bytes gives the same values and statuses.
RC_GTEST_PROP(dlt645_item_value, numbers_decode_as_the_byte_loop_does, ()) {
  const auto size = *rc::gen::inRange<std::size_t>(1, 10);
  // Bytes mostly BCD, sometimes a bad nibble or an FF filler.
  const auto bytes = *rc::gen::container<std::vector<std::uint8_t>>(
      size,
      rc::gen::weightedOneOf<std::uint8_t>(
          {{6, rc::gen::map(rc::gen::inRange(0, 100),
                            [](int v) { return static_cast<std::uint8_t>(v / 10 * 16 + v % 10); })},
           {1, rc::gen::arbitrary<std::uint8_t>()},
           {1, rc::gen::just(std::uint8_t{0xFF})}}));
  const auto sign = *rc::gen::element(bcd_sign::unsigned_value, bcd_sign::sign_bit);
  const auto decimals = *rc::gen::inRange<std::uint8_t>(0, 5);
  const dlt::item_format f{dlt::item_kind::number, static_cast<std::uint8_t>(size), decimals, sign};
  const auto got = dlt::decode_field(bytes, f);
  const auto want = submeter::meters::decode_bcd(bytes, sign);
  if (!want.ok()) {
    RC_ASSERT(got.status == want.status);
    return;
  }
  if (want.value->filler) {
    RC_ASSERT(got.ok());
    RC_ASSERT(got.value->kind == dlt::value_kind::absent);
    return;
  }
  if (want.value->magnitude > static_cast<std::uint64_t>(INT64_MAX)) {
    RC_ASSERT(got.status == decode_status::bad_value);
    return;
  }
  RC_ASSERT(got.ok());
  RC_ASSERT(got.consumed == size);
  RC_ASSERT(got.value->kind == dlt::value_kind::number);
  const auto m = static_cast<std::int64_t>(want.value->magnitude);
  RC_ASSERT(got.value->number.mantissa == (want.value->negative ? -m : m));
  RC_ASSERT(got.value->number.scale == decimals);
}

namespace {

// The values of a block decoded field by field with decode_field: what decode_item must give.
submeter::decode_result<std::vector<dlt::item_value>> item_value_test_field_by_field(
    const std::vector<std::uint8_t>& bytes, const dlt::di_entry& e) {
  std::vector<dlt::item_value> out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    for (std::size_t k = 0; k < e.field_count; ++k) {
      const auto& f = e.fields[k];
      auto v = dlt::decode_field(submeter::meters::byte_span(bytes).subspan(at, f.size), f);
      if (!v) return {v.status, 0, std::nullopt};
      out.push_back(*v.value);
      at += f.size;
    }
  }
  return {decode_status::ok, bytes.size(), out};
}

}  // namespace

// Blocks of one number an element (the word-at-a-time loop) and of value + time (the general
// loop), any number of elements a frame holds (past the 16 kept inline), against decode_field.
RC_GTEST_PROP(dlt645_item_value, blocks_decode_as_their_fields_do, ()) {
  const auto di = *rc::gen::element<std::uint32_t>(0x0001FF00, 0x0000FF00, 0x0101FF00, 0x0201FF00);
  const auto* e = dlt::find_di(di);
  RC_ASSERT(e != nullptr);
  const auto elements = *rc::gen::inRange<std::size_t>(1, 251 / e->element_size() + 1);
  const auto bytes = *rc::gen::container<std::vector<std::uint8_t>>(
      elements * e->element_size(),
      rc::gen::weightedOneOf<std::uint8_t>(
          {{20,
            rc::gen::map(rc::gen::inRange(0, 100),
                         [](int v) { return static_cast<std::uint8_t>(v / 10 * 16 + v % 10); })},
           {1, rc::gen::arbitrary<std::uint8_t>()}}));
  const auto got = dlt::decode_item(bytes, *e, di);
  const auto want = item_value_test_field_by_field(bytes, *e);
  RC_ASSERT(got.status == want.status);
  if (!want.ok()) return;
  RC_ASSERT(got.consumed == bytes.size());
  RC_ASSERT(got.value->size() == want.value->size());
  for (std::size_t i = 0; i < want.value->size(); ++i) {
    RC_ASSERT((*got.value)[i].kind == (*want.value)[i].kind);
    RC_ASSERT((*got.value)[i].to_string() == (*want.value)[i].to_string());
    RC_ASSERT((*got.value)[i].number.scale == (*want.value)[i].number.scale);
  }
}

TEST(dlt645_item_value, digits_and_status_words_read_most_significant_first) {
  const dlt::item_format digits6{dlt::item_kind::digits, 6, 0, bcd_sign::unsigned_value};
  EXPECT_EQ(dlt::decode_field(hex("56 34 12 00 00 00"), digits6).value->text, "000000123456");
  EXPECT_EQ(dlt::decode_field(hex("56 34 1A 00 00 00"), digits6).status, decode_status::bad_value);
  const dlt::item_format word2{dlt::item_kind::status_word, 2, 0, bcd_sign::unsigned_value};
  EXPECT_EQ(dlt::decode_field(hex("0F A0"), word2).value->text, "A00F");
  // Longer than a string's inline buffer (a caller's own format): the same text.
  const dlt::item_format digits9{dlt::item_kind::digits, 9, 0, bcd_sign::unsigned_value};
  EXPECT_EQ(dlt::decode_field(hex("99 88 77 66 55 44 33 22 11"), digits9).value->text,
            "112233445566778899");
}

TEST(dlt645_item_value, values_past_sixteen_spill_and_copy) {
  // 0201FF00 (phase voltages, XXX.X, 2 bytes): 125 values fill a frame; 16 stay inline.
  const auto* e = dlt::find_di(0x0201FF00);
  ASSERT_NE(e, nullptr);
  for (const std::size_t n : {std::size_t{1}, std::size_t{16}, std::size_t{17}, std::size_t{125}}) {
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < n; ++i) {
      bytes.push_back(static_cast<std::uint8_t>(i % 10 * 16));  // units digit, tenths 0
      bytes.push_back(0x22);                                    // 22x.0 V
    }
    const auto r = dlt::decode_item(bytes, *e, 0x0201FF00);
    ASSERT_TRUE(r.ok()) << n;
    ASSERT_EQ(r.value->size(), n);
    EXPECT_EQ(r.value->at(n - 1).number.to_string(), "22" + std::to_string((n - 1) % 10) + ".0");
    const dlt::item_values copy = *r.value;  // inline or on the heap, an equal copy
    ASSERT_EQ(copy.size(), n);
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(copy[i].number, (*r.value)[i].number);
    dlt::item_values moved = std::move(*submeter::decode_result<dlt::item_values>(r).value);
    EXPECT_EQ(moved.size(), n);
    moved = copy;
    EXPECT_EQ(moved.back().number, copy.back().number);
  }
}
