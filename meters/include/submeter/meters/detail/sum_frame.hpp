#pragma once
/// \file
/// The frame layer DL/T 645 and CJ/T 188 share: `FE* 68 HEADER L DATA CS 16`, where CS is the
/// byte sum mod 256 from the first 68 through the last DATA byte (FE excluded) and L counts the
/// DATA bytes (protocols.md 2.1 and 3.1). Only the header differs (DL/T 645: 6-byte address, a
/// second 68 and C, so L is byte 9; CJ/T 188: meter type, 7-byte address and C, so L is byte 10),
/// so the codecs describe their header with a sum_frame_format and share the rest here.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "submeter/core/result.hpp"
#include "submeter/meters/byte_span.hpp"

namespace submeter::meters::detail {

/// The start byte, end byte and wake-up preamble byte of a sum-checked frame.
inline constexpr std::uint8_t sum_frame_start = 0x68;
inline constexpr std::uint8_t sum_frame_end = 0x16;
inline constexpr std::uint8_t sum_frame_preamble = 0xFE;

/// The byte sum mod 256 (DL/T 645-2007 4.1 CS; CJ/T 188-2004 CS).
[[nodiscard]] constexpr std::uint8_t byte_sum(byte_span bytes) noexcept {
  unsigned sum = 0;
  for (const auto b : bytes) sum += b;
  return static_cast<std::uint8_t>(sum & 0xFFu);
}

/// Where a protocol's header puts things, counted from the first 68.
struct sum_frame_format {
  /// Index of L (DL/T 645: 9; CJ/T 188: 10). DATA starts right after it.
  std::size_t length_index = 0;
  /// Index of a second 68 that must be there (DL/T 645: 7), or 0 when there is none.
  std::size_t second_start = 0;

  /// Bytes of a frame around its data: header through L, then CS and 16.
  [[nodiscard]] constexpr std::size_t overhead() const noexcept { return length_index + 3; }
};

/// Where a frame lies in the input: `preamble` FE bytes, then a frame with `length` data bytes
/// whose data start at preamble + length_index + 1.
struct sum_frame_span {
  std::size_t preamble = 0;
  std::size_t length = 0;
};

/// Finds the frame at the start of `bytes`, after any number of FE bytes, and checks its frame
/// layer. ok: `consumed` counts preamble + frame. need_more: a valid prefix (consumed 0).
/// bad_start: no 68 where one must be; bad_length: L above `max_data_length`; bad_checksum;
/// bad_end: no 16. On an error `consumed` is preamble + 1, so a scanner resumes after the
/// rejected start byte. Never reads outside `bytes`.
[[nodiscard]] inline decode_result<sum_frame_span> find_sum_frame(byte_span bytes,
                                                                  sum_frame_format format,
                                                                  std::size_t max_data_length,
                                                                  bool verify_checksum) {
  using result = decode_result<sum_frame_span>;
  std::size_t p = 0;
  while (p < bytes.size() && bytes[p] == sum_frame_preamble) ++p;
  if (p == bytes.size()) return result::failure(decode_status::need_more);
  const byte_span f = bytes.subspan(p);
  if (f[0] != sum_frame_start) return result::failure(decode_status::bad_start, p + 1);
  if (format.second_start != 0 && f.size() > format.second_start &&
      f[format.second_start] != sum_frame_start) {
    return result::failure(decode_status::bad_start, p + 1);
  }
  const std::size_t l = format.length_index;
  if (f.size() <= l) return result::failure(decode_status::need_more);
  const std::size_t length = f[l];
  if (length > max_data_length) return result::failure(decode_status::bad_length, p + 1);
  const std::size_t total = format.overhead() + length;
  if (f.size() < total) return result::failure(decode_status::need_more);
  if (verify_checksum && byte_sum(f.subspan(0, l + 1 + length)) != f[l + 1 + length]) {
    return result::failure(decode_status::bad_checksum, p + 1);
  }
  if (f[l + 2 + length] != sum_frame_end) return result::failure(decode_status::bad_end, p + 1);
  return result::success(sum_frame_span{p, length}, p + total);
}

/// Ends a frame being encoded into `out`, whose first 68 is at `start`: appends CS (the byte sum
/// from `start`) and 16.
inline void end_sum_frame(std::vector<std::uint8_t>& out, std::size_t start) {
  out.push_back(byte_sum(byte_span{out.data() + start, out.size() - start}));
  out.push_back(sum_frame_end);
}

}  // namespace submeter::meters::detail
