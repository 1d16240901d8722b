#pragma once
/// \file
/// Decoding the data of a DL/T 645 item into exact values, by the format its catalogue row gives.
///
/// protocols.md 2.4: after −0x33 every item is low byte first; numbers are BCD with the decimal
/// point placed by the format (XXXXXX.XX), sign-magnitude where signed; all-FF items are "not
/// supported" (absent), not errors; ASCII is reversed like everything else; times are BCD.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "submeter/core/result.hpp"
#include "submeter/meters/bcd.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/clock_value.hpp"
#include "submeter/meters/dlt645/data_identifier.hpp"
#include "submeter/meters/hex.hpp"
#include "submeter/meters/scaled_value.hpp"

namespace submeter::meters::dlt645 {

/// What a decoded field holds.
enum class value_kind : std::uint8_t {
  number,  ///< `number`
  absent,  ///< the meter sent FF fillers: item not supported
  text,    ///< `text`: ASCII, a digit string, or the hex of a status word
  clock,   ///< `clock`
};

/// One decoded field.
struct item_value {
  /// An absent value. User-provided so that a block's values start from their member
  /// initializers alone (no zero fill of the whole object first: decode_item makes one per field).
  item_value() noexcept {}  // NOLINT(modernize-use-equals-default)

  value_kind kind = value_kind::absent;
  scaled_value number;
  std::string text;
  clock_value clock;

  /// A printable form: the number, the text, the clock, or "absent".
  [[nodiscard]] std::string to_string() const {
    switch (kind) {
      case value_kind::number:
        return number.to_string();
      case value_kind::text:
        return text;
      case value_kind::clock:
        return clock.to_string();
      case value_kind::absent:
        break;
    }
    return "absent";
  }
};

/// The values of one item, in order: held inline up to 16 (a 0001FF00 block with up to 15
/// tariffs, a demand block with up to 7, a 14-row TOU table), on the heap beyond (the largest
/// catalogued block, 2-byte fields in 251 bytes, has 125). A vector's interface (size, begin,
/// end, operator[], at); decoding a block of up to 16 makes no allocation (issue 23).
using item_values = boost::container::small_vector<item_value, 16>;

namespace detail {

/// Reads n BCD bytes (most significant first in `order`) as two-digit fields; false on a bad
/// nibble.
[[nodiscard]] inline bool two_digit_fields(byte_span b, int* out, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const auto v =
        bcd_byte(b[b.size() - 1 - i]);  // most significant (YY or hh) is last on the wire
    if (!v) return false;
    out[i] = *v;
  }
  return true;
}

/// Appends the hex of `bytes`, most significant (last on the wire) first, no separator: what
/// to_hex gives for the reversed bytes, written straight into `text` (no temporaries; a field of
/// up to 7 bytes stays in the string's inline buffer).
inline void append_hex_msb_first(byte_span bytes, std::string& text) {
  constexpr char hex_digits[] = "0123456789ABCDEF";
  for (std::size_t i = bytes.size(); i-- > 0;) {
    text += hex_digits[bytes[i] >> 4];
    text += hex_digits[bytes[i] & 0x0Fu];
  }
}

}  // namespace detail

