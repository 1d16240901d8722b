#pragma once
/// \file
/// Writing settings to a DL/T 645-2007 meter: one item (DI + data + what it holds), the password
/// and operator code of a write, the write frame, and the meter's answer.
///
/// DL/T 645-2007 7.4 / protocols.md 2.2: write data (14) carries DI, PA P0 P1 P2 (password level
/// and password, P0 first), C0..C3 (operator code, C0 first) and the item data, each byte +0x33
/// on the wire. The meter answers 94 (no data) or D4 with an error word; a wrong password sets
/// bit 2 ("unauthorised"). Passwords and operator codes are written as text most significant
/// byte first, as on a meter's label and in configuration tools ("123456" → P0 = 56).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/result.hpp"
#include "submeter/meters/dlt645/address.hpp"
#include "submeter/meters/dlt645/control.hpp"
#include "submeter/meters/dlt645/frame.hpp"
#include "submeter/meters/dlt645/request.hpp"
#include "submeter/meters/hex.hpp"

namespace submeter::meters::dlt645 {

/// One item to write: its DI, its data (plain, low byte first, before +0x33) and a line that
/// says what it holds ("second set: year time zones 01-01 t1, 06-01 t2").
struct write_item {
  std::uint32_t di = 0;
  std::vector<std::uint8_t> data;
  std::string what;
};

/// The password and operator code of a write.
struct write_credentials {
  /// PA: the password level (02 and 04 on most meters; 98/99 are encrypted writes, not plain).
  std::uint8_t level = 0x02;
  /// P0 P1 P2 as sent (P0 least significant).
  std::array<std::uint8_t, 3> password_bytes{};
  /// C0..C3 as sent (C0 least significant).
  operator_code operator_bytes{};

  /// PA P0 P1 P2 as a write sends them.
  [[nodiscard]] dlt645::password wire_password() const noexcept {
    return {level, password_bytes[0], password_bytes[1], password_bytes[2]};
  }

  /// From text: level "02" (two hex digits), password "000000" (six hex digits, P2 first),
  /// operator "00000000" (eight hex digits, C3 first). Throws submeter::error (errc::parse)
  /// naming the field.
  [[nodiscard]] static write_credentials parse(std::string_view level_text,
                                               std::string_view password_text,
                                               std::string_view operator_text) {
    const auto field = [](std::string_view text, std::size_t digits, const char* name) {
      const auto b = parse_hex(text);
      if (text.size() != digits || !b) {
        throw error(errc::parse, "not a DL/T 645 password field",
                    {{"field", name},
                     {"text", std::string(text)},
                     {"expected", std::to_string(digits) + " hex digits"}});
      }
      return std::vector<std::uint8_t>(b->rbegin(), b->rend());  // least significant first
    };
    write_credentials c;
    c.level = field(level_text, 2, "password level")[0];
    const auto p = field(password_text, 6, "password");
    const auto o = field(operator_text, 8, "operator");
    c.password_bytes = {p[0], p[1], p[2]};
    c.operator_bytes = {o[0], o[1], o[2], o[3]};
    return c;
  }
};

/// The write frame (14) of an item to meter `to`, with `preamble` FE bytes. Throws
/// submeter::error (errc::invalid_argument) when the data field would exceed 255 bytes.
[[nodiscard]] inline std::vector<std::uint8_t> write_frame(const address& to,
                                                           const write_item& item,
                                                           const write_credentials& c,
                                                           std::size_t preamble = 4) {
  return write(to, item.di, c.wire_password(), c.operator_bytes, item.data, preamble);
}

/// A meter's answer to a write.
struct write_reply {
  dlt645::address address;
  /// Set when the meter refused (D4): its error word (bit 2 unauthorised = wrong password).
  std::optional<error_word> error;

  /// True when the meter took the write (94).
  [[nodiscard]] bool accepted() const noexcept { return !error; }
};

/// Decodes the answer to a write: 94 with no data, or D4 with one error word. unsupported for
/// any other control code (a read reply, a request); bad_length for a data field of another size.
[[nodiscard]] inline decode_result<write_reply> decode_write_reply(const frame& f) {
  using result = decode_result<write_reply>;
  if (!f.control.is_reply() || f.control.function_code() != 0x14) {
    return result::failure(decode_status::unsupported);
  }
  write_reply r;
  r.address = f.address;
  if (f.control.is_abnormal()) {
    if (f.length != 1) return result::failure(decode_status::bad_length);
    r.error = error_word{f.data[0]};
    return result::success(r, 1);
  }
  if (f.length != 0) return result::failure(decode_status::bad_length);
  return result::success(r, 0);
}

}  // namespace submeter::meters::dlt645
