#pragma once
/// \file
/// CJ/T 188 water price table and settlement day: the write requests (A010, A011), reading them
/// back (8102, 8103) and the meter's answers.
///
/// protocols.md 3.2 (rule ids MWAT-1..MWAT-3 in docs/meters.md):
/// - MWAT-1 price table (A010 write, 8102 read): price 1 (3 bytes BCD, XXXX.XX yuan/m³),
///   volume 1 (3 bytes BCD, XXXXXX m³), price 2, volume 2, price 3, then on A010 the day of the
///   month it takes effect (1 byte BCD): 16 bytes, low byte first, after DI and SER. Price 1
///   applies up to volume 1, price 2 up to volume 2, price 3 above (a three-step water ladder);
///   one price throughout is price 1 = 2 = 3. The layout is CJ/T 188-2004's as read from its
///   tables [verify per vendor]: a public gas-meter implementation writes a control byte, five
///   2-byte prices and a 3-byte start date instead, so vendors that differ need their own
///   encoder.
/// - MWAT-2 settlement day (A011 write, 8103 read): 1 byte BCD, the day of the month 1..31
///   (meters that settle at month end take 1..28).
/// - MWAT-3 the answer to a write is 84 with DI, SER and ST (2 bytes); C4 is a refusal.
/// Encoders throw submeter::error on values the format cannot hold; decoders are total.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/result.hpp"
#include "submeter/meters/bcd.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/cjt188/frame.hpp"
#include "submeter/meters/cjt188/message.hpp"
#include "submeter/meters/cjt188/profile.hpp"
#include "submeter/meters/cjt188/request.hpp"

namespace submeter::meters::cjt188 {

/// A water price table (MWAT-1).
struct price_table {
  /// Prices 1..3, yuan/m³, at most 2 places (XXXX.XX).
  std::array<volume_price, 3> prices{};
  /// Volume bounds 1..2, m³, whole cubic metres (XXXXXX).
  std::array<volume, 2> bounds{};
  /// The day of the month the table takes effect (A010 only; 1..31).
  int start_day = 1;

  /// One price throughout (price 1 = 2 = 3, bounds 999999 m³).
  [[nodiscard]] static price_table flat(volume_price price, int start_day = 1) {
    const auto top = volume::from_mantissa(std::int64_t{999999} * 10000);
    return {{price, price, price}, {top, top}, start_day};
  }