namespace detail {

/// decode_field_into for a number field of 1 to 8 bytes (bytes.size() == f.size, f.kind number):
/// up to 16 digits in one word, checked and converted a byte, then a pair, then a quad of digit
/// pairs at a time; the same values and statuses as decode_field_into's byte loop (all FF:
/// absent; a nibble above 9: bad_value). Small enough to inline into a block's loop
/// (decode_item_into), where most fields are such numbers.
[[nodiscard]] inline decode_status decode_short_number_into(byte_span bytes, const item_format& f,
                                                            item_value& v) noexcept {
  const auto bits = 8 * static_cast<unsigned>(bytes.size());
  std::uint64_t x = 0;
  for (std::size_t i = bytes.size(); i-- > 0;) x = x << 8 | bytes[i];
  const std::uint64_t all_ff = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  if (x == all_ff) return decode_status::ok;  // every byte FF: absent
  // Packed BCD, low byte first, the sign (if any) in bit 7 of the last byte (decode_bcd).
  bool negative = false;
  if (f.sign == bcd_sign::sign_bit) {
    negative = (x >> (bits - 1) & 1u) != 0;
    x &= ~(std::uint64_t{1} << (bits - 1));
  }
  constexpr std::uint64_t low_nibbles = 0x0F0F0F0F0F0F0F0Fu;
  const std::uint64_t lo = x & low_nibbles;
  const std::uint64_t hi = x >> 4 & low_nibbles;
  // A nibble above 9 carries into bit 4 of its byte when 6 is added.
  constexpr std::uint64_t six = 0x0606060606060606u;
  if (((lo + six) | (hi + six)) & 0x1010101010101010u) return decode_status::bad_value;
  std::uint64_t m = hi * 10 + lo;  // each byte: its two digits, 0..99
  m = (m & 0x00FF00FF00FF00FFu) + (m >> 8 & 0x00FF00FF00FF00FFu) * 100;
  m = (m & 0x0000FFFF0000FFFFu) + (m >> 16 & 0x0000FFFF0000FFFFu) * 10000;
  m = (m & 0xFFFFFFFFu) + (m >> 32) * 100000000;
  const auto mantissa = static_cast<std::int64_t>(m);  // below 10^16
  v.kind = value_kind::number;
  v.number = scaled_value{negative ? -mantissa : mantissa, f.decimals};
  return decode_status::ok;
}

/// decode_field into `v` (a default item_value): the status only, no temporaries, so a block's
/// values are decoded in place (decode_item).
[[nodiscard]] inline decode_status decode_field_into(byte_span bytes, const item_format& f,
                                                     item_value& v) {
  if (bytes.size() != f.size || bytes.empty()) return decode_status::bad_length;
  unsigned all_bits = 0xFFu;
  for (const auto b : bytes) all_bits &= b;
  if (all_bits == 0xFFu) return decode_status::ok;  // every byte FF: absent
  switch (f.kind) {
    case item_kind::number: {
      // Packed BCD, low byte first, the sign (if any) in bit 7 of the last byte (decode_bcd).
      if (bytes.size() > 9) return decode_status::bad_value;
      if (bytes.size() <= 8) return decode_short_number_into(bytes, f, v);
      bool negative = false;
      std::uint64_t magnitude = 0;
      for (std::size_t i = bytes.size(); i-- > 0;) {
        unsigned b = bytes[i];
        if (i == bytes.size() - 1 && f.sign == bcd_sign::sign_bit) {
          negative = (b & 0x80u) != 0;
          b &= 0x7Fu;
        }
        const unsigned hi = b >> 4;
        const unsigned lo = b & 0x0Fu;
        if (hi > 9 || lo > 9) return decode_status::bad_value;
        magnitude = magnitude * 100 + hi * 10 + lo;
      }
      if (magnitude > static_cast<std::uint64_t>(INT64_MAX)) return decode_status::bad_value;
      const auto m = static_cast<std::int64_t>(magnitude);
      v.kind = value_kind::number;
      v.number = scaled_value{negative ? -m : m, f.decimals};
      break;
    }
    case item_kind::digits: {
      for (std::size_t i = bytes.size(); i-- > 0;) {
        if (!bcd_byte(bytes[i])) return decode_status::bad_value;
      }
      v.kind = value_kind::text;
      append_hex_msb_first(bytes, v.text);
      break;
    }
    case item_kind::ascii: {
      v.kind = value_kind::text;
      for (std::size_t i = bytes.size(); i-- > 0;) {
        const auto c = bytes[i];
        if (c == 0x00) continue;  // NUL padding on the high side
        if (c < 0x20 || c > 0x7E) return decode_status::bad_value;
        v.text += static_cast<char>(c);
      }
      break;
    }
    case item_kind::status_word: {
      v.kind = value_kind::text;
      append_hex_msb_first(bytes, v.text);
      break;
    }
    case item_kind::date_ww: {
      int d[4];  // YY MM DD WW
      if (!two_digit_fields(bytes, d, 4)) return decode_status::bad_value;
      v.kind = value_kind::clock;
      v.clock = clock_value{clock_fields::date, 2000 + d[0], d[1], d[2], 0, 0, 0, d[3]};
      break;
    }
    case item_kind::time_hms: {
      int d[3];
      if (!two_digit_fields(bytes, d, 3)) return decode_status::bad_value;
      v.kind = value_kind::clock;
      v.clock = clock_value{clock_fields::time, 0, 0, 0, d[0], d[1], d[2], -1};
      break;
    }
    case item_kind::date_time_min: {
      int d[5];
      if (!two_digit_fields(bytes, d, 5)) return decode_status::bad_value;
      v.kind = value_kind::clock;
      v.clock = clock_value{clock_fields::date_time, 2000 + d[0], d[1], d[2], d[3], d[4], 0, -1};
      break;
    }
    case item_kind::month_day_time: {
      int d[4];
      if (!two_digit_fields(bytes, d, 4)) return decode_status::bad_value;
      v.kind = value_kind::clock;
      v.clock = clock_value{clock_fields::date_time, 0, d[0], d[1], d[2], d[3], 0, -1};
      break;
    }
  }
  return decode_status::ok;
}

}  // namespace detail

