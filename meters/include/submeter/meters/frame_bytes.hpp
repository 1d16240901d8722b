#pragma once
/// \file
/// frame_bytes: up to 255 bytes of a frame's data field, held inline (no allocation).
///
/// DL/T 645 and CJ/T 188 carry at most 255 data bytes in a frame (L is one byte), so a decoded
/// reply keeps its data in a fixed array instead of a std::vector: decoding a read reply makes no
/// allocation for it (issue 23). The container reads like a vector of bytes (data, size, begin,
/// end, operator[]), converts to byte_span, and compares equal to any byte_span or vector holding
/// the same bytes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/meters/byte_span.hpp"

namespace submeter::meters {

/// At most 255 bytes, held inline. Only the first size() bytes are meaningful (and copied).
class frame_bytes {
 public:
  /// A byte.
  using value_type = std::uint8_t;
  /// A count of bytes.
  using size_type = std::size_t;
  /// A pointer into the bytes (contiguous).
  using iterator = std::uint8_t*;
  /// A read-only pointer into the bytes.
  using const_iterator = const std::uint8_t*;

  /// No bytes. User-provided so that the array is not zero-filled first.
  frame_bytes() noexcept {}  // NOLINT(cppcoreguidelines-pro-type-member-init)
  /// A copy of `bytes`. Throws submeter::error (invalid_argument) above capacity() bytes: the
  /// caller's data, never wire bytes (a decoder's data field cannot be longer).
  explicit frame_bytes(byte_span bytes) { assign(bytes); }
  /// Copies the first size() bytes only.
  frame_bytes(const frame_bytes& other) noexcept  // NOLINT(cppcoreguidelines-pro-type-member-init)
      : size_(other.size_) {
    std::memcpy(bytes_.data(), other.bytes_.data(), size_);
  }
  /// Copies the first size() bytes only (self-assignment is harmless).
  frame_bytes& operator=(const frame_bytes& other) noexcept {
    size_ = other.size_;
    std::memmove(bytes_.data(), other.bytes_.data(), size_);
    return *this;
  }
  /// Nothing to free.
  ~frame_bytes() = default;

  /// Replaces the bytes by a copy of `bytes`; throws as the constructor does (then unchanged).
  void assign(byte_span bytes) {
    if (bytes.size() > capacity()) {
      throw error(errc::invalid_argument, "frame data longer than 255 bytes",
                  {{"length", std::to_string(bytes.size())}, {"expected", "at most 255 bytes"}});
    }
    size_ = static_cast<std::uint8_t>(bytes.size());
    if (size_ != 0) std::memmove(bytes_.data(), bytes.data(), size_);
  }
  /// No bytes.
  void clear() noexcept { size_ = 0; }

  /// The first byte (the array's start, also when empty).
  [[nodiscard]] std::uint8_t* data() noexcept { return bytes_.data(); }
  /// The first byte (the array's start, also when empty).
  [[nodiscard]] const std::uint8_t* data() const noexcept { return bytes_.data(); }
  /// How many bytes are held, 0..255.
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// True when no byte is held.
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  /// The most bytes a frame's data field holds (L is one byte): 255.
  [[nodiscard]] static constexpr std::size_t capacity() noexcept { return capacity_; }
  /// The first byte.
  [[nodiscard]] iterator begin() noexcept { return bytes_.data(); }
  /// Past the last byte held.
  [[nodiscard]] iterator end() noexcept { return bytes_.data() + size_; }
  /// The first byte.
  [[nodiscard]] const_iterator begin() const noexcept { return bytes_.data(); }
  /// Past the last byte held.
  [[nodiscard]] const_iterator end() const noexcept { return bytes_.data() + size_; }
  /// The byte at `i`; precondition i < size().
  [[nodiscard]] std::uint8_t& operator[](std::size_t i) noexcept { return bytes_[i]; }
  /// The byte at `i`; precondition i < size().
  [[nodiscard]] std::uint8_t operator[](std::size_t i) const noexcept { return bytes_[i]; }

  /// A view of the bytes (valid while this object lives and is not changed).
  operator byte_span() const noexcept {  // NOLINT(google-explicit-constructor): a view, as vector
    return byte_span{bytes_.data(), size_};
  }
  /// A copy of the bytes in a vector.
  [[nodiscard]] std::vector<std::uint8_t> to_vector() const { return {begin(), end()}; }

  /// Equal when they hold the same bytes (a vector or array compares through byte_span).
  friend bool operator==(const frame_bytes& a, byte_span b) noexcept {
    return a.size() == b.size() && (a.size_ == 0 || std::memcmp(a.data(), b.data(), a.size_) == 0);
  }
  /// Equal when they hold the same bytes.
  friend bool operator==(byte_span a, const frame_bytes& b) noexcept { return b == a; }
  /// Equal when they hold the same bytes (what lies past size() does not count).
  friend bool operator==(const frame_bytes& a, const frame_bytes& b) noexcept {
    return a == byte_span(b);
  }
  /// Not equal: different sizes or bytes.
  friend bool operator!=(const frame_bytes& a, byte_span b) noexcept { return !(a == b); }
  /// Not equal: different sizes or bytes.
  friend bool operator!=(byte_span a, const frame_bytes& b) noexcept { return !(b == a); }
  /// Not equal: different sizes or bytes.
  friend bool operator!=(const frame_bytes& a, const frame_bytes& b) noexcept { return !(a == b); }

 private:
  static constexpr std::size_t capacity_ = 255;
  std::array<std::uint8_t, capacity_> bytes_;
  std::uint8_t size_ = 0;
};

}  // namespace submeter::meters
