// Tests of submeter/meters/cjt188/request.hpp: request builders reproduce the vectors.
#include "submeter/meters/cjt188/request.hpp"

#include <gtest/gtest.h>

#include "vectors.hpp"

namespace cj = submeter::meters::cjt188;
using submeter::meters::test::hex;

TEST(cjt188_request, read_requests_match_the_vectors) {
  EXPECT_EQ(cj::read_data(cj::sc_water, 0x10, *cj::address::parse("78330011223344"), 0x00),
            hex("FE FE FE FE 68 10 44 33 22 11 00 33 78 01 03 1F 90 00 80 16"));
  EXPECT_EQ(cj::read_data(cj::jy_heat, 0x20, *cj::address::parse("00000040314132"), 0x01),
            hex("FE FE FE FE 68 20 32 41 31 40 00 00 00 01 03 90 1F 01 20 16"));
  cj::profile no_preamble = cj::standard_2004;
  no_preamble.preamble = 0;
  EXPECT_EQ(cj::read_data(no_preamble, 0x10, *cj::address::parse("00000000000012"), 0x00),
            hex("68 10 12 00 00 00 00 00 00 01 03 90 1F 00 3D 16"));
}

TEST(cjt188_request, read_address_matches_the_vector) {
  EXPECT_EQ(cj::read_address(cj::standard_2004),
            hex("FE FE FE FE 68 AA AA AA AA AA AA AA AA 03 03 81 0A 00 49 16"));
}

TEST(cjt188_request, history_and_write_items) {
  const auto a = *cj::address::parse("00000000000012");
  const auto f = cj::decode(cj::read_data(cj::standard_2018, 0x10, a, 7, cj::history_di(3)));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value->payload().to_vector(), (std::vector<std::uint8_t>{0x22, 0xD1, 0x07}));
  const std::vector<std::uint8_t> purchase{0x01, 0x00, 0x50, 0x00, 0x00};
  const auto w = cj::decode(
      cj::write_data(cj::standard_2004, 0x10, a, cj::di::write_purchase_amount, 2, purchase));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w.value->control.code, 0x04);
  EXPECT_EQ(w.value->payload().to_vector(),
            (std::vector<std::uint8_t>{0xA0, 0x13, 0x02, 0x01, 0x00, 0x50, 0x00, 0x00}));
}

TEST(cjt188_request, set_time_writes_the_real_time_layout) {
  using submeter::meters::clock_fields;
  using submeter::meters::clock_value;
  const auto a = *cj::address::parse("78330011223344");
  const clock_value t{clock_fields::date_time, 2015, 5, 11, 22, 1, 31, -1};
  const auto f = cj::decode(cj::set_time(cj::sc_water, 0x10, a, 5, t));
  ASSERT_TRUE(f.ok());
  // A0 15 (SC writes high byte first), SER, then the same 7 bytes as the SC 901F reply's time
  EXPECT_EQ(f.value->payload().to_vector(), hex("A0 15 05 31 01 22 11 05 15 20"));
  const clock_value bad{clock_fields::date_time, 2015, 2, 30, 25, 0, 0, -1};
  EXPECT_THROW((void)cj::set_time(cj::sc_water, 0x10, a, 5, bad), submeter::error);
}
