// Tests of submeter/meters/cjt188/frame.hpp: every CJ/T 188 vector decodes and re-encodes; the
// SC reply published with a wrong checksum is refused for its checksum.
#include "submeter/meters/cjt188/frame.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vectors.hpp"

namespace cj = submeter::meters::cjt188;
using submeter::decode_status;
using submeter::meters::test::hex;
using submeter::meters::test::hex_number;
using submeter::meters::test::load_vectors;

TEST(cjt188_frame, every_vector_decodes_and_reencodes) {
  const auto doc = load_vectors("cjt188.json");
  ASSERT_EQ(doc.at("vectors").size(), 10u);
  for (const auto& v : doc.at("vectors")) {
    SCOPED_TRACE(v.at("id").get<std::string>());
    const auto bytes = hex(v.at("hex"));
    const auto r = cj::decode(bytes);
    ASSERT_TRUE(r.ok()) << submeter::to_string(r.status);
    EXPECT_EQ(r.consumed, bytes.size());
    const auto& e = v.at("expect");
    const auto& f = *r.value;
    EXPECT_EQ(f.control.code, hex_number(e.at("control")));
    EXPECT_EQ(f.length, e.at("length").get<int>());
    if (e.contains("meter_type")) {
      EXPECT_EQ(f.meter_type, hex_number(e.at("meter_type").get<std::string>().substr(0, 2)));
    }
    if (e.contains("address_A6_A0")) {
      EXPECT_EQ(f.address.to_string(), e.at("address_A6_A0").get<std::string>());
    }
    if (e.contains("meter_number")) {
      EXPECT_EQ(f.address.meter_number(), e.at("meter_number").get<std::string>());
    }
    if (e.contains("manufacturer_code")) {
      EXPECT_EQ(f.address.manufacturer_code(), e.at("manufacturer_code").get<std::string>());
    }
    if (e.contains("preamble")) {
      EXPECT_EQ(f.preamble, e.at("preamble").get<std::size_t>());
    }
    EXPECT_EQ(cj::encode(f, f.preamble), bytes);
  }
}

TEST(cjt188_frame, published_bad_checksum_is_refused_for_its_checksum) {
  const auto doc = load_vectors("cjt188.json");
  const auto& v = doc.at("negative_vectors").at(0);
  const auto bytes = hex(v.at("hex"));
  const auto r = cj::decode(bytes);
  EXPECT_EQ(r.status, decode_status::bad_checksum);
  EXPECT_EQ(r.consumed, 5u);  // 4 FE + the rejected start byte
  // the computed checksum is the one the vector states
  const auto& e = v.at("expect");
  EXPECT_EQ(cj::checksum(submeter::meters::byte_span{bytes.data() + 4, bytes.size() - 6}),
            hex_number(e.at("cs_computed")));
  EXPECT_EQ(bytes[bytes.size() - 2], hex_number(e.at("cs_in_frame")));
  EXPECT_TRUE(cj::decode(bytes, cj::decode_options{255, false}).ok());
}

TEST(cjt188_frame, no_data_offset_unlike_dlt645) {
  const std::vector<std::uint8_t> data{0x90, 0x1F, 0x00};
  const auto wire =
      cj::encode(0x10, *cj::address::parse("00000000000012"), cj::control{0x01}, data, 0);
  EXPECT_EQ(wire, hex("68 10 12 00 00 00 00 00 00 01 03 90 1F 00 3D 16"));
}

TEST(cjt188_frame, short_and_broken_frames) {
  const auto good = hex("68 10 12 00 00 00 00 00 00 01 03 90 1F 00 3D 16");
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_EQ(cj::decode(submeter::meters::byte_span{good.data(), n}).status,
              decode_status::need_more);
  }
  auto bad_end = good;
  bad_end.back() = 0x17;
  EXPECT_EQ(cj::decode(bad_end).status, decode_status::bad_end);
  EXPECT_EQ(cj::decode(hex("FE 00")).status, decode_status::bad_start);
  EXPECT_EQ(cj::decode(good, cj::decode_options{2, true}).status, decode_status::bad_length);
}

TEST(cjt188_frame, address_parts_and_families) {
  const auto a = cj::address::parse("78330011223344");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->bytes[0], 0x44);
  EXPECT_EQ(a->meter_number(), "0011223344");
  EXPECT_EQ(a->manufacturer_code(), "7833");
  EXPECT_FALSE(cj::address::parse("7833001122334"));
  EXPECT_EQ(cj::family_of(0x10), cj::meter_family::water);
  EXPECT_EQ(cj::family_of(0x21), cj::meter_family::heat);
  EXPECT_EQ(cj::family_of(0x30), cj::meter_family::gas);
  EXPECT_EQ(cj::family_of(0xAA), cj::meter_family::other);
  EXPECT_TRUE(cj::control{0xC1}.is_abnormal());
  EXPECT_EQ(cj::control::reply_to(cj::function::write_data).code, 0x84);
}

RC_GTEST_PROP(cjt188_frame, round_trips,
              (std::uint8_t type, std::array<std::uint8_t, 7> addr, std::uint8_t c,
               std::vector<std::uint8_t> data)) {
  if (data.size() > 255) data.resize(255);
  const cj::address a{addr};
  const auto wire = cj::encode(type, a, cj::control{c}, data, 2);
  const auto r = cj::decode(wire);
  RC_ASSERT(r.ok());
  RC_ASSERT(r.value->meter_type == type);
  RC_ASSERT(r.value->address == a);
  RC_ASSERT(r.value->payload().to_vector() == data);
}
