#pragma once
/// \file
/// Modbus PDUs: encode and decode the requests and responses a meter reader and a meter
/// simulator exchange (FC 01-06, 15, 16, 23 and exception responses).
///
/// Modbus Application Protocol V1.1b3 6.1-6.17 / protocols.md 4.1: registers are big-endian on
/// the wire; an exception response is FC | 0x80 then the exception code. Limits from the spec:
/// read 1..125 registers (1..2000 bits), write 1..123 registers (1..1968 bits), FC23 read 1..125
/// and write 1..121. Decoders are total and never throw on wire bytes.

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <variant>
#include <vector>

#include "submeter/core/result.hpp"
#include "submeter/meters/byte_span.hpp"

namespace submeter::meters::modbus {

/// Function codes this codec knows.
enum class function_code : std::uint8_t {
  read_coils = 0x01,
  read_discrete_inputs = 0x02,
  read_holding_registers = 0x03,
  read_input_registers = 0x04,
  write_single_coil = 0x05,
  write_single_register = 0x06,
  write_multiple_coils = 0x0F,
  write_multiple_registers = 0x10,
  read_write_multiple_registers = 0x17,
};

/// Exception codes (spec 7).
enum class exception_code : std::uint8_t {
  illegal_function = 0x01,
  illegal_data_address = 0x02,
  illegal_data_value = 0x03,
  server_device_failure = 0x04,
  acknowledge = 0x05,
  server_device_busy = 0x06,
  gateway_path_unavailable = 0x0A,
  gateway_target_failed = 0x0B,
};

/// FC 01-04 request: start address (0-based PDU address) and quantity.
struct read_request {
  std::uint8_t function = 0x03;
  std::uint16_t start = 0;
  std::uint16_t quantity = 0;
  friend bool operator==(const read_request& a, const read_request& b) noexcept {
    return a.function == b.function && a.start == b.start && a.quantity == b.quantity;
  }
};

/// FC 03/04 response: the registers.
struct registers_response {
  std::uint8_t function = 0x03;
  std::vector<std::uint16_t> registers;
  friend bool operator==(const registers_response& a, const registers_response& b) noexcept {
    return a.function == b.function && a.registers == b.registers;
  }
};

/// FC 01/02 response: packed bits, LSB of the first byte first.
struct bits_response {
  std::uint8_t function = 0x01;
  std::vector<std::uint8_t> bytes;
  friend bool operator==(const bits_response& a, const bits_response& b) noexcept {
    return a.function == b.function && a.bytes == b.bytes;
  }
};

/// FC 05/06 request, and its reply (an echo).
struct write_single {
  std::uint8_t function = 0x06;
  std::uint16_t address = 0;
  std::uint16_t value = 0;
  friend bool operator==(const write_single& a, const write_single& b) noexcept {
    return a.function == b.function && a.address == b.address && a.value == b.value;
  }
};

/// FC 16 request: start and values.
struct write_registers_request {
  std::uint16_t start = 0;
  std::vector<std::uint16_t> values;
  friend bool operator==(const write_registers_request& a,
                         const write_registers_request& b) noexcept {
    return a.start == b.start && a.values == b.values;
  }
};

/// FC 15/16 response: start and quantity written.
struct write_multiple_response {
  std::uint8_t function = 0x10;
  std::uint16_t start = 0;
  std::uint16_t quantity = 0;
  friend bool operator==(const write_multiple_response& a,
                         const write_multiple_response& b) noexcept {
    return a.function == b.function && a.start == b.start && a.quantity == b.quantity;
  }
};

/// FC 23 request: read range, write start and values.
struct read_write_request {
  std::uint16_t read_start = 0;
  std::uint16_t read_quantity = 0;
  std::uint16_t write_start = 0;
  std::vector<std::uint16_t> values;
  friend bool operator==(const read_write_request& a, const read_write_request& b) noexcept {
    return a.read_start == b.read_start && a.read_quantity == b.read_quantity &&
           a.write_start == b.write_start && a.values == b.values;
  }
};

/// An exception response: the request's function code (without 0x80) and the exception code.
struct exception_response {
  std::uint8_t function = 0x03;
  std::uint8_t code = 0;
  friend bool operator==(const exception_response& a, const exception_response& b) noexcept {
    return a.function == b.function && a.code == b.code;
  }
};

/// A request PDU.
using request =
    std::variant<read_request, write_single, write_registers_request, read_write_request>;
/// A response PDU.
using response = std::variant<registers_response, bits_response, write_single,
                              write_multiple_response, exception_response>;

namespace detail {
[[nodiscard]] constexpr std::uint16_t be16(byte_span b, std::size_t i) noexcept {
  return static_cast<std::uint16_t>(b[i] << 8 | b[i + 1]);
}
inline void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}
inline std::vector<std::uint16_t> registers_at(byte_span b, std::size_t offset, std::size_t count) {
  std::vector<std::uint16_t> r(count);
  for (std::size_t i = 0; i < count; ++i) r[i] = be16(b, offset + 2 * i);
  return r;
}
}  // namespace detail

