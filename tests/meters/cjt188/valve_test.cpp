// Tests of submeter/meters/cjt188/valve.hpp: the A017 vectors built byte for byte and decoded.
#include "submeter/meters/cjt188/valve.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vectors.hpp"

namespace cj = submeter::meters::cjt188;
using submeter::decode_status;
using submeter::meters::test::hex;

namespace {
const auto valve_meter = *cj::address::parse("78331505900569");
}

TEST(cjt188_valve, open_and_close_commands_match_the_vectors) {
  EXPECT_EQ(cj::valve_request(cj::sc_water, 0x10, valve_meter, 0x01, cj::valve_command::open),
            hex("FE FE FE FE 68 10 69 05 90 05 15 33 78 04 04 A0 17 01 55 50 16"));
  EXPECT_EQ(cj::valve_request(cj::sc_water, 0x10, valve_meter, 0x01, cj::valve_command::close),
            hex("FE FE FE FE 68 10 69 05 90 05 15 33 78 04 04 A0 17 01 99 94 16"));
}

TEST(cjt188_valve, commands_decode) {
  const auto f = cj::decode(hex("FE FE FE FE 68 10 69 05 90 05 15 33 78 04 04 A0 17 01 99 94 16"));
  const auto r = cj::decode_valve_request(*f.value, cj::sc_water);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value->is_close());
  EXPECT_FALSE(r.value->is_open());
  EXPECT_EQ(r.value->ser, 0x01);
  // a 2018 profile reads A0 17 as 17A0: not a valve command
  EXPECT_EQ(cj::decode_valve_request(*f.value, cj::standard_2018).status,
            decode_status::unsupported);
}

TEST(cjt188_valve, reply_says_the_valve_is_open) {
  const auto f =
      cj::decode(hex("FE FE FE FE 68 10 69 05 90 05 15 33 78 84 05 A0 17 01 00 00 7C 16"));
  const auto r = cj::decode_valve_reply(*f.value, cj::sc_water);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->status.valve, cj::valve_state::open);
  EXPECT_FALSE(r.value->status.battery_low);
  // a command is not a reply, and a reply is not a command
  EXPECT_EQ(cj::decode_valve_reply(*cj::decode(cj::valve_request(cj::sc_water, 0x10, valve_meter, 1,
                                                                 cj::valve_command::open))
                                        .value,
                                   cj::sc_water)
                .status,
            decode_status::unsupported);
  EXPECT_EQ(cj::decode_valve_request(*f.value, cj::sc_water).status, decode_status::unsupported);
}

TEST(cjt188_valve, closed_reply_and_bad_sizes) {
  const std::vector<std::uint8_t> closed{0xA0, 0x17, 0x02, 0x01, 0x00};
  const auto r = cj::decode_valve_reply(
      *cj::decode(cj::encode(0x10, valve_meter, cj::control{0x84}, closed)).value, cj::sc_water);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->status.valve, cj::valve_state::closed);
  const std::vector<std::uint8_t> short_st{0xA0, 0x17, 0x02, 0x01};
  EXPECT_EQ(cj::decode_valve_reply(
                *cj::decode(cj::encode(0x10, valve_meter, cj::control{0x84}, short_st)).value,
                cj::sc_water)
                .status,
            decode_status::bad_length);
}

RC_GTEST_PROP(cjt188_valve, commands_round_trip_under_every_profile,
              (std::array<std::uint8_t, 7> addr, std::uint8_t ser, bool open, std::uint8_t which)) {
  const cj::profile* profiles[] = {&cj::standard_2004, &cj::standard_2018, &cj::sc_water,
                                   &cj::jy_heat};
  const auto& p = *profiles[which % 4];
  const cj::address a{addr};
  const auto cmd = open ? cj::valve_command::open : cj::valve_command::close;
  const auto f = cj::decode(cj::valve_request(p, 0x10, a, ser, cmd));
  RC_ASSERT(f.ok());
  RC_ASSERT(f.value->preamble == p.preamble);
  RC_ASSERT(f.value->address == a);
  const auto r = cj::decode_valve_request(*f.value, p);
  RC_ASSERT(r.ok());
  RC_ASSERT(r.value->ser == ser);
  RC_ASSERT(r.value->is_open() == open);
  RC_ASSERT(r.value->is_close() == !open);
}
