#pragma once
/// \file
/// Building CJ/T 188 requests: read data (901F, history D12x, price, purchase), read address,
/// write data (price table A010, purchase A013, …) and standard time A015, in a vendor profile's
/// dialect.
///
/// protocols.md 3.1/3.2: request control codes 01 read, 03 read address, 04 write; DATA = DI
/// (2, in the profile's order) + SER + payload; no +0x33. The payloads of write items are the
/// caller's (BCD, low byte first), since their layouts differ between vendors.

#include <cstdint>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/meters/bcd.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/cjt188/frame.hpp"
#include "submeter/meters/cjt188/message.hpp"
#include "submeter/meters/cjt188/profile.hpp"
#include "submeter/meters/clock_value.hpp"

namespace submeter::meters::cjt188 {

/// A request frame: DI in the profile's order, SER, payload; `p.preamble` FE bytes.
[[nodiscard]] inline std::vector<std::uint8_t> make_request(const profile& p, std::uint8_t type,
                                                            const address& to, control c,
                                                            std::uint16_t item, std::uint8_t ser,
                                                            byte_span payload = {}) {
  const auto d = di_wire(p, item);
  std::vector<std::uint8_t> data{d[0], d[1], ser};
  data.insert(data.end(), payload.begin(), payload.end());
  return encode(type, to, c, data, p.preamble);
}

/// Read data (01) of item `item` (901F by default).
[[nodiscard]] inline std::vector<std::uint8_t> read_data(const profile& p, std::uint8_t type,
                                                         const address& to, std::uint8_t ser,
                                                         std::uint16_t item = di::metering_data) {
  return make_request(p, type, to, control::request(function::read_data), item, ser);
}

/// Read address (03, DI 810A) to the wildcard address and type (one meter on the bus).
[[nodiscard]] inline std::vector<std::uint8_t> read_address(const profile& p,
                                                            std::uint8_t ser = 0) {
  return make_request(p, static_cast<std::uint8_t>(meter_type::wildcard), address::wildcard(),
                      control::request(function::read_address), di::address, ser);
}

/// Write data (04) of item `item` with `payload`.
[[nodiscard]] inline std::vector<std::uint8_t> write_data(const profile& p, std::uint8_t type,
                                                          const address& to, std::uint16_t item,
                                                          std::uint8_t ser, byte_span payload) {
  return make_request(p, type, to, control::request(function::write_data), item, ser, payload);
}

/// Write standard time (04, DI A015): ss mm hh DD MM YYYY (BCD, year low byte first), the
/// layout of the real-time field of 901F. Throws submeter::error (invalid_argument) for an
/// invalid date/time or a year outside 2000..2099.
[[nodiscard]] inline std::vector<std::uint8_t> set_time(const profile& p, std::uint8_t type,
                                                        const address& to, std::uint8_t ser,
                                                        const clock_value& now) {
  if (!now.ok() || !now.has_date() || !now.has_time() || now.year < 2000 || now.year > 2099) {
    throw error(errc::invalid_argument, "CJ/T 188 needs a valid date and time in 2000..2099",
                {{"time", now.to_string()}});
  }
  const std::uint8_t t[7] = {to_bcd_byte(now.second),    to_bcd_byte(now.minute),
                             to_bcd_byte(now.hour),      to_bcd_byte(now.day),
                             to_bcd_byte(now.month),     to_bcd_byte(now.year % 100),
                             to_bcd_byte(now.year / 100)};
  return write_data(p, type, to, di::standard_time, ser, byte_span{t, 7});
}

}  // namespace submeter::meters::cjt188