/// The length of the request PDU at the start of `pdu` (bytes), or need_more / a failure:
/// unsupported for an unknown function code, bad_length for a byte count that contradicts its
/// quantity. Lets an RTU reader find the end of a frame without a length field.
[[nodiscard]] inline decode_result<std::size_t> request_length(byte_span pdu) {
  using result = decode_result<std::size_t>;
  if (pdu.empty()) return result::failure(decode_status::need_more);
  switch (pdu[0]) {
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x05:
    case 0x06:
      return result::success(5, 0);
    case 0x0F:
    case 0x10:
      if (pdu.size() < 6) return result::failure(decode_status::need_more);
      return result::success(6u + pdu[5], 0);
    case 0x17:
      if (pdu.size() < 10) return result::failure(decode_status::need_more);
      return result::success(10u + pdu[9], 0);
    default:
      return result::failure(decode_status::unsupported, 1);
  }
}

/// The length of the response PDU at the start of `pdu` (see request_length).
[[nodiscard]] inline decode_result<std::size_t> response_length(byte_span pdu) {
  using result = decode_result<std::size_t>;
  if (pdu.empty()) return result::failure(decode_status::need_more);
  const std::uint8_t fc = pdu[0];
  if ((fc & 0x80) != 0) return result::success(2, 0);
  switch (fc) {
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x17:
      if (pdu.size() < 2) return result::failure(decode_status::need_more);
      return result::success(2u + pdu[1], 0);
    case 0x05:
    case 0x06:
    case 0x0F:
    case 0x10:
      return result::success(5, 0);
    default:
      return result::failure(decode_status::unsupported, 1);
  }
}

/// Decodes a request PDU that fills `pdu` exactly. bad_length when the size, byte count or
/// quantity is not what the spec allows; unsupported for another function code.
[[nodiscard]] inline decode_result<request> decode_request(byte_span pdu) {
  using result = decode_result<request>;
  const auto len = request_length(pdu);
  if (!len)
    return result::failure(len.status == decode_status::need_more ? decode_status::bad_length
                                                                  : len.status);
  if (*len.value != pdu.size()) return result::failure(decode_status::bad_length);
  const std::uint8_t fc = pdu[0];
  switch (fc) {
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x04: {
      const read_request r{fc, detail::be16(pdu, 1), detail::be16(pdu, 3)};
      const std::uint16_t max = fc <= 0x02 ? 2000 : 125;
      if (r.quantity == 0 || r.quantity > max) return result::failure(decode_status::bad_value);
      return result::success(r, pdu.size());
    }
    case 0x05:
    case 0x06: {
      const write_single w{fc, detail::be16(pdu, 1), detail::be16(pdu, 3)};
      if (fc == 0x05 && w.value != 0x0000 && w.value != 0xFF00)
        return result::failure(decode_status::bad_value);
      return result::success(w, pdu.size());
    }
    case 0x10: {
      const std::uint16_t qty = detail::be16(pdu, 3);
      if (qty == 0 || qty > 123 || pdu[5] != 2 * qty)
        return result::failure(decode_status::bad_length);
      return result::success(
          write_registers_request{detail::be16(pdu, 1), detail::registers_at(pdu, 6, qty)},
          pdu.size());
    }
    case 0x17: {
      const std::uint16_t rq = detail::be16(pdu, 3);
      const std::uint16_t wq = detail::be16(pdu, 7);
      if (rq == 0 || rq > 125 || wq == 0 || wq > 121 || pdu[9] != 2 * wq) {
        return result::failure(decode_status::bad_length);
      }
      return result::success(read_write_request{detail::be16(pdu, 1), rq, detail::be16(pdu, 5),
                                                detail::registers_at(pdu, 10, wq)},
                             pdu.size());
    }
    default:
      return result::failure(decode_status::unsupported);  // FC 15 coils: not needed by meters
  }
}

