#pragma once
/// \file
/// Modbus RTU frames (ADU): slave address + PDU + CRC-16 (low byte first).
///
/// Modbus over Serial Line V1.02 2.5.1 / protocols.md 4.1. RTU has no length field: the end of
/// a frame follows from the function code and its byte count (pdu.hpp request_length /
/// response_length), so decoding works on a stream prefix: need_more until the frame is whole.
/// On an error `consumed` is 1, so a reader can slide one byte and retry.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "submeter/core/result.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/modbus/crc.hpp"
#include "submeter/meters/modbus/pdu.hpp"

namespace submeter::meters::modbus {

/// The largest RTU frame (256 bytes: address + 253 PDU + CRC).
inline constexpr std::size_t max_rtu_frame = 256;

/// A decoded RTU request.
struct rtu_request {
  std::uint8_t slave = 0;
  modbus::request pdu;
};

/// A decoded RTU response.
struct rtu_response {
  std::uint8_t slave = 0;
  modbus::response pdu;
};

/// Appends the CRC (low byte first) to `slave` + `pdu`.
[[nodiscard]] inline std::vector<std::uint8_t> encode_rtu(std::uint8_t slave, byte_span pdu) {
  std::vector<std::uint8_t> out;
  out.reserve(pdu.size() + 3);
  out.push_back(slave);
  out.insert(out.end(), pdu.begin(), pdu.end());
  const std::uint16_t crc = crc16(out);
  out.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  out.push_back(static_cast<std::uint8_t>(crc >> 8));
  return out;
}

/// An RTU request frame.
[[nodiscard]] inline std::vector<std::uint8_t> encode_rtu(std::uint8_t slave, const request& r) {
  return encode_rtu(slave, encode(r));
}

/// An RTU response frame.
[[nodiscard]] inline std::vector<std::uint8_t> encode_rtu(std::uint8_t slave, const response& r) {
  return encode_rtu(slave, encode(r));
}

namespace detail {
template <class Adu, class LengthFn, class DecodeFn>
[[nodiscard]] decode_result<Adu> decode_rtu(byte_span bytes, LengthFn length, DecodeFn decode_pdu) {
  using result = decode_result<Adu>;
  if (bytes.size() < 2) return result::failure(decode_status::need_more);
  const auto len = length(bytes.subspan(1));
  if (len.status == decode_status::need_more) return result::failure(decode_status::need_more);
  if (!len) return result::failure(len.status, 1);
  const std::size_t total = 1 + *len.value + 2;
  if (total > max_rtu_frame) return result::failure(decode_status::bad_length, 1);
  if (bytes.size() < total) return result::failure(decode_status::need_more);
  const std::uint16_t crc = crc16(bytes.subspan(0, total - 2));
  if (bytes[total - 2] != (crc & 0xFF) || bytes[total - 1] != (crc >> 8)) {
    return result::failure(decode_status::bad_checksum, 1);
  }
  auto pdu = decode_pdu(bytes.subspan(1, *len.value));
  if (!pdu) return result::failure(pdu.status, 1);
  return result::success(Adu{bytes[0], std::move(*pdu.value)}, total);
}
}  // namespace detail

/// Decodes an RTU request at the start of `bytes` (a stream prefix is fine).
[[nodiscard]] inline decode_result<rtu_request> decode_rtu_request(byte_span bytes) {
  return detail::decode_rtu<rtu_request>(bytes, request_length, decode_request);
}

/// Decodes an RTU response at the start of `bytes`.
[[nodiscard]] inline decode_result<rtu_response> decode_rtu_response(byte_span bytes) {
  return detail::decode_rtu<rtu_response>(bytes, response_length, decode_response);
}

}  // namespace submeter::meters::modbus
