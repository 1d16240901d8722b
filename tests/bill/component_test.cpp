// bill::component: the closed set of what a line charges, its names and its predicates.
#include "submeter/bill/component.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "support/error_of.hpp"

namespace {

using submeter::bill::all_components;
using submeter::bill::component;
using submeter::bill::to_string;

// Names round-trip, are distinct, and the enumeration is in the order of the names (so ordering
// by component orders by name, as the power-factor base is explained).
TEST(Component, NamesRoundTripInOrder) {
  std::set<std::string> names;
  std::string previous;
  for (const auto c : all_components) {
    const std::string name(to_string(c));
    EXPECT_EQ(submeter::bill::try_parse_component(name), c) << name;
    EXPECT_EQ(submeter::bill::parse_component(name), c) << name;
    EXPECT_LT(previous, name);
    previous = name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), all_components.size());
  EXPECT_EQ(to_string(component::common_area), "common_area");
  EXPECT_EQ(to_string(component::tier_adder), "tier_adder");
}

TEST(Component, RefusesAnUnknownName) {
  EXPECT_FALSE(submeter::bill::try_parse_component("Energy").has_value());
  EXPECT_FALSE(submeter::bill::try_parse_component("").has_value());
  const auto e =
      submeter::test_support::error_of([] { (void)submeter::bill::parse_component("vat"); });
  EXPECT_EQ(e.code(), submeter::errc::parse);
  EXPECT_EQ(e.context_value("component"), "vat");
  EXPECT_NE(e.context_value("expected").find("property_fee"), std::string::npos);
}

// SUP-1: what an electricity bill carries; SUP-1/LL-5: what never belongs on one; the recurring
// charges of a tenancy. No component is both electricity and forbidden on an electricity bill.
TEST(Component, Predicates) {
  std::set<component> electricity;
  std::set<component> forbidden;
  std::set<component> recurring;
  for (const auto c : all_components) {
    if (submeter::bill::is_electricity(c)) electricity.insert(c);
    if (submeter::bill::forbidden_on_electricity_bill(c)) forbidden.insert(c);
    if (submeter::bill::is_recurring(c)) recurring.insert(c);
    EXPECT_FALSE(submeter::bill::is_electricity(c) &&
                 submeter::bill::forbidden_on_electricity_bill(c))
        << to_string(c);
  }
  EXPECT_EQ(electricity, (std::set<component>{component::energy, component::tier_adder,
                                              component::capacity, component::demand,
                                              component::power_factor, component::allowance}));
  EXPECT_EQ(forbidden,
            (std::set<component>{component::loss, component::common_area, component::service_fee,
                                 component::property_fee, component::rent}));
  EXPECT_EQ(recurring, (std::set<component>{component::property_fee, component::rent}));
}

}  // namespace
