// Tests of submeter/meters/cjt188/message.hpp: DI and SER of every vector under its profile.
#include "submeter/meters/cjt188/message.hpp"

#include <gtest/gtest.h>

#include "cjt188/cjt188_vectors.hpp"
#include "vectors.hpp"

namespace cj = submeter::meters::cjt188;
using submeter::meters::test::hex;
using submeter::meters::test::hex_number;

TEST(cjt188_message, di_and_ser_of_every_vector) {
  const auto doc = submeter::meters::test::load_vectors("cjt188.json");
  auto all = doc.at("vectors");
  all.push_back(doc.at("negative_vectors").at(0));
  for (const auto& v : all) {
    const std::string id = v.at("id");
    SCOPED_TRACE(id);
    const auto& e = v.at("expect");
    const auto f = cj::decode(hex(v.at("hex")), cj::decode_options{255, false});
    ASSERT_TRUE(f.ok());
    const auto m = cj::decode_message(*f.value, submeter::meters::test::profile_of_vector(id));
    ASSERT_TRUE(m.ok());
    const std::string want = e.contains("di") ? e.at("di").get<std::string>() : std::string("901F");
    EXPECT_EQ(cj::di_to_string(m.value->di), want);
    if (e.contains("di_wire")) {
      EXPECT_EQ(cj::di_wire(submeter::meters::test::profile_of_vector(id), m.value->di),
                (std::array<std::uint8_t, 2>{hex(e.at("di_wire"))[0], hex(e.at("di_wire"))[1]}));
    }
    if (e.contains("ser")) {
      EXPECT_EQ(m.value->ser, hex_number(e.at("ser")));
    }
  }
}

TEST(cjt188_message, wrong_profile_reads_the_wrong_di) {
  // the SC read request under the 2004 profile reads 1F90, not 901F: profiles matter
  const auto f = cj::decode(hex("FE FE FE FE 68 10 44 33 22 11 00 33 78 01 03 1F 90 00 80 16"));
  EXPECT_EQ(cj::decode_message(*f.value, cj::standard_2004).value->di, 0x1F90);
  EXPECT_EQ(cj::decode_message(*f.value, cj::sc_water).value->di, 0x901F);
}

TEST(cjt188_message, too_short_and_history_dis) {
  const auto f = cj::decode(cj::encode(0x10, cj::address::wildcard(), cj::control{0x01},
                                       std::vector<std::uint8_t>{0x90, 0x1F}));
  EXPECT_EQ(cj::decode_message(*f.value, cj::standard_2004).status,
            submeter::decode_status::bad_length);
  EXPECT_EQ(cj::history_di(1), 0xD120);
  EXPECT_EQ(cj::history_di(12), 0xD12B);
}