  [[nodiscard]] friend bool operator==(const price_table& a, const price_table& b) noexcept {
    return a.prices == b.prices && a.bounds == b.bounds && a.start_day == b.start_day;
  }
};

/// Bytes of a price table after DI and SER: with the start day (A010) and without (a meter may
/// answer 8102 either way).
inline constexpr std::size_t price_table_size = 16;

namespace detail {

inline void push3(std::vector<std::uint8_t>& out, std::int64_t mantissa, std::int64_t unit,
                  const char* what, const std::string& text) {
  const auto b = mantissa < 0 || mantissa % unit != 0
                     ? std::nullopt
                     : encode_bcd(static_cast<std::uint64_t>(mantissa / unit), false, 3,
                                  bcd_sign::unsigned_value);
  if (!b) {
    throw error(errc::unsupported, "a CJ/T 188 price table field does not fit its format",
                {{"field", what},
                 {"value", text},
                 {"expected", std::string(what).rfind("price", 0) == 0
                                  ? "0..9999.99 yuan/m3, 2 places"
                                  : "0..999999 m3, whole cubic metres"}});
  }
  out.insert(out.end(), b->begin(), b->end());
}

}  // namespace detail

/// The 16 bytes of a price table (MWAT-1). Throws submeter::error: a price with more than 2
/// places or above 9999.99, a bound that is not whole or above 999999 (errc::unsupported);
/// bounds not ascending, a start day outside 1..31 (errc::invalid_argument).
[[nodiscard]] inline std::vector<std::uint8_t> encode_price_table(const price_table& t) {
  if (t.start_day < 1 || t.start_day > 31) {
    throw error(errc::invalid_argument, "a CJ/T 188 start day is 1..31",
                {{"start_day", std::to_string(t.start_day)}});
  }
  if (t.bounds[1] < t.bounds[0]) {
    throw error(errc::invalid_argument, "CJ/T 188 volume bounds must be ascending",
                {{"bound_1", t.bounds[0].to_string()}, {"bound_2", t.bounds[1].to_string()}});
  }
  constexpr std::int64_t price_unit = 10000;   // 1e-6 yuan → 0.01 yuan
  constexpr std::int64_t volume_unit = 10000;  // 1e-4 m³ → 1 m³
  std::vector<std::uint8_t> out;
  out.reserve(price_table_size);
  detail::push3(out, t.prices[0].mantissa(), price_unit, "price_1", t.prices[0].to_string());
  detail::push3(out, t.bounds[0].mantissa(), volume_unit, "volume_1", t.bounds[0].to_string());
  detail::push3(out, t.prices[1].mantissa(), price_unit, "price_2", t.prices[1].to_string());
  detail::push3(out, t.bounds[1].mantissa(), volume_unit, "volume_2", t.bounds[1].to_string());
  detail::push3(out, t.prices[2].mantissa(), price_unit, "price_3", t.prices[2].to_string());
  out.push_back(to_bcd_byte(t.start_day));
  return out;
}

/// Decodes a price table body (MWAT-1): 16 bytes, or 15 (no start day; start_day is then 0).
/// bad_length for another size; bad_value for a bad BCD digit, volume bounds not ascending or a
/// start day outside 1..31.
[[nodiscard]] inline decode_result<price_table> decode_price_table(byte_span body) {
  using result = decode_result<price_table>;
  if (body.size() != price_table_size && body.size() != price_table_size - 1) {
    return result::failure(decode_status::bad_length);
  }
  std::int64_t v[5];
  for (std::size_t i = 0; i < 5; ++i) {
    const auto n = decode_bcd(body.subspan(3 * i, 3), bcd_sign::unsigned_value);
    if (!n || n.value->filler) return result::failure(decode_status::bad_value);
    v[i] = static_cast<std::int64_t>(n.value->magnitude);
  }
  price_table t;
  t.prices = {volume_price::from_mantissa(v[0] * 10000), volume_price::from_mantissa(v[2] * 10000),
              volume_price::from_mantissa(v[4] * 10000)};
  t.bounds = {volume::from_mantissa(v[1] * 10000), volume::from_mantissa(v[3] * 10000)};
  if (t.bounds[1] < t.bounds[0]) return result::failure(decode_status::bad_value);
  t.start_day = 0;
  if (body.size() == price_table_size) {
    const auto d = bcd_byte(body[15]);
    if (!d || *d < 1 || *d > 31) return result::failure(decode_status::bad_value);
    t.start_day = *d;
  }
  return result::success(t, body.size());
}

/// Write the price table (A010, MWAT-1).
[[nodiscard]] inline std::vector<std::uint8_t> price_table_request(const profile& p,
                                                                   std::uint8_t type,
                                                                   const address& to,
                                                                   std::uint8_t ser,
                                                                   const price_table& t) {
  return write_data(p, type, to, di::write_price_table, ser, encode_price_table(t));
}

/// Write the settlement day (A011, MWAT-2). Throws submeter::error (errc::invalid_argument) for
/// a day outside 1..31.
[[nodiscard]] inline std::vector<std::uint8_t> settlement_day_request(const profile& p,
                                                                      std::uint8_t type,
                                                                      const address& to,
                                                                      std::uint8_t ser, int day) {
  if (day < 1 || day > 31) {
    throw error(errc::invalid_argument, "a CJ/T 188 settlement day is 1..31",
                {{"day", std::to_string(day)}});
  }
  const std::uint8_t b = to_bcd_byte(day);
  return write_data(p, type, to, di::write_settlement_day, ser, byte_span{&b, 1});
}

/// A price table or settlement day read back (8102 / 8103 answers, C = 81).
struct setting_reply {
  std::uint16_t di = 0;
  std::uint8_t ser = 0;
  /// 8102: the table.
  std::optional<price_table> table;
  /// 8103: the settlement day.
  std::optional<int> settlement_day;
};

/// Decodes the answer to reading 8102 or 8103. unsupported for another control code or DI;
/// bad_length / bad_value as decode_price_table, or a settlement day that is not one BCD byte
/// 1..31.
[[nodiscard]] inline decode_result<setting_reply> decode_setting_reply(const frame& f,
                                                                       const profile& p) {
  using result = decode_result<setting_reply>;
  if (f.control.code != 0x81) return result::failure(decode_status::unsupported);
  const auto m = decode_message(f, p);
  if (!m) return result::failure(m.status);
  setting_reply r;
  r.di = m.value->di;
  r.ser = m.value->ser;
  if (r.di == di::price_table) {
    const auto t = decode_price_table(m.value->body);
    if (!t) return result::failure(t.status);
    r.table = *t.value;
  } else if (r.di == di::settlement_day) {
    if (m.value->body.size() != 1) return result::failure(decode_status::bad_length);
    const auto d = bcd_byte(m.value->body[0]);
    if (!d || *d < 1 || *d > 31) return result::failure(decode_status::bad_value);
    r.settlement_day = *d;
  } else {
    return result::failure(decode_status::unsupported);
  }
  return result::success(std::move(r), f.length);
}

/// The answer to a write (MWAT-3).
struct write_ack {
  std::uint16_t di = 0;
  std::uint8_t ser = 0;
  /// False for a refusal (C4).
  bool accepted = true;
  /// ST (the valve and battery bits by the profile), when sent.
  std::optional<meter_status> status;
};

/// Decodes the answer to a write (C = 84, or C4 for a refusal). unsupported for another control
/// code; bad_length for a body other than ST (2 bytes) or nothing.
[[nodiscard]] inline decode_result<write_ack> decode_write_ack(const frame& f, const profile& p) {
  using result = decode_result<write_ack>;
  if (f.control.code != 0x84 && f.control.code != 0xC4) {
    return result::failure(decode_status::unsupported);
  }
  const auto m = decode_message(f, p);
  if (!m) return result::failure(m.status);
  write_ack a;
  a.di = m.value->di;
  a.ser = m.value->ser;
  a.accepted = f.control.code == 0x84;
  if (m.value->body.size() == 2) {
    a.status = decode_st(p, m.value->body[0], m.value->body[1]);
  } else if (!m.value->body.empty()) {
    return result::failure(decode_status::bad_length);
  }
  return result::success(a, f.length);
}

}  // namespace submeter::meters::cjt188
