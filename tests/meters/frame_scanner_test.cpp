// Tests of submeter/meters/frame_scanner.hpp with a toy codec (start byte 0x68, one length byte,
// payload, end 0x16), independent of any protocol.
#include "submeter/meters/frame_scanner.hpp"

#include <gtest/gtest.h>

using namespace submeter::meters;
using submeter::decode_result;
using submeter::decode_status;

namespace {
struct toy_codec {
  using frame_type = std::vector<std::uint8_t>;
  static constexpr std::uint8_t start_byte = 0x68;
  static constexpr std::size_t max_frame_size = 3 + 8;
  static decode_result<frame_type> decode(byte_span b) {
    if (b.size() < 2) return decode_result<frame_type>::failure(decode_status::need_more);
    if (b[1] > 8) return decode_result<frame_type>::failure(decode_status::bad_length, 1);
    const std::size_t n = 3u + b[1];
    if (b.size() < n) return decode_result<frame_type>::failure(decode_status::need_more);
    if (b[n - 1] != 0x16) return decode_result<frame_type>::failure(decode_status::bad_end, 1);
    return decode_result<frame_type>::success(b.subspan(2, b[1]).to_vector(), n);
  }
};
}  // namespace

TEST(frame_scanner, noise_frames_and_errors) {
  frame_scanner<toy_codec> s;
  const std::vector<std::uint8_t> bytes{0x00, 0x68, 0x09, 0x68, 0x01, 0xAB,
                                        0x16, 0x68, 0x00, 0x17, 0x68};
  s.feed(bytes);
  auto r = s.next();
  EXPECT_EQ(r.status, decode_status::bad_length);  // 68 09: length above 8
  r = s.next();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r.value, std::vector<std::uint8_t>{0xAB});
  r = s.next();
  EXPECT_EQ(r.status, decode_status::bad_end);
  EXPECT_EQ(s.next().status, decode_status::need_more);
  EXPECT_EQ(s.pending(), 1u);  // the last 68 may start a frame
  EXPECT_EQ(s.stats().noise_bytes,
            4u);  // 00; 09 after the first rejected 68; 00 17 after the second
  EXPECT_EQ(s.stats().rejected_frames, 2u);
  const std::vector<std::uint8_t> rest{0x00, 0x16};
  s.feed(rest);
  r = s.next();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value->empty());
}
