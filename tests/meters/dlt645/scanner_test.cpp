// Tests of submeter/meters/dlt645/scanner.hpp: the 13-frame real stream fed whole, byte by byte
// and in random chunks, with noise, with corrupted frames, and resynchronisation.
#include "submeter/meters/dlt645/scanner.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vectors.hpp"

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;
using submeter::meters::byte_span;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;

namespace {

std::vector<std::uint8_t> stream_bytes() {
  return hex(load_vectors("dlt645-2007.json").at("stream_vectors").at(0).at("hex"));
}

std::vector<dlt::frame> drain(dlt::scanner& s, std::vector<decode_status>* errors = nullptr) {
  std::vector<dlt::frame> out;
  for (auto r = s.next(); r.status != decode_status::need_more; r = s.next()) {
    if (r.ok()) {
      out.push_back(*r.value);
    } else if (errors != nullptr) {
      errors->push_back(r.status);
    }
  }
  return out;
}

}  // namespace

TEST(dlt645_scanner, splits_the_coalesced_13_frame_stream) {
  dlt::scanner s;
  s.feed(stream_bytes());
  const auto frames = drain(s);
  ASSERT_EQ(frames.size(), 13u);
  EXPECT_EQ(frames[0].control.code, 0xD1);
  for (const auto& f : frames) {
    EXPECT_EQ(f.address.to_string(), "000006605518");
  }
  EXPECT_EQ(s.pending(), 0u);
  EXPECT_EQ(s.stats().frames, 13u);
  EXPECT_EQ(s.stats().noise_bytes, 13u * 4u);  // every frame's FE FE FE FE
  EXPECT_EQ(s.stats().rejected_frames, 0u);
}

TEST(dlt645_scanner, byte_by_byte_gives_the_same_frames) {
  const auto bytes = stream_bytes();
  dlt::scanner s;
  std::vector<dlt::frame> frames;
  for (const auto b : bytes) {
    s.feed(byte_span{&b, 1});
    auto more = drain(s);
    frames.insert(frames.end(), more.begin(), more.end());
    EXPECT_LT(s.pending(), dlt::max_frame_size);
  }
  ASSERT_EQ(frames.size(), 13u);
  EXPECT_EQ(dlt::encode(frames[12], 4),
            hex("FE FE FE FE 68 18 55 60 06 00 00 68 91 08 33 37 34 33 4A 3C 33 33 F9 16"));
}

TEST(dlt645_scanner, resynchronises_after_a_bad_checksum_and_garbage) {
  const auto good = hex("68 01 72 00 72 00 00 68 91 08 33 33 34 33 33 33 33 33 E7 16");
  const auto bad_cs = hex("68 01 72 00 72 00 00 68 91 08 33 33 34 33 33 33 33 33 E8 16");
  std::vector<std::uint8_t> bytes = hex("00 12 68 77 FE");  // noise with a false start byte
  bytes.insert(bytes.end(), bad_cs.begin(), bad_cs.end());
  bytes.insert(bytes.end(), good.begin(), good.end());
  bytes.push_back(0x16);  // trailing noise
  dlt::scanner s;
  s.feed(bytes);
  std::vector<decode_status> errors;
  const auto frames = drain(s, &errors);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(dlt::encode(frames[0], 0), good);
  // the false start (68 77 FE 68 …: second 68 missing) and the bad checksum were both rejected
  EXPECT_NE(std::find(errors.begin(), errors.end(), decode_status::bad_checksum), errors.end());
  EXPECT_GE(s.stats().rejected_frames, 2u);
  EXPECT_EQ(s.pending(), 0u);
}

TEST(dlt645_scanner, negative_vectors_yield_no_frames) {
  const auto doc = load_vectors("dlt645-2007.json");
  for (const auto& v : doc.at("negative_vectors")) {
    dlt::scanner s;
    s.feed(hex(v.at("hex")));
    std::vector<decode_status> errors;
    EXPECT_TRUE(drain(s, &errors).empty());
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors.front(), decode_status::bad_checksum);
  }
}

TEST(dlt645_scanner, keeps_an_incomplete_frame_and_reset_drops_it) {
  const auto bytes = hex("FE FE 68 AA AA AA AA AA AA 68 13");
  dlt::scanner s;
  s.feed(bytes);
  EXPECT_EQ(s.next().status, decode_status::need_more);
  EXPECT_EQ(s.pending(), 9u);
  s.reset();
  EXPECT_EQ(s.pending(), 0u);
}

RC_GTEST_PROP(dlt645_scanner, any_chunking_with_noise_between_frames_finds_every_frame,
              (std::vector<std::size_t> cuts, std::vector<std::uint8_t> noise)) {
  // noise without start bytes between two copies of the stream
  for (auto& b : noise) {
    if (b == 0x68) b = 0x00;
  }
  auto bytes = stream_bytes();
  const auto copy = bytes;
  bytes.insert(bytes.end(), noise.begin(), noise.end());
  bytes.insert(bytes.end(), copy.begin(), copy.end());
  dlt::scanner s;
  std::size_t at = 0;
  std::size_t found = 0;
  for (const auto c : cuts) {
    const std::size_t n = std::min(c % 64, bytes.size() - at);
    s.feed(byte_span{bytes.data() + at, n});
    at += n;
    found += drain(s).size();
  }
  s.feed(byte_span{bytes.data() + at, bytes.size() - at});
  found += drain(s).size();
  RC_ASSERT(found == 26u);
}
