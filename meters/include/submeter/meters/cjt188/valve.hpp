#pragma once
/// \file
/// CJ/T 188 valve control (write data 04, DI A017): the command and the meter's reply.
///
/// protocols.md 3.2: A017 payload is one byte, 55 open and 99 close (AA exercise and 77
/// half-open are vendor extensions, accepted only as raw bytes). The reply (84) carries DI, SER
/// and ST, whose valve bits say what the valve did (00 open, 01 closed, 11 abnormal; layout by
/// profile).

#include <cstdint>
#include <vector>

#include "submeter/core/result.hpp"
#include "submeter/meters/cjt188/frame.hpp"
#include "submeter/meters/cjt188/message.hpp"
#include "submeter/meters/cjt188/profile.hpp"
#include "submeter/meters/cjt188/request.hpp"

namespace submeter::meters::cjt188 {

/// The A017 command byte.
enum class valve_command : std::uint8_t {
  open = 0x55,
  close = 0x99,
};

/// The valve command frame.
[[nodiscard]] inline std::vector<std::uint8_t> valve_request(const profile& p, std::uint8_t type,
                                                             const address& to, std::uint8_t ser,
                                                             valve_command command) {
  const std::uint8_t b = static_cast<std::uint8_t>(command);
  return write_data(p, type, to, di::valve_control, ser, byte_span{&b, 1});
}

/// A valve command taken apart (what a simulator or a log reader needs).
struct valve_order {
  std::uint8_t ser = 0;
  /// The command byte (55 open, 99 close, or a vendor value).
  std::uint8_t command = 0;
  [[nodiscard]] constexpr bool is_open() const noexcept { return command == 0x55; }
  [[nodiscard]] constexpr bool is_close() const noexcept { return command == 0x99; }
};

/// Decodes a valve command frame (C = 04, DI A017, one command byte).
/// unsupported for another control code or DI; bad_length for another payload size.
[[nodiscard]] inline decode_result<valve_order> decode_valve_request(const frame& f,
                                                                     const profile& p) {
  using result = decode_result<valve_order>;
  if (f.control.code != static_cast<std::uint8_t>(function::write_data)) {
    return result::failure(decode_status::unsupported);
  }
  const auto m = decode_message(f, p);
  if (!m) return result::failure(m.status);
  if (m.value->di != di::valve_control) return result::failure(decode_status::unsupported);
  if (m.value->body.size() != 1) return result::failure(decode_status::bad_length);
  return result::success(valve_order{m.value->ser, m.value->body[0]}, f.length);
}

/// The meter's answer to a valve command.
struct valve_reply {
  std::uint8_t ser = 0;
  meter_status status;
};

/// Decodes a valve reply (C = 84, DI A017, ST). unsupported for another control code or DI
/// (an abnormal reply C4 included: the meter refused); bad_length unless ST is 2 bytes.
[[nodiscard]] inline decode_result<valve_reply> decode_valve_reply(const frame& f,
                                                                   const profile& p) {
  using result = decode_result<valve_reply>;
  if (f.control.code != 0x84) return result::failure(decode_status::unsupported);
  const auto m = decode_message(f, p);
  if (!m) return result::failure(m.status);
  if (m.value->di != di::valve_control) return result::failure(decode_status::unsupported);
  if (m.value->body.size() != 2) return result::failure(decode_status::bad_length);
  return result::success(
      valve_reply{m.value->ser, decode_st(p, m.value->body[0], m.value->body[1])}, f.length);
}

}  // namespace submeter::meters::cjt188
