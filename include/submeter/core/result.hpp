#pragma once
/// \file
/// decode_result: what a codec returns instead of throwing on wire bytes.
///
/// DESIGN.md "Errors": codecs never throw on wire bytes; they return a status and the number of
/// bytes consumed, so a stream reader knows how far to advance whatever the outcome.

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace submeter {

/// The outcome of decoding bytes.
enum class decode_status {
  ok,            ///< a value was decoded
  need_more,     ///< the bytes so far are a valid prefix; feed more
  bad_start,     ///< no start byte where one must be
  bad_length,    ///< a length field that is impossible or above the maximum frame size
  bad_checksum,  ///< checksum or CRC mismatch
  bad_end,       ///< missing end byte
  bad_value,     ///< a field that is not what its format allows (e.g. a BCD nibble above 9)
  unsupported,   ///< well formed, but not a frame, code or identifier this codec knows
};

/// The name of a status, e.g. "bad_checksum".
[[nodiscard]] constexpr std::string_view to_string(decode_status status) noexcept {
  switch (status) {
    case decode_status::ok:
      return "ok";
    case decode_status::need_more:
      return "need_more";
    case decode_status::bad_start:
      return "bad_start";
    case decode_status::bad_length:
      return "bad_length";
    case decode_status::bad_checksum:
      return "bad_checksum";
    case decode_status::bad_end:
      return "bad_end";
    case decode_status::bad_value:
      return "bad_value";
    case decode_status::unsupported:
      return "unsupported";
  }
  return "unknown";
}

/// A decoded value (present only when status is ok) and the bytes consumed.
/// `consumed` is meaningful for every status: on ok it is the frame length; on an error it is how
/// many bytes a scanner may drop before trying again; on need_more it is 0.
template <class T>
struct decode_result {
  decode_status status = decode_status::need_more;
  std::size_t consumed = 0;
  std::optional<T> value;

  /// True when a value was decoded.
  [[nodiscard]] constexpr bool ok() const noexcept { return status == decode_status::ok; }
  [[nodiscard]] constexpr explicit operator bool() const noexcept { return ok(); }

  /// A successful result.
  [[nodiscard]] static decode_result success(T v, std::size_t consumed_bytes) {
    return decode_result{decode_status::ok, consumed_bytes, std::optional<T>(std::move(v))};
  }
  /// A failed result (any status but ok).
  [[nodiscard]] static constexpr decode_result failure(decode_status s,
                                                       std::size_t consumed_bytes = 0) {
    return decode_result{s, consumed_bytes, std::nullopt};
  }
  /// A result with status `s`, `consumed_bytes`, and a value constructed in place from `args`:
  /// for a decoder that fills a large value where it lies (`auto r = in_place(...)`, fill
  /// `*r.value`, `return r;`). Returned as a prvalue built from the parameters, so the value is
  /// neither copied nor zero-filled first: GCC 12 zero-fills the whole storage of a
  /// default-constructed std::optional, and clears a whole aggregate before initialising it when
  /// some of its initialisers are constants and a member's type has a non-trivial destructor
  /// (a DL/T 645 frame: 12 of its 35 ns; a read reply, 2 KB: 10 of 108 ns; issue 23).
  template <class... Args>
  [[nodiscard]] static decode_result in_place(decode_status s, std::size_t consumed_bytes,
                                              Args&&... args) {
    return decode_result{s, consumed_bytes,
                         std::optional<T>(std::in_place, std::forward<Args>(args)...)};
  }
};

}  // namespace submeter
