#pragma once
/// \file
/// byte_span: a read-only view of wire bytes (pointer + length), the input of every codec.
///
/// protocols.md 8 "Sans-IO": codecs take bytes and return values or a status. std::span is C++20,
/// so the meters layer has this small view of its own.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace submeter::meters {

/// A non-owning view of `size()` bytes starting at `data()`. Never reads outside them.
class byte_span {
 public:
  /// An empty view.
  constexpr byte_span() noexcept = default;
  /// A view of `size` bytes at `data` (`data` may be null only when `size` is 0).
  constexpr byte_span(const std::uint8_t* data, std::size_t size) noexcept
      : data_(data), size_(size) {}
  /// A view of a vector's bytes.
  byte_span(const std::vector<std::uint8_t>& bytes) noexcept  // NOLINT: implicit on purpose
      : data_(bytes.data()), size_(bytes.size()) {}
  /// A view of an array's bytes.
  template <std::size_t N>
  constexpr byte_span(const std::array<std::uint8_t, N>& bytes) noexcept  // NOLINT: implicit
      : data_(bytes.data()), size_(N) {}

  [[nodiscard]] constexpr const std::uint8_t* data() const noexcept { return data_; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  /// The byte at `i`; precondition i < size().
  [[nodiscard]] constexpr std::uint8_t operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] constexpr const std::uint8_t* begin() const noexcept { return data_; }
  [[nodiscard]] constexpr const std::uint8_t* end() const noexcept { return data_ + size_; }
  /// The bytes from `offset` on (clamped: empty when offset >= size()).
  [[nodiscard]] constexpr byte_span subspan(std::size_t offset) const noexcept {
    return offset >= size_ ? byte_span{} : byte_span{data_ + offset, size_ - offset};
  }
  /// At most `count` bytes from `offset` (clamped to the view).
  [[nodiscard]] constexpr byte_span subspan(std::size_t offset, std::size_t count) const noexcept {
    if (offset >= size_) return byte_span{};
    const std::size_t rest = size_ - offset;
    return byte_span{data_ + offset, count < rest ? count : rest};
  }
  /// A copy of the bytes.
  [[nodiscard]] std::vector<std::uint8_t> to_vector() const { return {begin(), end()}; }

 private:
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace submeter::meters
