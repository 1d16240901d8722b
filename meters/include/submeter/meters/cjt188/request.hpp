#pragma once
/// \file
/// Building CJ/T 188 requests: read data (901F, history D12x, price, purchase), read address,
/// write data (price table A010, purchase A013, time A015, …), in a vendor profile's dialect.
///
/// protocols.md 3.1/3.2: request control codes 01 read, 03 read address, 04 write; DATA = DI
/// (2, in the profile's order) + SER + payload; no +0x33. The payloads of write items are the
/// caller's (BCD, low byte first), since their layouts differ between vendors.

#include <cstdint>
#include <vector>

#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/cjt188/frame.hpp"
#include "submeter/meters/cjt188/message.hpp"
#include "submeter/meters/cjt188/profile.hpp"

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

}  // namespace submeter::meters::cjt188
