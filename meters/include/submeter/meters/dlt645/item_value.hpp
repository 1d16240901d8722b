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

}  // namespace detail

namespace detail {

/// decode_field into `v` (a default item_value): the status only, no temporaries, so a block's
/// values are decoded in place (decode_item).
[[nodiscard]] inline decode_status decode_field_into(byte_span bytes, const item_format& f,
                                                     item_value& v) {
  if (bytes.size() != f.size || bytes.empty()) return decode_status::bad_length;
  bool all_ff = true;
  for (const auto b : bytes) all_ff = all_ff && b == 0xFF;
  if (all_ff) return decode_status::ok;
  switch (f.kind) {
    case item_kind::number: {
      // Packed BCD, low byte first, the sign (if any) in bit 7 of the last byte (decode_bcd).
      if (bytes.size() > 9) return decode_status::bad_value;
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
      std::vector<std::uint8_t> msb_first(bytes.begin(), bytes.end());
      v.kind = value_kind::text;
      v.text = to_hex(std::vector<std::uint8_t>(msb_first.rbegin(), msb_first.rend()), '\0');
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
      std::vector<std::uint8_t> msb_first(bytes.begin(), bytes.end());
      v.text = to_hex(std::vector<std::uint8_t>(msb_first.rbegin(), msb_first.rend()), '\0');
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

/// Decodes the data of item `di` (the bytes after the DI, −0x33 applied) by its catalogue row:
/// one element, or a block/table of whole elements. The values come element by element, each
/// element's fields in order (a demand element gives value then time).
/// bad_length when the size is not a whole number of elements (or not exactly one for a scalar,
/// or more rows than a table allows); bad_value for a bad BCD digit.
[[nodiscard]] inline decode_result<std::vector<item_value>> decode_item(byte_span bytes,
                                                                        const di_entry& entry,
                                                                        std::uint32_t di) {
  using result = decode_result<std::vector<item_value>>;
  const std::size_t element = entry.element_size();
  if (element == 0 || bytes.empty() || bytes.size() % element != 0) {
    return result::failure(decode_status::bad_length);
  }
  const std::size_t elements = bytes.size() / element;
  if (!is_block(entry, di) && elements != 1) return result::failure(decode_status::bad_length);
  if (entry.max_elements > 1 && elements > entry.max_elements) {
    return result::failure(decode_status::bad_length);
  }
  // Each value is decoded in place in the vector (no temporary item_value moved in).
  decode_result<std::vector<item_value>> out{decode_status::ok, bytes.size(),
                                             std::vector<item_value>(elements * entry.field_count)};
  item_value* v = out.value->data();
  std::size_t offset = 0;
  for (std::size_t e = 0; e < elements; ++e) {
    for (std::size_t k = 0; k < entry.field_count; ++k) {
      const auto& f = entry.fields[k];
      const auto status = detail::decode_field_into(bytes.subspan(offset, f.size), f, *v++);
      if (status != decode_status::ok) return result::failure(status);
      offset += f.size;
    }
  }
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
