// Tests of include/submeter/vee/rollover.hpp (VEE-3): a DL/T 645 XXXXXX.XX register rolls over
// after 999999.99; a step down that a plausible rollover cannot explain goes backwards.
#include "submeter/vee/rollover.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/error_of.hpp"
#include "vee_support.hpp"

namespace submeter::vee {
namespace {

using test::read;

TEST(classify_step, forward_rollover_and_backwards) {
  const rollover_params p;  // XXXXXX.XX
  EXPECT_EQ(p.capacity(), energy::parse("1000000"));
  EXPECT_EQ(p.largest(), energy::parse("999999.99"));
  EXPECT_EQ(p.rollover_limit(), energy::parse("10000"));

  auto s = classify_step(energy::parse("100.00"), energy::parse("101.50"), p);
  EXPECT_EQ(s.kind, step_kind::forward);
  EXPECT_EQ(s.use, energy::parse("1.5"));

  s = classify_step(energy::parse("999999.99"), energy::parse("0.05"), p);
  EXPECT_EQ(s.kind, step_kind::rollover);
  EXPECT_EQ(s.use, energy::parse("0.06"));

  s = classify_step(energy::parse("999990.00"), energy::parse("9990.00"), p);  // exactly 10000
  EXPECT_EQ(s.kind, step_kind::rollover);
  s = classify_step(energy::parse("999990.00"), energy::parse("9990.01"), p);  // one step more
  EXPECT_EQ(s.kind, step_kind::backwards);

  s = classify_step(energy::parse("5000.00"), energy::parse("4999.99"), p);
  EXPECT_EQ(s.kind, step_kind::backwards);
  EXPECT_EQ(s.use, energy::parse("-0.01"));

  // An 8-digit register (UINT32 at 0.01 kWh wrapped at 10^8): the same value is a rollover there
  // and not on a 6-digit register.
  rollover_params eight;
  eight.integer_digits = 8;
  EXPECT_EQ(classify_step(energy::parse("99999999.00"), energy::parse("1.00"), eight).kind,
            step_kind::rollover);
  EXPECT_EQ(classify_step(energy::parse("99999999.00"), energy::parse("1.00"), p).kind,
            step_kind::backwards);  // above a 6-digit register's capacity: not a rollover
  rollover_params bad;
  bad.integer_digits = 15;
  EXPECT_EQ(test_support::error_of([&] { (void)bad.capacity(); }).code(), errc::invalid_argument);
}

TEST(find_register_steps, one_bad_read_is_one_finding_and_a_rollover_is_info) {
  const std::vector<metering::register_value> reads{
      read("M1", 0, "2026-07-01T00:00", "999990.00"),
      read("M1", 0, "2026-07-01T00:15", "999999.50"),
      read("M1", 0, "2026-07-01T00:30", "0.70"),  // rollover: 1.20 across
      read("M1", 0, "2026-07-01T00:45", "0.20"),  // backwards (a bad read)
      read("M1", 0, "2026-07-01T01:00", "1.10"),  // compared with 0.70: forward
  };
  const auto f = find_register_steps(reads);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].what, rule::rollover);
  EXPECT_EQ(f[0].level, severity::info);
  EXPECT_EQ(f[0].time, test::at("2026-07-01T00:30"));
  EXPECT_NE(f[0].message.find("999999.99"), std::string::npos);
  EXPECT_EQ(f[1].what, rule::backwards);
  EXPECT_EQ(f[1].level, severity::exception);
  EXPECT_EQ(*f[1].value, energy::parse("0.2"));
  EXPECT_EQ(*f[1].expected, energy::parse("0.7"));
}

TEST(find_register_steps, refuses_mixed_registers_and_disorder) {
  EXPECT_EQ(test_support::error_of([] {
              (void)find_register_steps(
                  {read("M1", 0, "2026-07-01T00:00", "1"), read("M1", 1, "2026-07-01T00:15", "1")});
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(test_support::error_of([] {
              (void)find_register_steps(
                  {read("M1", 0, "2026-07-01T00:15", "1"), read("M1", 0, "2026-07-01T00:00", "2")});
            }).code(),
            errc::out_of_order);
}

}  // namespace
}  // namespace submeter::vee
