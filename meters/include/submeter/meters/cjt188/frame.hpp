#pragma once
/// \file
/// cjt188::frame: encode and decode one CJ/T 188 frame (water, heat and gas meters).
///
/// CJ/T 188-2004 / protocols.md 3.1: `FE* 68 T A0..A6 C L DATA CS 16`. T is the meter type;
/// the 7-byte address is BCD, A0 first (commonly A0..A4 meter number, A5..A6 manufacturer code);
/// C has D7 direction, D6 abnormal, D5..D0 function; DATA = DI (2) + SER (1) + payload with
/// **no +0x33** (unlike DL/T 645); CS = byte sum mod 256 from 68 through the last data byte.
/// Total decoder: never reads past its input, never throws on wire bytes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/result.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/detail/sum_frame.hpp"
#include "submeter/meters/hex.hpp"

namespace submeter::meters::cjt188 {

/// Start byte.
inline constexpr std::uint8_t start_byte = meters::detail::sum_frame_start;
/// End byte.
inline constexpr std::uint8_t end_byte = meters::detail::sum_frame_end;
/// Preamble byte.
inline constexpr std::uint8_t preamble_byte = meters::detail::sum_frame_preamble;
/// Bytes around the data: 68, T, 7 address, C, L, CS, 16.
inline constexpr std::size_t frame_overhead = 13;
/// The largest frame after its preamble (L = 255).
inline constexpr std::size_t max_frame_size = frame_overhead + 255;
/// The header as the shared frame layer sees it: no second 68, L at 10.
inline constexpr meters::detail::sum_frame_format sum_format{10, 0};
static_assert(sum_format.overhead() == frame_overhead);

/// Meter types T (protocols.md 3.1; KingDa and sdqr headers).
enum class meter_type : std::uint8_t {
  cold_water = 0x10,
  hot_water = 0x11,
  drinking_water = 0x12,
  reclaimed_water = 0x13,
  heat_heating = 0x20,
  heat_cooling = 0x21,
  gas = 0x30,
  custom = 0x40,  ///< custom / electricity
  wildcard = 0xAA,
};

/// The family of a meter type: 1x water, 2x heat, 3x gas (the 901F layout follows it).
enum class meter_family : std::uint8_t { water, heat, gas, other };

/// The family of type byte `t`.
[[nodiscard]] constexpr meter_family family_of(std::uint8_t t) noexcept {
  switch (t >> 4) {
    case 0x1:
      return meter_family::water;
    case 0x2:
      return meter_family::heat;
    case 0x3:
      return meter_family::gas;
    default:
      return meter_family::other;
  }
}

/// Control codes (C & 0x3F), request / reply = | 0x80 / abnormal = | 0xC0 (protocols.md 3.1).
enum class function : std::uint8_t {
  read_data = 0x01,
  read_address = 0x03,
  write_data = 0x04,
  read_key_version = 0x09,
  write_address = 0x15,
  write_sync_data = 0x16,
};

/// The control byte.
struct control {
  std::uint8_t code = 0;
  [[nodiscard]] constexpr bool is_reply() const noexcept { return (code & 0x80) != 0; }
  [[nodiscard]] constexpr bool is_abnormal() const noexcept { return (code & 0x40) != 0; }
  [[nodiscard]] constexpr std::uint8_t function_code() const noexcept {
    return static_cast<std::uint8_t>(code & 0x3F);
  }
  [[nodiscard]] static constexpr control request(function f) noexcept {
    return control{static_cast<std::uint8_t>(f)};
  }
  [[nodiscard]] static constexpr control reply_to(function f, bool abnormal = false) noexcept {
    return control{
        static_cast<std::uint8_t>((abnormal ? 0xC0 : 0x80) | static_cast<std::uint8_t>(f))};
  }
};

/// A 7-byte address; bytes[0] is A0 (sent first).
struct address {
  std::array<std::uint8_t, 7> bytes{};

  /// From text A6..A0 (14 hex characters: BCD digits or AA wildcards). nullopt otherwise.
  [[nodiscard]] static std::optional<address> parse(std::string_view text) {
    if (text.size() != 14) return std::nullopt;
    const auto b = parse_hex(text);
    if (!b) return std::nullopt;
    address a;
    for (std::size_t i = 0; i < 7; ++i) a.bytes[6 - i] = (*b)[i];
    return a;
  }
  /// The wildcard AA × 7.
  [[nodiscard]] static constexpr address wildcard() noexcept {
    return address{{0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA}};
  }
  /// Text A6..A0: "78330011223344".
  [[nodiscard]] std::string to_string() const {
    const std::array<std::uint8_t, 7> msb{bytes[6], bytes[5], bytes[4], bytes[3],
                                          bytes[2], bytes[1], bytes[0]};
    return to_hex(msb, '\0');
  }
  /// A4..A0 as text: the meter number on the common layout ("0011223344").
  [[nodiscard]] std::string meter_number() const { return to_string().substr(4); }
  /// A6 A5 as text: the manufacturer code on the common layout ("7833").
  [[nodiscard]] std::string manufacturer_code() const { return to_string().substr(0, 4); }

