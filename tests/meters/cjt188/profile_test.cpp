// Tests of submeter/meters/cjt188/profile.hpp: DI order per dialect and ST decoding.
#include "submeter/meters/cjt188/profile.hpp"

#include <gtest/gtest.h>

namespace cj = submeter::meters::cjt188;

TEST(cjt188_profile, di_order_per_dialect) {
  EXPECT_EQ(cj::di_wire(cj::standard_2004, 0x901F), (std::array<std::uint8_t, 2>{0x90, 0x1F}));
  EXPECT_EQ(cj::di_wire(cj::standard_2018, 0x901F), (std::array<std::uint8_t, 2>{0x1F, 0x90}));
  // SC: reads low byte first, the valve DI high byte first (protocols.md 3.3)
  EXPECT_EQ(cj::di_wire(cj::sc_water, 0x901F), (std::array<std::uint8_t, 2>{0x1F, 0x90}));
  EXPECT_EQ(cj::di_wire(cj::sc_water, 0xA017), (std::array<std::uint8_t, 2>{0xA0, 0x17}));
  EXPECT_EQ(cj::jy_heat.units, cj::unit_position::before_value);
}

TEST(cjt188_profile, st_valve_and_battery_bits) {
  const auto open = cj::decode_st(cj::standard_2004, 0x00, 0x00);
  EXPECT_EQ(open.valve, cj::valve_state::open);
  EXPECT_FALSE(open.battery_low);
  EXPECT_EQ(cj::decode_st(cj::standard_2004, 0x01, 0x00).valve, cj::valve_state::closed);
  EXPECT_EQ(cj::decode_st(cj::standard_2004, 0x03, 0x00).valve, cj::valve_state::abnormal);
  EXPECT_EQ(cj::decode_st(cj::standard_2004, 0x02, 0x00).valve, cj::valve_state::unknown);
  EXPECT_TRUE(cj::decode_st(cj::standard_2004, 0x04, 0x00).battery_low);
  // a profile that keeps the bits in the second byte
  cj::profile other = cj::standard_2004;
  other.st.byte_index = 1;
  EXPECT_EQ(cj::decode_st(other, 0x00, 0x01).valve, cj::valve_state::closed);
  EXPECT_EQ(cj::decode_st(other, 0x01, 0x00).valve, cj::valve_state::open);
}

TEST(cjt188_profile, find_by_name) {
  EXPECT_EQ(cj::find_profile("jy-heat"), &cj::jy_heat);
  EXPECT_EQ(cj::find_profile("cjt188-2018"), &cj::standard_2018);
  EXPECT_EQ(cj::find_profile("nope"), nullptr);
}
