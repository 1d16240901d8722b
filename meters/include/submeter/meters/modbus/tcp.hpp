#pragma once
/// \file
/// Modbus TCP frames (ADU): the MBAP header + PDU, no CRC.
///
/// Modbus Messaging on TCP/IP V1.0b 3.1.3 / protocols.md 4.1: transaction id (2), protocol id
/// (2, 0 = Modbus), length (2, counting the unit id and the PDU), unit id (1), PDU.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "submeter/core/result.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/modbus/pdu.hpp"

namespace submeter::meters::modbus {

/// The MBAP header.
struct mbap_header {
  std::uint16_t transaction = 0;
  std::uint16_t protocol = 0;
  std::uint16_t length = 0;
  std::uint8_t unit = 0;
};

/// A decoded TCP request.
struct tcp_request {
  mbap_header header;
  modbus::request pdu;
};

/// A decoded TCP response.
struct tcp_response {
  mbap_header header;
  modbus::response pdu;
};

/// A TCP frame: MBAP (length computed) + PDU.
[[nodiscard]] inline std::vector<std::uint8_t> encode_tcp(std::uint16_t transaction,
                                                          std::uint8_t unit, byte_span pdu) {
  std::vector<std::uint8_t> out;
  detail::put16(out, transaction);
  detail::put16(out, 0);
  detail::put16(out, static_cast<std::uint16_t>(pdu.size() + 1));
  out.push_back(unit);
  out.insert(out.end(), pdu.begin(), pdu.end());
  return out;
}

namespace detail {
template <class Adu, class DecodeFn>
[[nodiscard]] decode_result<Adu> decode_tcp(byte_span bytes, DecodeFn decode_pdu) {
  using result = decode_result<Adu>;
  if (bytes.size() < 7) return result::failure(decode_status::need_more);
  const mbap_header h{be16(bytes, 0), be16(bytes, 2), be16(bytes, 4), bytes[6]};
  if (h.protocol != 0) return result::failure(decode_status::unsupported, 1);
  if (h.length < 2 || h.length > 254) return result::failure(decode_status::bad_length, 1);
  const std::size_t total = 6u + h.length;
  if (bytes.size() < total) return result::failure(decode_status::need_more);
  auto pdu = decode_pdu(bytes.subspan(7, h.length - 1u));
  if (!pdu) return result::failure(pdu.status, total);
  return result::success(Adu{h, std::move(*pdu.value)}, total);
}
}  // namespace detail

/// Decodes a TCP request at the start of `bytes`. On a PDU error `consumed` is the whole ADU
/// (its length is known), so a reader skips it.
[[nodiscard]] inline decode_result<tcp_request> decode_tcp_request(byte_span bytes) {
  return detail::decode_tcp<tcp_request>(bytes, decode_request);
}

/// Decodes a TCP response at the start of `bytes`.
[[nodiscard]] inline decode_result<tcp_response> decode_tcp_response(byte_span bytes) {
  return detail::decode_tcp<tcp_response>(bytes, decode_response);
}

}  // namespace submeter::meters::modbus