  [[nodiscard]] friend constexpr bool operator==(const address& a, const address& b) noexcept {
    for (std::size_t i = 0; i < 7; ++i) {
      if (a.bytes[i] != b.bytes[i]) return false;
    }
    return true;
  }
};

/// One decoded frame (data as on the wire: CJ/T 188 has no offset).
struct frame {
  std::uint8_t meter_type = 0;
  cjt188::address address;
  cjt188::control control;
  /// FE bytes before the frame (informational).
  std::size_t preamble = 0;
  std::uint8_t length = 0;
  std::array<std::uint8_t, 255> data{};

  [[nodiscard]] byte_span payload() const noexcept { return byte_span{data.data(), length}; }
};

/// Byte sum mod 256.
[[nodiscard]] constexpr std::uint8_t checksum(byte_span bytes) noexcept {
  return meters::detail::byte_sum(bytes);
}

/// Options of the decoder.
struct decode_options {
  /// Largest L accepted.
  std::size_t max_data_length = 255;
  /// When false a checksum mismatch is ignored (to read the data of a frame published with a
  /// wrong checksum, like the SC example of protocols.md 3.3). Never for real traffic.
  bool verify_checksum = true;
};

/// Decodes one frame at the start of `bytes`, after any number of FE bytes. Statuses and
/// `consumed` as dlt645::decode: ok (preamble + frame), need_more (0), bad_start / bad_length /
/// bad_checksum / bad_end (preamble + 1).
[[nodiscard]] inline decode_result<frame> decode(byte_span bytes, decode_options options = {}) {
  using result = decode_result<frame>;
  const auto at = meters::detail::find_sum_frame(bytes, sum_format, options.max_data_length,
                                                 options.verify_checksum);
  if (!at) return result::failure(at.status, at.consumed);
  const std::size_t p = at.value->preamble;
  const std::size_t length = at.value->length;
  const byte_span f = bytes.subspan(p);
  frame out;
  out.meter_type = f[1];
  for (std::size_t i = 0; i < 7; ++i) out.address.bytes[i] = f[2 + i];
  out.control = control{f[9]};
  out.preamble = p;
  out.length = static_cast<std::uint8_t>(length);
  for (std::size_t i = 0; i < length; ++i) out.data[i] = f[11 + i];
  return result::success(out, at.consumed);
}

/// Encodes `preamble` FE bytes and a frame. Throws submeter::error for data above 255 bytes.
[[nodiscard]] inline std::vector<std::uint8_t> encode(std::uint8_t type, const address& to,
                                                      control c, byte_span data,
                                                      std::size_t preamble = 4) {
  if (data.size() > 255) {
    throw error(errc::invalid_argument, "CJ/T 188 data field longer than 255 bytes",
                {{"length", std::to_string(data.size())}});
  }
  std::vector<std::uint8_t> out(preamble, preamble_byte);
  const std::size_t start = out.size();
  out.push_back(start_byte);
  out.push_back(type);
  out.insert(out.end(), to.bytes.begin(), to.bytes.end());
  out.push_back(c.code);
  out.push_back(static_cast<std::uint8_t>(data.size()));
  out.insert(out.end(), data.begin(), data.end());
  meters::detail::end_sum_frame(out, start);
  return out;
}

/// Re-encodes a decoded frame.
[[nodiscard]] inline std::vector<std::uint8_t> encode(const frame& f, std::size_t preamble = 4) {
  return encode(f.meter_type, f.address, f.control, f.payload(), preamble);
}

/// The codec as a frame_scanner sees it.
struct frame_codec {
  using frame_type = frame;
  static constexpr std::uint8_t start_byte = cjt188::start_byte;
  static constexpr std::size_t max_frame_size = cjt188::max_frame_size;
  [[nodiscard]] static decode_result<frame> decode(byte_span bytes) {
    return cjt188::decode(bytes);
  }
};

}  // namespace submeter::meters::cjt188
