// Tests of submeter/meters/frame_bytes.hpp: empty, full (255 bytes), too long, copies,
// comparisons with vectors and byte_span, and the view.
#include "submeter/meters/frame_bytes.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <type_traits>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"

using submeter::meters::byte_span;
using submeter::meters::frame_bytes;

namespace {

std::vector<std::uint8_t> frame_bytes_test_counting(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  std::iota(v.begin(), v.end(), std::uint8_t{1});
  return v;
}

}  // namespace

TEST(frame_bytes, starts_empty) {
  const frame_bytes b;
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.size(), 0u);
  EXPECT_EQ(b.begin(), b.end());
  EXPECT_EQ(b, std::vector<std::uint8_t>{});
  EXPECT_EQ(byte_span(b).size(), 0u);
  EXPECT_TRUE(b.to_vector().empty());
  EXPECT_EQ(frame_bytes::capacity(), 255u);
  static_assert(std::is_nothrow_copy_constructible_v<frame_bytes>);
}

TEST(frame_bytes, holds_a_full_data_field) {
  const auto bytes = frame_bytes_test_counting(255);
  const frame_bytes b{bytes};
  EXPECT_EQ(b.size(), 255u);
  EXPECT_FALSE(b.empty());
  EXPECT_EQ(b, bytes);
  EXPECT_EQ(bytes, b);
  EXPECT_EQ(b[0], 1);
  EXPECT_EQ(b[254], 255);
  EXPECT_EQ(b.to_vector(), bytes);
  EXPECT_EQ(std::vector<std::uint8_t>(b.begin(), b.end()), bytes);
  const byte_span view = b;
  EXPECT_EQ(view.data(), b.data());
  EXPECT_EQ(view.size(), 255u);
}

TEST(frame_bytes, refuses_more_than_255_bytes_and_stays_unchanged) {
  const auto too_long = frame_bytes_test_counting(256);
  EXPECT_THROW(frame_bytes{too_long}, submeter::error);
  frame_bytes b{std::vector<std::uint8_t>{7, 8}};
  try {
    b.assign(too_long);
    FAIL() << "256 bytes were accepted";
  } catch (const submeter::error& e) {
    EXPECT_EQ(e.code(), submeter::errc::invalid_argument);
  }
  EXPECT_EQ(b, (std::vector<std::uint8_t>{7, 8}));
}

TEST(frame_bytes, copies_are_equal_and_independent) {
  const auto bytes = frame_bytes_test_counting(255);
  frame_bytes a{bytes};
  frame_bytes copy = a;
  EXPECT_EQ(copy, a);
  copy[0] = 0xEE;
  EXPECT_NE(copy, a);
  EXPECT_EQ(a[0], 1);

  frame_bytes shorter{std::vector<std::uint8_t>{9}};
  shorter = a;  // grows to 255
  EXPECT_EQ(shorter, bytes);
  a = frame_bytes{};  // shrinks to nothing
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(shorter.size(), 255u);
  const frame_bytes moved = std::move(shorter);
  EXPECT_EQ(moved, bytes);

  frame_bytes self{std::vector<std::uint8_t>{1, 2, 3}};
  const frame_bytes& alias = self;
  self = alias;
  EXPECT_EQ(self, (std::vector<std::uint8_t>{1, 2, 3}));
}

TEST(frame_bytes, compares_by_bytes_not_capacity) {
  const frame_bytes a{std::vector<std::uint8_t>{1, 2, 3}};
  EXPECT_NE(a, (std::vector<std::uint8_t>{1, 2}));
  EXPECT_NE(a, (std::vector<std::uint8_t>{1, 2, 4}));
  EXPECT_EQ(a, (std::vector<std::uint8_t>{1, 2, 3}));
  frame_bytes b{std::vector<std::uint8_t>{1, 2, 3, 4}};
  EXPECT_NE(a, b);
  b.assign(std::vector<std::uint8_t>{1, 2, 3});
  EXPECT_EQ(a, b);
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b, frame_bytes{});
}
