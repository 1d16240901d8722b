#pragma once
/// \file
/// dlt645::frame: encode and decode one DL/T 645 frame (2007 and 1997 share the frame layer).
///
/// DL/T 645-2007 4.1 / protocols.md 2.1:
/// `FE* 68 A0..A5 68 C L DATA CS 16`. Every DATA byte is +0x33 (mod 256) on the wire; the
/// checksum is the byte sum mod 256 from the first 68 through the last DATA byte, over the wire
/// bytes, FE excluded. L <= 255 so a frame is at most 12 + 255 bytes after its preamble.
/// The decoder is total: it never reads past its input and never throws on wire bytes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/result.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/detail/sum_frame.hpp"
#include "submeter/meters/dlt645/address.hpp"
#include "submeter/meters/dlt645/control.hpp"

namespace submeter::meters::dlt645 {

/// The start byte (twice per frame).
inline constexpr std::uint8_t start_byte = meters::detail::sum_frame_start;
/// The end byte.
inline constexpr std::uint8_t end_byte = meters::detail::sum_frame_end;
/// The wake-up preamble byte.
inline constexpr std::uint8_t preamble_byte = meters::detail::sum_frame_preamble;
/// The offset added to every DATA byte on the wire.
inline constexpr std::uint8_t data_offset = 0x33;
/// Bytes of a frame around its data: 68, 6 address, 68, C, L, CS, 16.
inline constexpr std::size_t frame_overhead = 12;
/// The largest frame after its preamble (L = 255).
inline constexpr std::size_t max_frame_size = frame_overhead + 255;
/// The header as the shared frame layer sees it: a second 68 at 7, L at 9.
inline constexpr meters::detail::sum_frame_format sum_format{9, 7};
static_assert(sum_format.overhead() == frame_overhead);

/// One decoded frame, data already shifted back (−0x33).
struct frame {
  /// Tag of the constructor that leaves `data` unfilled (decode writes it).
  struct unfilled_t {};
  /// A frame of zeros.
  frame() noexcept : data{} {}
  /// A frame whose `data` the caller fills (all 255 bytes: decode zeroes those past `length`).
  explicit frame(unfilled_t /*tag*/) noexcept {}  // NOLINT(cppcoreguidelines-pro-type-member-init)

  /// The meter address.
  dlt645::address address;
  /// The control byte.
  dlt645::control control;
  /// Number of FE bytes that preceded the frame (informational; not part of the frame).
  std::size_t preamble = 0;
  /// L: bytes of data.
  std::uint8_t length = 0;
  /// The data, −0x33 applied; only the first `length` bytes are meaningful.
  std::array<std::uint8_t, 255> data;

  /// The data bytes (DI first, DI0 first).
  [[nodiscard]] byte_span payload() const noexcept { return byte_span{data.data(), length}; }
};

/// The DL/T 645 checksum: byte sum mod 256.
[[nodiscard]] constexpr std::uint8_t checksum(byte_span bytes) noexcept {
  return meters::detail::byte_sum(bytes);
}

/// Options of the decoder.
struct decode_options {
  /// Largest L accepted (bad_length above). DL/T 645-2007: L <= 200 for reads, <= 50 for writes;
  /// the default 255 accepts every frame the byte can describe.
  std::size_t max_data_length = 255;
  /// When false, a checksum mismatch is ignored (lenient tests of a data field only).
  bool verify_checksum = true;
};

/// Decodes one frame at the start of `bytes`, after any number of FE bytes.
/// ok: `consumed` counts preamble + frame. need_more: a valid prefix (consumed 0). bad_start: no
/// 68 where one must be; bad_length: L above the maximum; bad_checksum; bad_end: no 16. On an
/// error `consumed` is preamble + 1, so a scanner resumes after the rejected start byte.
[[nodiscard]] inline decode_result<frame> decode(byte_span bytes, decode_options options = {}) {
  // One result object, returned from every path (so it is built in the caller's storage) and the
  // frame built in place in it (in_place: not zero-filled first): no copy of the 255-byte array,
  // its data written once.
  auto r = decode_result<frame>::in_place(decode_status::ok, 0, frame::unfilled_t{});
  const auto at = meters::detail::find_sum_frame(bytes, sum_format, options.max_data_length,
                                                 options.verify_checksum);
  r.status = at.status;
  r.consumed = at.consumed;
  if (!at) {
    r.value.reset();
    return r;
  }
  const std::size_t p = at.value->preamble;
  const std::size_t length = at.value->length;
  const byte_span f = bytes.subspan(p);
  frame& out = *r.value;
  for (std::size_t i = 0; i < 6; ++i) out.address.bytes[i] = f[1 + i];
  out.control = control{f[8]};
  out.preamble = p;
  out.length = static_cast<std::uint8_t>(length);
  for (std::size_t i = 0; i < length; ++i) {
    out.data[i] = static_cast<std::uint8_t>(f[10 + i] - data_offset);
  }
  std::memset(out.data.data() + length, 0, out.data.size() - length);
  return r;
}

/// Encodes a frame: `preamble` FE bytes, then 68 address 68 C L data+0x33 CS 16.
/// `data` is plain (DI0 first). Throws submeter::error (invalid_argument) when it exceeds 255
/// bytes; the caller's data, not wire bytes, so throwing is the rule here.
[[nodiscard]] inline std::vector<std::uint8_t> encode(const address& to, control c, byte_span data,
                                                      std::size_t preamble = 4) {
  if (data.size() > 255) {
    throw error(errc::invalid_argument, "DL/T 645 data field longer than 255 bytes",
                {{"length", std::to_string(data.size())}});
  }
  std::vector<std::uint8_t> out;
  out.reserve(preamble + frame_overhead + data.size());
  out.insert(out.end(), preamble, preamble_byte);
  const std::size_t start = out.size();
  out.push_back(start_byte);
  out.insert(out.end(), to.bytes.begin(), to.bytes.end());
  out.push_back(start_byte);
  out.push_back(c.code);
  out.push_back(static_cast<std::uint8_t>(data.size()));
  for (const auto b : data) out.push_back(static_cast<std::uint8_t>(b + data_offset));
  meters::detail::end_sum_frame(out, start);
  return out;
}

/// Re-encodes a decoded frame (with `preamble` FE bytes).
[[nodiscard]] inline std::vector<std::uint8_t> encode(const frame& f, std::size_t preamble = 4) {
  return encode(f.address, f.control, f.payload(), preamble);
}

/// The codec as a frame_scanner sees it.
struct frame_codec {
  using frame_type = frame;
  static constexpr std::uint8_t start_byte = dlt645::start_byte;
  static constexpr std::size_t max_frame_size = dlt645::max_frame_size;
  [[nodiscard]] static decode_result<frame> decode(byte_span bytes) {
    return dlt645::decode(bytes);
  }
};

}  // namespace submeter::meters::dlt645
