// Tests of include/submeter/vee/finding.hpp: every rule has its id and name.
#include "submeter/vee/finding.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace submeter::vee {
namespace {

TEST(rule_ids, every_rule_has_an_id_and_a_distinct_name) {
  std::set<std::string> names;
  for (int i = 0; i <= static_cast<int>(rule::estimate_cap); ++i) {
    const auto r = static_cast<rule>(i);
    EXPECT_NE(rule_id(r), "VEE-?");
    names.insert(std::string(to_string(r)));
  }
  EXPECT_EQ(names.size(), 11u);
  EXPECT_EQ(rule_id(rule::duplicate), "VEE-1");
  EXPECT_EQ(rule_id(rule::rollover), "VEE-3");
  EXPECT_EQ(rule_id(rule::backwards), "VEE-3");
  EXPECT_EQ(rule_id(rule::multiplier_change), "VEE-9");
  EXPECT_EQ(rule_id(rule::estimate_cap), "EST-4");
  EXPECT_EQ(to_string(severity::exception), "exception");
  finding f;
  f.what = rule::spike;
  EXPECT_EQ(f.id(), "VEE-4");
}

}  // namespace
}  // namespace submeter::vee
