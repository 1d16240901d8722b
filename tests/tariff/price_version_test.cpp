// Tests of include/submeter/tariff/price_version.hpp.
#include "submeter/tariff/price_version.hpp"

#include <gtest/gtest.h>

namespace {

using namespace submeter;
using namespace submeter::tariff;

register_prices flat_at(const register_set& regs, const char* price) {
  return register_prices::make(regs, {{3, energy_price::parse(price)}});
}

TEST(PriceVersion, SelectsAndSplitsAtTheInstant) {
  const auto regs = register_set::make({{3, "flat"}});
  const auto h = version_history::make(
      regs, {{"v2", parse_local_time("2026-07-16T00:00"), flat_at(regs, "0.58"), ""},
             {"v1", parse_local_time("2026-01-01T00:00"), flat_at(regs, "0.6123"), ""}});
  EXPECT_EQ(h.versions().front().id, "v1");  // sorted by effective time
  EXPECT_EQ(h.at(parse_local_time("2026-07-15T23:59:59")).id, "v1");
  EXPECT_EQ(h.at(parse_local_time("2026-07-16T00:00")).id, "v2");
  const auto segs = h.segments(local_interval::make(parse_local_time("2026-07-01T00:00"),
                                                    parse_local_time("2026-08-01T00:00")));
  ASSERT_EQ(segs.size(), 2u);
  EXPECT_EQ(segs[0].version->id, "v1");
  EXPECT_EQ(segs[0].span.end(), parse_local_time("2026-07-16T00:00"));
  EXPECT_EQ(days_touched(segs[0].span), 15);
  EXPECT_EQ(segs[1].version->id, "v2");
  EXPECT_EQ(days_touched(segs[1].span), 16);
  // A window starting exactly at a change, or ending at one, is not cut.
  EXPECT_EQ(h.segments(local_interval::make(parse_local_time("2026-07-16T00:00"),
                                            parse_local_time("2026-08-01T00:00")))
                .size(),
            1u);
  EXPECT_EQ(h.segments(local_interval::make(parse_local_time("2026-07-01T00:00"),
                                            parse_local_time("2026-07-16T00:00")))
                .size(),
            1u);
}

TEST(PriceVersion, RefusesATimeBeforeTheFirstVersion) {
  const auto regs = register_set::make({{3, "flat"}});
  const auto h = version_history::make(
      regs, {{"v1", parse_local_time("2026-01-01T00:00"), flat_at(regs, "0.6"), ""}});
  try {
    (void)h.at(parse_local_time("2025-12-31T23:59"));
    ADD_FAILURE();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::out_of_order);
    EXPECT_EQ(e.context_value("first_version"), "v1");
  }
  EXPECT_THROW((void)h.segments(local_interval::make(parse_local_time("2025-12-01T00:00"),
                                                     parse_local_time("2026-02-01T00:00"))),
               error);
}

TEST(PriceVersion, RefusesBadHistories) {
  const auto regs = register_set::make({{3, "flat"}});
  const auto other = register_set::make({{2, "peak"}});
  const auto t = parse_local_time("2026-01-01T00:00");
  EXPECT_THROW((void)version_history::make(regs, {}), error);
  EXPECT_THROW((void)version_history::make(regs, {{"", t, flat_at(regs, "1"), ""}}), error);
  EXPECT_THROW(
      (void)version_history::make(regs, {{"a", t, flat_at(regs, "1"), ""},
                                         {"a", t + std::chrono::hours(1), flat_at(regs, "1"), ""}}),
      error);
  EXPECT_THROW((void)version_history::make(
                   regs, {{"a", t, flat_at(regs, "1"), ""}, {"b", t, flat_at(regs, "2"), ""}}),
               error);
  EXPECT_THROW(
      (void)version_history::make(
          regs, {{"a", t, register_prices::make(other, {{2, energy_price::parse("1")}}), ""}}),
      error);
}

}  // namespace
