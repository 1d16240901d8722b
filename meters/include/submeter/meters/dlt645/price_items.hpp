#pragma once
/// \file
/// The price items of a cost-control (费控) DL/T 645-2007 meter: the rate prices of the two sets,
/// the ladder (阶梯) bounds and prices of the two sets, and their switch-over times.
///
/// These items are not in the 2007 base text but in the supplement cost-control meters follow
/// (rule ids MPRC-1..MPRC-4 in docs/meters.md; sources in tests/data/protocol-vectors/
/// dlt645-settings.json, `sources`):
/// - MPRC-1 rate prices 040501kk (first set) / 040502kk (second set), kk = tariff 1..63:
///   NNNN.NNNN yuan/kWh, 4 bytes BCD.
/// - MPRC-2 ladder bounds 040600nn (first set) / 040602nn (second set), n = 1..6:
///   NNNNNN.NN kWh, 4 bytes BCD; ladder prices 040601nn / 040603nn, n = 1..7 (one more price
///   than bounds): NNNN.NNNN yuan/kWh.
/// - MPRC-3 switch-over times 04000108 (rate prices) and 04000109 (ladders): YYMMDDhhmm, as
///   04000106/07 (tou_tables.hpp).
/// - MPRC-4 on meters that follow the 2013 cost-control specification the first set reads as
///   the current set and only the second (备用套) is written; the meter swaps them at the
///   switch-over time. Writing the second set and a switch-over time suits both readings.
/// Encoders throw submeter::error on values the format cannot hold (caller data); decoders are
/// total.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/result.hpp"
#include "submeter/meters/bcd.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/dlt645/tou_tables.hpp"

namespace submeter::meters::dlt645 {

/// Switch-over time of the two sets of rate prices (MPRC-3), YYMMDDhhmm.
inline constexpr std::uint32_t price_switch_time_di = 0x04000108;
/// Switch-over time of the two ladders (MPRC-3), YYMMDDhhmm.
inline constexpr std::uint32_t ladder_switch_time_di = 0x04000109;
/// The most ladder bounds a set holds (MPRC-2); prices are one more.
inline constexpr int max_ladder_bounds = 6;

/// The rate price of `tariff` (1..63) in a set (MPRC-1): 040501kk / 040502kk.
[[nodiscard]] constexpr std::uint32_t rate_price_di(table_set s, int tariff) noexcept {
  return 0x04050000u | static_cast<std::uint32_t>(s) << 8 | static_cast<std::uint32_t>(tariff);
}
/// Ladder bound `n` (1..6) of a set (MPRC-2): 040600nn / 040602nn.
[[nodiscard]] constexpr std::uint32_t ladder_bound_di(table_set s, int n) noexcept {
  return 0x04060000u | (s == table_set::first ? 0x0000u : 0x0200u) | static_cast<std::uint32_t>(n);
}
/// Ladder price `n` (1..7) of a set (MPRC-2): 040601nn / 040603nn.
[[nodiscard]] constexpr std::uint32_t ladder_price_di(table_set s, int n) noexcept {
  return 0x04060000u | (s == table_set::first ? 0x0100u : 0x0300u) | static_cast<std::uint32_t>(n);
}

namespace detail {

template <class Q>
[[nodiscard]] std::array<std::uint8_t, 4> encode_fixed4(Q v, int places, const char* what) {
  static_assert(Q::scale >= 4, "the 4-byte price and bound formats need at most 4 places");
  std::int64_t m = v.mantissa();
  std::int64_t unit = 1;
  for (int i = places; i < Q::scale; ++i) unit *= 10;
  const auto b = m < 0 || m % unit != 0 ? std::nullopt
                                        : encode_bcd(static_cast<std::uint64_t>(m / unit), false, 4,
                                                     bcd_sign::unsigned_value);
  if (!b) {
    throw error(errc::unsupported,
                places == 4 ? "a DL/T 645 price is 0..9999.9999 yuan/kWh with at most 4 places"
                            : "a DL/T 645 ladder bound is 0..999999.99 kWh with at most 2 places",
                {{"item", what}, {"value", v.to_string()}});
  }
  return {(*b)[0], (*b)[1], (*b)[2], (*b)[3]};
}

template <class Q>
[[nodiscard]] decode_result<Q> decode_fixed4(byte_span data, int places) {
  using result = decode_result<Q>;
  if (data.size() != 4) return result::failure(decode_status::bad_length);
  const auto n = decode_bcd(data, bcd_sign::unsigned_value);
  if (!n) return result::failure(n.status);
  if (n.value->filler) return result::failure(decode_status::bad_value);
  std::int64_t m = static_cast<std::int64_t>(n.value->magnitude);
  for (int i = places; i < Q::scale; ++i) m *= 10;
  return result::success(Q::from_mantissa(m), 4);
}

}  // namespace detail

/// The data of a rate or ladder price (MPRC-1/2): NNNN.NNNN. Throws submeter::error
/// (errc::unsupported) for a negative price, more than 4 places or more than 9999.9999.
[[nodiscard]] inline std::array<std::uint8_t, 4> encode_price(energy_price p) {
  return detail::encode_fixed4(p, 4, "price");
}
/// Decodes a rate or ladder price (MPRC-1/2). bad_length unless 4 bytes; bad_value for a bad
/// BCD digit or an all-FF filler.
[[nodiscard]] inline decode_result<energy_price> decode_price(byte_span data) {
  return detail::decode_fixed4<energy_price>(data, 4);
}
/// The data of a ladder bound (MPRC-2): NNNNNN.NN kWh. Throws submeter::error
/// (errc::unsupported) for a negative bound, more than 2 places or more than 999999.99.
[[nodiscard]] inline std::array<std::uint8_t, 4> encode_ladder_bound(energy e) {
  return detail::encode_fixed4(e, 2, "ladder bound");
}
/// Decodes a ladder bound (MPRC-2), like decode_price.
[[nodiscard]] inline decode_result<energy> decode_ladder_bound(byte_span data) {
  return detail::decode_fixed4<energy>(data, 2);
}

}  // namespace submeter::meters::dlt645
