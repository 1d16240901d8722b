#pragma once
// Internal to `submeter decode` (decode_command.cpp registers `decode`; decode_dlt645.cpp,
// decode_cjt188.cpp and decode_modbus.cpp each add one protocol): the hex input, the refusals and
// the hex fields every protocol's JSON shares.
#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/result.hpp"
#include "submeter/meters/hex.hpp"

namespace submeter::cli::decode {

using json = nlohmann::ordered_json;

/// `submeter decode dlt645 <hex> [--edition auto|2007|1997]` (decode_dlt645.cpp).
void add_dlt645(CLI::App& parent, context& ctx);

/// `submeter decode cjt188 <hex> [--profile P]` (decode_cjt188.cpp).
void add_cjt188(CLI::App& parent, context& ctx);

/// `submeter decode modbus <hex> [--rtu|--tcp] [--request|--response] [--map M --start N]`
/// (decode_modbus.cpp).
void add_modbus(CLI::App& parent, context& ctx);

/// One byte as two hex digits, "9A".
inline std::string hex8(unsigned v) {
  const std::uint8_t b = static_cast<std::uint8_t>(v & 0xFFu);
  return meters::to_hex(std::vector<std::uint8_t>{b}, '\0');
}

/// Two bytes, high first, "01F4".
inline std::string hex16(unsigned v) {
  return meters::to_hex(std::vector<std::uint8_t>{static_cast<std::uint8_t>((v >> 8) & 0xFFu),
                                                  static_cast<std::uint8_t>(v & 0xFFu)},
                        '\0');
}

/// Four bytes, high first.
inline std::string hex32(std::uint32_t v) { return hex16(v >> 16) + hex16(v & 0xFFFFu); }

/// The bytes of `text`, or errc::parse naming the problem.
inline std::vector<std::uint8_t> bytes_of(const std::string& text) {
  auto bytes = meters::parse_hex(text);
  if (!bytes) {
    throw error(errc::parse, "bad_hex: not hex bytes (pairs of 0-9 A-F, separated or not)",
                {{"text", text.size() > 60 ? text.substr(0, 60) + "…" : text}});
  }
  if (bytes->empty()) throw error(errc::parse, "bad_hex: no bytes given");
  return *bytes;
}

/// Refuses a frame the decoder did not accept, naming its status.
[[noreturn]] inline void refuse(const char* what, decode_status s, std::size_t size) {
  const std::string status(to_string(s));
  const std::string why = s == decode_status::need_more ? "incomplete " : "refused ";
  throw error(errc::parse, status + ": " + why + what, {{"bytes", std::to_string(size)}});
}

/// Refuses bytes after the frame the decoder accepted.
inline void refuse_trailing(const char* what, std::size_t consumed, std::size_t size) {
  if (consumed < size) {
    throw error(errc::parse, std::string("trailing_bytes: bytes after the ") + what,
                {{"frame_bytes", std::to_string(consumed)},
                 {"extra_bytes", std::to_string(size - consumed)}});
  }
}

}  // namespace submeter::cli::decode