/// Decodes one field of format `f` from `bytes` (exactly f.size bytes, −0x33 applied).
/// bad_length when the size differs; bad_value for a bad BCD nibble (a clock that is BCD but out of
/// range, like month 34, decodes: check clock.ok()). All-FF fields are absent for every kind.
[[nodiscard]] inline decode_result<item_value> decode_field(byte_span bytes, const item_format& f) {
  using result = decode_result<item_value>;
  item_value v;
  const auto status = detail::decode_field_into(bytes, f, v);
  if (status != decode_status::ok) return result::failure(status);
  return result::success(std::move(v), bytes.size());
}

namespace detail {

/// decode_item into `out` (replaced): the status only, each value decoded in place, so that a
/// read reply decodes into its own `values` (decode_read_response) with no temporary container.
/// On an error `out` holds what was decoded so far (the callers drop it).
[[nodiscard]] inline decode_status decode_item_into(byte_span bytes, const di_entry& entry,
                                                    std::uint32_t di, item_values& out) {
  const std::size_t element = entry.element_size();
  if (element == 0 || bytes.empty() || bytes.size() % element != 0) {
    return decode_status::bad_length;
  }
  const std::size_t elements = bytes.size() / element;
  if (!is_block(entry, di) && elements != 1) return decode_status::bad_length;
  if (entry.max_elements > 1 && elements > entry.max_elements) return decode_status::bad_length;
  out.clear();
  out.reserve(elements * entry.field_count);  // no allocation up to 16
  const std::uint8_t* at = bytes.data();
  const item_format first = entry.fields[0];  // a copy: the values' stores cannot alias it
  if (entry.field_count == 1 && first.kind == item_kind::number && first.size >= 1 &&
      first.size <= 8) {
    // A block of one short number an element (energy, power, voltage): one format for all.
    for (std::size_t e = 0; e < elements; ++e, at += first.size) {
      const auto status =
          decode_short_number_into(byte_span{at, first.size}, first, out.emplace_back());
      if (status != decode_status::ok) return status;
    }
    return decode_status::ok;
  }
  for (std::size_t e = 0; e < elements; ++e) {
    for (std::size_t k = 0; k < entry.field_count; ++k) {
      const item_format f = entry.fields[k];
      // Whole elements fit (checked above), so each field's bytes are within `bytes`.
      const byte_span field{at, f.size};
      item_value& v = out.emplace_back();
      const auto status = f.kind == item_kind::number && f.size >= 1 && f.size <= 8
                              ? decode_short_number_into(field, f, v)
                              : decode_field_into(field, f, v);
      if (status != decode_status::ok) return status;
      at += f.size;
    }
  }
  return decode_status::ok;
}

}  // namespace detail

/// Decodes the data of item `di` (the bytes after the DI, −0x33 applied) by its catalogue row:
/// one element, or a block/table of whole elements. The values come element by element, each
/// element's fields in order (a demand element gives value then time).
/// bad_length when the size is not a whole number of elements (or not exactly one for a scalar,
/// or more rows than a table allows); bad_value for a bad BCD digit.
[[nodiscard]] inline decode_result<item_values> decode_item(byte_span bytes, const di_entry& entry,
                                                            std::uint32_t di) {
  // One result object, returned by name from its only return, the values decoded in place in it
  // (in_place: not zero-filled first).
  auto out = decode_result<item_values>::in_place(decode_status::ok, 0);
  out.status = detail::decode_item_into(bytes, entry, di, *out.value);
  out.consumed = out.ok() ? bytes.size() : 0;
  if (!out.ok()) out.value.reset();
  return out;
}

/// Encodes a number for a field of format `f` (low byte first, before +0x33): the inverse of
/// decode_field for numbers. nullopt when `v` has more places than the format, or does not fit.
[[nodiscard]] inline std::optional<std::vector<std::uint8_t>> encode_number(const scaled_value& v,
                                                                            const item_format& f) {
  if (f.kind != item_kind::number || v.scale > f.decimals || v.scale < 0) return std::nullopt;
  std::uint64_t magnitude = v.mantissa < 0
                                ? std::uint64_t{0} - static_cast<std::uint64_t>(v.mantissa)
                                : static_cast<std::uint64_t>(v.mantissa);
  for (int i = v.scale; i < f.decimals; ++i) {
    if (magnitude > UINT64_MAX / 10) return std::nullopt;
    magnitude *= 10;
  }
  return encode_bcd(magnitude, v.mantissa < 0, f.size, f.sign);
}

}  // namespace submeter::meters::dlt645
