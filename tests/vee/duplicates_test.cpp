// Tests of include/submeter/vee/duplicates.hpp (VEE-1): a replayed read is dropped, two values
// for one read keep the first received and are an exception.
#include "submeter/vee/duplicates.hpp"

#include <gtest/gtest.h>

#include "vee_support.hpp"

namespace submeter::vee {
namespace {

using test::read;

TEST(remove_duplicates, keeps_the_first_received_and_reports_each_repeat) {
  const auto d = remove_duplicates({
      read("M2", 0, "2026-07-01T00:15", "10.00"), read("M1", 0, "2026-07-01T00:15", "5.00"),
      read("M1", 0, "2026-07-01T00:00", "4.00"),
      read("M1", 0, "2026-07-01T00:15", "5.00"),  // the backlog replayed: same value
      read("M1", 0, "2026-07-01T00:15", "5.10"),  // another value for the same read
      read("M1", 1, "2026-07-01T00:15", "5.10"),  // another register: not a duplicate
  });
  ASSERT_EQ(d.values.size(), 4u);
  EXPECT_EQ(d.values[0].meter_id, "M1");
  EXPECT_EQ(d.values[0].time, test::at("2026-07-01T00:00"));
  EXPECT_EQ(d.values[1].value, energy::parse("5"));
  EXPECT_EQ(d.values[2].register_number, 1);
  EXPECT_EQ(d.values[3].meter_id, "M2");
  ASSERT_EQ(d.findings.size(), 2u);
  EXPECT_EQ(d.findings[0].level, severity::info);
  EXPECT_EQ(d.findings[1].level, severity::exception);
  EXPECT_EQ(*d.findings[1].value, energy::parse("5.1"));
  EXPECT_EQ(*d.findings[1].expected, energy::parse("5"));
  EXPECT_EQ(d.findings[1].id(), "VEE-1");
}

TEST(remove_duplicates, nothing_lost_nothing_counted_twice) {
  std::vector<metering::register_value> all;
  for (int copy = 0; copy < 3; ++copy) {
    for (int m = 0; m < 4; ++m) {
      all.push_back(read(("M" + std::to_string(m)).c_str(), 0, "2026-07-01T00:00", "1"));
    }
  }
  const auto d = remove_duplicates(all);
  EXPECT_EQ(d.values.size(), 4u);
  EXPECT_EQ(d.findings.size(), 8u);
  EXPECT_EQ(d.values.size() + d.findings.size(), all.size());
}

}  // namespace
}  // namespace submeter::vee
