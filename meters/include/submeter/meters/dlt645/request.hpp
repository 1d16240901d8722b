#pragma once
/// \file
/// Building DL/T 645-2007 requests (read, follow-up, read/write address, write, broadcast time,
/// freeze, relay control) and decoding a request frame back into its fields.
///
/// DL/T 645-2007 7 / protocols.md 2.2. Writes carry the password (PA P0 P1 P2: PA is the
/// password level) and the operator code (C0..C3) before the data. Relay control (1C, from the
/// amendment) carries N1 (action), N2 (reserved) and N3..N8 = the deadline until which the command
/// is valid, ss mm hh DD MM YY; the deadline is in the future (pitfall 8: sending the current time,
/// as one public component does, is not what the standard intends). Every encoder returns wire
/// bytes with `preamble` FE bytes; the builders throw submeter::error on bad arguments (caller
/// data), never on wire bytes.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/result.hpp"
#include "submeter/meters/bcd.hpp"
#include "submeter/meters/clock_value.hpp"
#include "submeter/meters/dlt645/control.hpp"
#include "submeter/meters/dlt645/data_identifier.hpp"
#include "submeter/meters/dlt645/frame.hpp"

namespace submeter::meters::dlt645 {

/// Relay-control actions (N1 of control code 1C; protocols.md 2.2).
enum class relay_action : std::uint8_t {
  trip = 0x1A,             ///< 跳闸
  close_permitted = 0x1B,  ///< 合闸允许
  close_now = 0x1C,        ///< 直接合闸
  alarm = 0x2A,
  alarm_off = 0x2B,
  keep_power = 0x3A,  ///< 保电
  keep_power_off = 0x3B,
};

/// A password: PA (level) then P0 P1 P2, as sent.
using password = std::array<std::uint8_t, 4>;
/// An operator code C0..C3, as sent.
using operator_code = std::array<std::uint8_t, 4>;

namespace detail {
inline void push_di(std::vector<std::uint8_t>& out, std::uint32_t di, std::size_t size = 4) {
  for (std::size_t i = 0; i < size; ++i) out.push_back(static_cast<std::uint8_t>(di >> (8 * i)));
}
inline void push_clock_bcd(std::vector<std::uint8_t>& out, const clock_value& c,
                           bool with_seconds) {
  if (!c.ok() || c.year < 2000 || c.year > 2099 || !c.has_date() || !c.has_time()) {
    throw error(errc::invalid_argument, "DL/T 645 needs a valid date and time in 2000..2099",
                {{"time", c.to_string()}});
  }
  if (with_seconds) out.push_back(to_bcd_byte(c.second));
  out.push_back(to_bcd_byte(c.minute));
  out.push_back(to_bcd_byte(c.hour));
  out.push_back(to_bcd_byte(c.day));
  out.push_back(to_bcd_byte(c.month));
  out.push_back(to_bcd_byte(c.year - 2000));
}
}  // namespace detail

/// Read data (11): DI, DI0 first.
[[nodiscard]] inline std::vector<std::uint8_t> read(const address& to, std::uint32_t di,
                                                    std::size_t preamble = 4) {
  std::vector<std::uint8_t> data;
  detail::push_di(data, di);
  return encode(to, control::request(function::read), data, preamble);
}

/// Read follow-up (12): DI + SEQ, after a B1/B2 reply.
[[nodiscard]] inline std::vector<std::uint8_t> read_follow_up(const address& to, std::uint32_t di,
                                                              std::uint8_t sequence,
                                                              std::size_t preamble = 4) {
  std::vector<std::uint8_t> data;
  detail::push_di(data, di);
  data.push_back(sequence);
  return encode(to, control::request(function::read_follow_up), data, preamble);
}

/// Read communication address (13): wildcard address, L = 0 (one meter on the bus).
[[nodiscard]] inline std::vector<std::uint8_t> read_address(std::size_t preamble = 4) {
  return encode(address::wildcard(), control::request(function::read_address), byte_span{},
                preamble);
}

/// Write communication address (15): sent to the wildcard address; data = the new address, A0
/// first.
[[nodiscard]] inline std::vector<std::uint8_t> write_address(const address& new_address,
                                                             std::size_t preamble = 4) {
  return encode(address::wildcard(), control::request(function::write_address), new_address.bytes,
                preamble);
}

/// Write data (14): DI + password + operator code + item data (plain, low byte first).
[[nodiscard]] inline std::vector<std::uint8_t> write(const address& to, std::uint32_t di,
                                                     const password& pw, const operator_code& op,
                                                     byte_span item, std::size_t preamble = 4) {
  std::vector<std::uint8_t> data;
  detail::push_di(data, di);
  data.insert(data.end(), pw.begin(), pw.end());
  data.insert(data.end(), op.begin(), op.end());
  data.insert(data.end(), item.begin(), item.end());
  return encode(to, control::request(function::write), data, preamble);
}

/// Broadcast time (08) to 99..99: ss mm hh DD MM YY. Meters do not reply.
/// Throws submeter::error (invalid_argument) for an invalid time or a year outside 2000..2099.
[[nodiscard]] inline std::vector<std::uint8_t> broadcast_time(const clock_value& now,
                                                              std::size_t preamble = 4) {
  std::vector<std::uint8_t> data;
  detail::push_clock_bcd(data, now, true);
  return encode(address::broadcast(), control::request(function::broadcast_time), data, preamble);
}

/// Freeze (16): mm hh DD MM (99 in a field = every; all 99 = freeze now).
[[nodiscard]] inline std::vector<std::uint8_t> freeze(
    const address& to, const std::array<std::uint8_t, 4>& mm_hh_dd_mm, std::size_t preamble = 4) {
  return encode(to, control::request(function::freeze), mm_hh_dd_mm, preamble);
}

/// Relay control (1C): password, operator code, N1 action, N2 = 00, N3..N8 = the validity
/// deadline ss mm hh DD MM YY. Throws submeter::error for an invalid deadline.
[[nodiscard]] inline std::vector<std::uint8_t> relay_control(const address& to, const password& pw,
                                                             const operator_code& op,
                                                             relay_action action,
                                                             const clock_value& valid_until,
                                                             std::size_t preamble = 4) {
  std::vector<std::uint8_t> data(pw.begin(), pw.end());
  data.insert(data.end(), op.begin(), op.end());
  data.push_back(static_cast<std::uint8_t>(action));
  data.push_back(0x00);
  detail::push_clock_bcd(data, valid_until, true);
  return encode(to, control::request(function::relay_control), data, preamble);
}

/// Read data, DL/T 645-1997 (01): 2-byte DI.
[[nodiscard]] inline std::vector<std::uint8_t> read_1997(const address& to, std::uint16_t di,
                                                         std::size_t preamble = 4) {
  std::vector<std::uint8_t> data;
  detail::push_di(data, di, 2);
  return encode(to, control{static_cast<std::uint8_t>(function_1997::read)}, data, preamble);
}

/// A request frame taken apart (what a meter simulator or a gateway log reader needs).
struct request {
  dlt645::address address;
  dlt645::control control;
  /// The DI, when the function carries one (read, follow-up, write).
  std::optional<std::uint32_t> di;
  /// Write and relay control: the password and operator code.
  std::optional<dlt645::password> password;
  std::optional<dlt645::operator_code> operator_code;
  /// Follow-up: SEQ.
  std::optional<std::uint8_t> sequence;
  /// Relay control: N1.
  std::optional<std::uint8_t> relay_action;
  /// Broadcast time, relay-control deadline (decoded BCD; check ok()).
  std::optional<clock_value> time;
  /// What is left: the item data of a write, the new address of a write-address, …
  std::vector<std::uint8_t> payload;
};

/// Decodes a 2007 request frame (D7 = 0).
/// unsupported: a reply, or a function this codec does not take apart (17, 18, 19, 1A, 1B, 03 keep
/// their data in `payload` only via decode_request_raw). bad_length: a data field of the wrong
/// size for the function — including a 2007 read (11) with a 2-byte 1997 DI, the mixed frame of
/// protocols.md 2.5 (`dlt645-1997.json` d97-suspect-ctrl11-with-2byte-DI).
[[nodiscard]] inline decode_result<request> decode_request(const frame& f) {
  using result = decode_result<request>;
  if (f.control.is_reply()) return result::failure(decode_status::unsupported);
  const byte_span d = f.payload();
  request r;
  r.address = f.address;
  r.control = f.control;
  const auto di_at = [&](std::size_t offset) {
    std::uint32_t di = 0;
    for (std::size_t i = 4; i-- > 0;) di = di << 8 | d[offset + i];
    return di;
  };
  const auto clock_at = [&](std::size_t offset) {
    const auto v = [&](std::size_t i) { return bcd_byte(d[offset + i]).value_or(-1); };
    return clock_value{clock_fields::date_time, 2000 + v(5), v(4), v(3), v(2), v(1), v(0), -1};
  };
  switch (f.control.function_code()) {
    case 0x11:  // read: DI, or DI + N (+ time) for load records
      if (d.size() != 4 && d.size() != 5 && d.size() != 10)
        return result::failure(decode_status::bad_length);
      r.di = di_at(0);
      r.payload = d.subspan(4).to_vector();
      break;
    case 0x12:
      if (d.size() != 5) return result::failure(decode_status::bad_length);
      r.di = di_at(0);
      r.sequence = d[4];
      break;
    case 0x13:
      if (d.size() != 0) return result::failure(decode_status::bad_length);
      break;
    case 0x14:
      if (d.size() < 12) return result::failure(decode_status::bad_length);
      r.di = di_at(0);
      r.password = dlt645::password{d[4], d[5], d[6], d[7]};
      r.operator_code = dlt645::operator_code{d[8], d[9], d[10], d[11]};
      r.payload = d.subspan(12).to_vector();
      break;
    case 0x15:
      if (d.size() != 6) return result::failure(decode_status::bad_length);
      r.payload = d.to_vector();
      break;
    case 0x08:
      if (d.size() != 6) return result::failure(decode_status::bad_length);
      r.time = clock_at(0);
      r.payload = d.to_vector();
      break;
    case 0x16:
      if (d.size() != 4) return result::failure(decode_status::bad_length);
      r.payload = d.to_vector();
      break;
    case 0x1C:
      if (d.size() != 16) return result::failure(decode_status::bad_length);
      r.password = dlt645::password{d[0], d[1], d[2], d[3]};
      r.operator_code = dlt645::operator_code{d[4], d[5], d[6], d[7]};
      r.relay_action = d[8];
      r.time = clock_at(10);
      break;
    default:
      return result::failure(decode_status::unsupported);
  }
  return result::success(std::move(r), d.size());
}

/// Which edition a frame's control code and data size fit.
enum class frame_edition : std::uint8_t {
  v2007,    ///< a 2007 function with a consistent data field
  v1997,    ///< a 1997 function (01/02/04/0A/0C/0F/10 and replies)
  either,   ///< function 08 (broadcast time), the same in both
  mixed,    ///< a 2007 read (11/91) whose DI is 2 bytes long: a 1997 DI in a 2007 frame; refuse it
  unknown,  ///< a function neither edition defines
};

/// Classifies a frame by edition (protocols.md 2.5). Function codes of the two editions do not
/// overlap except 03 (2007 ESAM, 1997 reread) and 08; a 2007 read request must carry a 4-byte DI.
[[nodiscard]] constexpr frame_edition classify_edition(const frame& f) noexcept {
  const auto fn = f.control.function_code();
  if (fn == 0x08) return frame_edition::either;
  if (fn == 0x11 && !f.control.is_abnormal()) {
    if (f.control.is_reply() ? f.length < 4 : (f.length != 4 && f.length != 5 && f.length != 10)) {
      return frame_edition::mixed;
    }
    return frame_edition::v2007;
  }
  if (is_2007_function(fn) && fn != 0x03) return frame_edition::v2007;
  if (is_1997_function(fn)) return frame_edition::v1997;
  if (fn == 0x03) return frame_edition::v2007;
  return frame_edition::unknown;
}

}  // namespace submeter::meters::dlt645
