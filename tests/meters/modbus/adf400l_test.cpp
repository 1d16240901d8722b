// Tests of submeter/meters/modbus/adf400l.hpp: the manual's worked example and the limits.
#include "submeter/meters/modbus/adf400l.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace adf = submeter::meters::modbus::adf400l;

TEST(modbus_adf400l, the_manuals_example) {
  const adf::layout l{4, 4, 12};
  ASSERT_TRUE(l.ok());
  const int ct[] = {1, 4, 7, 10};
  const int three[] = {13, 16, 19, 22};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(adf::slave_id(1, l, adf::user_kind::ct, i + 1), ct[i]);
    EXPECT_EQ(adf::slave_id(1, l, adf::user_kind::three_phase, i + 1), three[i]);
  }
  for (int i = 1; i <= 12; ++i)
    EXPECT_EQ(adf::slave_id(1, l, adf::user_kind::single_phase, i), 24 + i);
  EXPECT_EQ(adf::slave_id(2, l, adf::user_kind::ct, 1), 37);
  EXPECT_EQ(adf::slave_id(3, l, adf::user_kind::ct, 1), 73);
}

TEST(modbus_adf400l, refusals) {
  const adf::layout l{4, 4, 12};
  EXPECT_FALSE(adf::slave_id(1, l, adf::user_kind::ct, 5));
  EXPECT_FALSE(adf::slave_id(1, l, adf::user_kind::single_phase, 0));
  EXPECT_FALSE(adf::slave_id(0, l, adf::user_kind::ct, 1));
  EXPECT_FALSE(adf::slave_id(1, adf::layout{12, 1, 0}, adf::user_kind::ct, 1));  // 39 addresses
  EXPECT_TRUE(adf::slave_id(1, adf::layout{0, 0, 36}, adf::user_kind::single_phase, 36));
  EXPECT_EQ(adf::slave_id(7, adf::layout{0, 0, 36}, adf::user_kind::single_phase, 31), 247);
  EXPECT_FALSE(adf::slave_id(7, adf::layout{0, 0, 36}, adf::user_kind::single_phase, 32));  // 248
}

RC_GTEST_PROP(modbus_adf400l, ids_are_distinct_and_within_the_meters_block,
              (std::uint8_t a, std::uint8_t b, std::uint8_t n)) {
  const int ct = a % 7;
  const int three = b % (13 - ct);
  const int single = 36 - 3 * (ct + three) == 0 ? 0 : n % (36 - 3 * (ct + three) + 1);
  const adf::layout l{ct, three, single};
  RC_ASSERT(l.ok());
  std::vector<int> ids;
  const auto add = [&](adf::user_kind k, int count, int width) {
    for (int i = 1; i <= count; ++i) {
      const auto id = adf::slave_id(2, l, k, i);
      RC_ASSERT(id.has_value());
      for (int w = 0; w < width; ++w) ids.push_back(*id + w);
    }
  };
  add(adf::user_kind::ct, ct, 3);
  add(adf::user_kind::three_phase, three, 3);
  add(adf::user_kind::single_phase, single, 1);
  std::sort(ids.begin(), ids.end());
  RC_ASSERT(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  for (const int id : ids) RC_ASSERT(id >= 37 && id <= 72);
}