/// Decodes a response PDU that fills `pdu` exactly (see decode_request).
[[nodiscard]] inline decode_result<response> decode_response(byte_span pdu) {
  using result = decode_result<response>;
  const auto len = response_length(pdu);
  if (!len)
    return result::failure(len.status == decode_status::need_more ? decode_status::bad_length
                                                                  : len.status);
  if (*len.value != pdu.size()) return result::failure(decode_status::bad_length);
  const std::uint8_t fc = pdu[0];
  if ((fc & 0x80) != 0) {
    return result::success(exception_response{static_cast<std::uint8_t>(fc & 0x7F), pdu[1]},
                           pdu.size());
  }
  switch (fc) {
    case 0x01:
    case 0x02:
      if (pdu[1] == 0) return result::failure(decode_status::bad_length);
      return result::success(bits_response{fc, pdu.subspan(2).to_vector()}, pdu.size());
    case 0x03:
    case 0x04:
    case 0x17:
      if (pdu[1] == 0 || pdu[1] % 2 != 0) return result::failure(decode_status::bad_length);
      return result::success(registers_response{fc, detail::registers_at(pdu, 2, pdu[1] / 2u)},
                             pdu.size());
    case 0x05:
    case 0x06:
      return result::success(write_single{fc, detail::be16(pdu, 1), detail::be16(pdu, 3)},
                             pdu.size());
    case 0x0F:
    case 0x10:
      return result::success(
          write_multiple_response{fc, detail::be16(pdu, 1), detail::be16(pdu, 3)}, pdu.size());
    default:
      return result::failure(decode_status::unsupported);
  }
}

/// Encodes a request PDU. Quantities are the caller's: encode does not check them (a test may
/// want to send a bad one); decode_request does.
[[nodiscard]] inline std::vector<std::uint8_t> encode(const request& r) {
  std::vector<std::uint8_t> out;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, read_request>) {
          out.push_back(m.function);
          detail::put16(out, m.start);
          detail::put16(out, m.quantity);
        } else if constexpr (std::is_same_v<T, write_single>) {
          out.push_back(m.function);
          detail::put16(out, m.address);
          detail::put16(out, m.value);
        } else if constexpr (std::is_same_v<T, write_registers_request>) {
          out.push_back(0x10);
          detail::put16(out, m.start);
          detail::put16(out, static_cast<std::uint16_t>(m.values.size()));
          out.push_back(static_cast<std::uint8_t>(2 * m.values.size()));
          for (const auto v : m.values) detail::put16(out, v);
        } else {
          out.push_back(0x17);
          detail::put16(out, m.read_start);
          detail::put16(out, m.read_quantity);
          detail::put16(out, m.write_start);
          detail::put16(out, static_cast<std::uint16_t>(m.values.size()));
          out.push_back(static_cast<std::uint8_t>(2 * m.values.size()));
          for (const auto v : m.values) detail::put16(out, v);
        }
      },
      r);
  return out;
}

/// Encodes a response PDU (a meter simulator's side).
[[nodiscard]] inline std::vector<std::uint8_t> encode(const response& r) {
  std::vector<std::uint8_t> out;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, registers_response>) {
          out.push_back(m.function);
          out.push_back(static_cast<std::uint8_t>(2 * m.registers.size()));
          for (const auto v : m.registers) detail::put16(out, v);
        } else if constexpr (std::is_same_v<T, bits_response>) {
          out.push_back(m.function);
          out.push_back(static_cast<std::uint8_t>(m.bytes.size()));
          out.insert(out.end(), m.bytes.begin(), m.bytes.end());
        } else if constexpr (std::is_same_v<T, write_single>) {
          out.push_back(m.function);
          detail::put16(out, m.address);
          detail::put16(out, m.value);
        } else if constexpr (std::is_same_v<T, write_multiple_response>) {
          out.push_back(m.function);
          detail::put16(out, m.start);
          detail::put16(out, m.quantity);
        } else {
          out.push_back(static_cast<std::uint8_t>(m.function | 0x80));
          out.push_back(m.code);
        }
      },
      r);
  return out;
}

}  // namespace submeter::meters::modbus
