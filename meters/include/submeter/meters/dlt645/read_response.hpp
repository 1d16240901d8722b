#pragma once
/// \file
/// Decoding a DL/T 645 reply to a read (normal, follow-up, or abnormal with its error word).
///
/// DL/T 645-2007 7.1 / protocols.md 2.2: a normal reply 91 (B1 when follow-up frames come)
/// carries DI + data; a follow-up reply 92/B2 carries DI + data + SEQ; an abnormal reply D1/D2
/// carries one error word. `D1 01 35` (error word 02, "no requested data") is the normal answer
/// of a meter to a DI it lacks: it decodes ok here, with `error` set, and is not a transport
/// error. DL/T 645-1997 replies (81/C1, 2-byte DI) decode with edition::v1997.

#include <cstdint>
#include <optional>

#include "submeter/core/result.hpp"
#include "submeter/meters/dlt645/control.hpp"
#include "submeter/meters/dlt645/data_identifier.hpp"
#include "submeter/meters/dlt645/frame.hpp"
#include "submeter/meters/dlt645/item_value.hpp"
#include "submeter/meters/frame_bytes.hpp"

namespace submeter::meters::dlt645 {

/// A decoded read reply.
struct read_response {
  /// A reply with no values and no bytes. User-provided so that a reply starts from its member
  /// initializers alone (no zero fill of the inline values and bytes, 2 KB, first).
  read_response() noexcept {}  // NOLINT(modernize-use-equals-default)

  /// Which meter answered.
  dlt645::address address;
  /// The DI read (0 for an abnormal reply, which does not repeat it).
  std::uint32_t di = 0;
  /// The DI's catalogue row, or nullptr when the DI is not in the catalogue (data kept raw).
  const di_entry* entry = nullptr;
  /// The decoded values (empty for an unknown DI, an abnormal reply, or a frame of a multi-frame
  /// item: B1, B2 and 92 carry pieces that follow_up_reader joins). Inline up to 16 values.
  item_values values;
  /// The data after the DI (and before SEQ), −0x33 applied; inline (at most 255 bytes).
  frame_bytes raw;
  /// D5: the meter has more frames; read them with read_follow_up.
  bool more_follows = false;
  /// SEQ of a follow-up reply (92/B2).
  std::optional<std::uint8_t> sequence;
  /// Set for an abnormal reply (D1/D2, 1997: C1): the meter's error word.
  std::optional<error_word> error;

  /// True when the meter answered that it does not have this item (error word 02).
  [[nodiscard]] bool not_supported() const noexcept { return error && error->is_not_supported(); }
};

namespace detail {

/// decode_read_response into `r` (a default read_response): the status only. On an error `r`
/// holds what was decoded so far (decode_read_response drops it).
[[nodiscard]] inline decode_status decode_read_response_into(const frame& f, edition ed,
                                                             read_response& r) {
  const control c = f.control;
  const auto fn = c.function_code();
  const bool read_fn =
      ed == edition::v2007 ? (fn == 0x11 || fn == 0x12) : (fn == 0x01 || fn == 0x02);
  if (!c.is_reply() || !read_fn) return decode_status::unsupported;
  r.address = f.address;
  r.more_follows = c.has_follow_up();
  const byte_span data = f.payload();
  if (c.is_abnormal()) {
    if (data.size() != 1) return decode_status::bad_length;
    r.error = error_word{data[0]};
    return decode_status::ok;
  }
  const std::size_t di_size = ed == edition::v2007 ? 4 : 2;
  const bool follow_up_fn = fn == 0x12 || (ed == edition::v1997 && fn == 0x02);
  const std::size_t tail = follow_up_fn ? 1 : 0;
  if (data.size() < di_size + tail) return decode_status::bad_length;
  for (std::size_t i = di_size; i-- > 0;) r.di = r.di << 8 | data[i];
  const byte_span item = data.subspan(di_size, data.size() - di_size - tail);
  if (follow_up_fn) r.sequence = data[data.size() - 1];
  {
    // The copy goes to the library's memmove: GCC otherwise inlines a copy it knows to be short
    // (a frame's data is at most 255 bytes) as `rep movsq`, whose start-up alone costs more
    // than the whole reply's copy (a third of the decode, issue 23).
    std::size_t n = item.size();
#if defined(__GNUC__)
    __asm__("" : "+r"(n));  // the size is opaque to the optimiser
#endif
    r.raw.assign(byte_span{item.data(), n});
  }
  r.entry = find_di(r.di, ed);
  // A frame of a multi-frame item (B1, B2, 92) carries a piece that may end mid-element: keep it
  // raw; follow_up_reader joins the pieces and decode_item decodes the whole.
  if (r.entry != nullptr && !r.more_follows && !follow_up_fn) {
    if (item.empty()) return decode_status::bad_length;  // a known DI without data
    // Decoded in place in the reply (no container moved in).
    return decode_item_into(item, *r.entry, r.di, r.values);
  }
  return decode_status::ok;
}

}  // namespace detail

/// Decodes a read reply frame.
/// 2007: C = 91/B1, 92/B2 (follow-up, last data byte = SEQ) or D1/D2 (error word).
/// 1997: C = 81/A1 or C1. unsupported: any other control code (a request, a write reply);
/// bad_length: data too short for the DI (or an abnormal reply without exactly one byte);
/// bad_value: a BCD digit above 9 in a catalogued item.
[[nodiscard]] inline decode_result<read_response> decode_read_response(
    const frame& f, edition ed = edition::v2007) {
  // One result object, returned by name from its only return (so it is built in the caller's
  // storage: the reply holds its values and bytes inline, a copy would cost as much as the
  // decode), the reply decoded in place in it (in_place: not zero-filled first).
  auto out = decode_result<read_response>::in_place(decode_status::ok, 0);
  out.status = detail::decode_read_response_into(f, ed, *out.value);
  out.consumed = out.ok() ? f.payload().size() : 0;
  if (!out.ok()) out.value.reset();
  return out;
}

}  // namespace submeter::meters::dlt645
