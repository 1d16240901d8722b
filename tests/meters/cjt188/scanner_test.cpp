// Tests of submeter/meters/cjt188/scanner.hpp: all vectors back to back, with noise and the
// bad-checksum frame in the middle.
#include "submeter/meters/cjt188/scanner.hpp"

#include <gtest/gtest.h>

#include "vectors.hpp"

namespace cj = submeter::meters::cjt188;
using submeter::decode_status;
using submeter::meters::test::hex;

TEST(cjt188_scanner, finds_every_good_frame_and_drops_the_bad_one) {
  const auto doc = submeter::meters::test::load_vectors("cjt188.json");
  std::vector<std::uint8_t> bytes;
  std::size_t n = 0;
  for (const auto& v : doc.at("vectors")) {
    const auto b = hex(v.at("hex"));
    bytes.insert(bytes.end(), b.begin(), b.end());
    bytes.push_back(0x00);  // noise between frames
    if (++n == 5) {
      const auto bad = hex(doc.at("negative_vectors").at(0).at("hex"));
      bytes.insert(bytes.end(), bad.begin(), bad.end());
    }
  }
  cj::scanner s;
  std::size_t frames = 0;
  std::size_t bad_checksums = 0;
  for (std::size_t i = 0; i < bytes.size(); i += 7) {
    s.feed(submeter::meters::byte_span{bytes.data(), bytes.size()}.subspan(i, 7));
    for (auto r = s.next(); r.status != decode_status::need_more; r = s.next()) {
      if (r.ok()) ++frames;
      if (r.status == decode_status::bad_checksum) ++bad_checksums;
    }
  }
  EXPECT_EQ(frames, 10u);
  EXPECT_GE(bad_checksums, 1u);
  EXPECT_EQ(s.pending(), 0u);
}
