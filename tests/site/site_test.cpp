// site::site: a site validated as a whole from its parts (every reference resolves), and the
// queries on it the steps share (meter windows, tariffs, water meters).
#include "submeter/site/site.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sample.hpp"
#include "submeter/bill/period.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::energy_price;
using submeter::errc;
using submeter::parse_local_time;
using submeter::metering::meter;
using submeter::metering::node_kind;
using submeter::metering::reading_series;
using submeter::site::site;
using submeter::site::site_parts;
using submeter::site::tenant;
using submeter::tariff::register_tariff;
using submeter::test_support::v0_parts;

errc code_of_make(site_parts p) {
  return submeter::test_support::error_of([&] { (void)site::make(std::move(p)); }).code();
}

TEST(Site, RefusesBadReferences) {
  const auto tariffs =
      std::vector<register_tariff>{register_tariff::flat("f", energy_price::parse("1"))};
  const auto meters = std::vector<meter>{meter::make("M-1"), meter::make("M-2")};
  EXPECT_EQ(code_of_make(v0_parts("s", tariffs, meters, {tenant{"T", "t", "nope", {"M-1"}}}, {})),
            errc::not_found);
  EXPECT_EQ(code_of_make(v0_parts("s", tariffs, meters, {tenant{"T", "t", "f", {"M-9"}}}, {})),
            errc::not_found);
  EXPECT_EQ(
      code_of_make(v0_parts("s", tariffs, meters,
                            {tenant{"A", "a", "f", {"M-1"}}, tenant{"B", "b", "f", {"M-1"}}}, {})),
      errc::inconsistent);
  EXPECT_EQ(
      code_of_make(v0_parts("s", tariffs, meters,
                            {tenant{"A", "a", "f", {"M-1"}}, tenant{"A", "b", "f", {"M-2"}}}, {})),
      errc::duplicate);
  EXPECT_EQ(code_of_make(v0_parts("s", tariffs, {meter::make("M-1"), meter::make("M-1")}, {}, {})),
            errc::duplicate);
  EXPECT_EQ(code_of_make(
                v0_parts("s", tariffs, meters, {}, {reading_series::make(meter::make("X"), {})})),
            errc::not_found);
}

// The model is one set of parts: what format v1 adds sits beside the rest, and the roles of
// meters are the meter tree's node kinds.
TEST(Site, PlacesAreMeterTreeNodes) {
  auto parts =
      v0_parts("s", {register_tariff::flat("f", energy_price::parse("1"))},
               {meter::make("G"), meter::make("M-1")}, {tenant{"T", "t", "f", {"M-1"}}}, {});
  parts.places.resize(2);
  parts.places[0].meter_id = "G";
  parts.places[0].role = node_kind::grid_master;
  parts.places[1].meter_id = "M-1";
  parts.places[1].parent = "G";
  const auto s = site::make(parts);
  ASSERT_NE(s.place("G"), nullptr);
  EXPECT_EQ(s.place("G")->role, node_kind::grid_master);
  EXPECT_EQ(s.place("M-1")->role, node_kind::tenant);
  EXPECT_EQ(s.parts().places.size(), 2u);
  // A derived site: copy the parts, change them, make it again.
  auto moved = s.parts();
  moved.tenants[0].move_out = parse_local_time("2026-07-10T00:00");
  EXPECT_TRUE(site::make(moved).tenants()[0].move_out.has_value());
  // A grid master under a parent, a virtual meter, a parent not placed.
  auto bad = parts;
  bad.places[0].parent = "M-1";
  EXPECT_EQ(code_of_make(bad), errc::inconsistent);
  bad = parts;
  bad.places[1].role = node_kind::virtual_sum;
  EXPECT_EQ(code_of_make(bad), errc::invalid_argument);
  bad = parts;
  bad.places[1].parent = "X";
  EXPECT_EQ(code_of_make(bad), errc::not_found);
}

// A replaced meter measures up to its removal, its successor from its installation; a tenant
// moving out stops every meter at the move-out.
TEST(Site, MeterWindows) {
  const auto& s = submeter::test_support::v1_small();
  const auto july = submeter::bill::billing_period::parse("2026-07").window();
  const auto& c = s.tenants()[2];  // T-C: C1 replaced by C2 on 07-12 10:00
  ASSERT_EQ(c.id, "T-C");
  const auto c1 = submeter::site::meter_window(s, c, "C1", july);
  const auto c2 = submeter::site::meter_window(s, c, "C2", july);
  ASSERT_TRUE(c1 && c2);
  EXPECT_EQ(c1->end(), parse_local_time("2026-07-12T10:00"));
  EXPECT_EQ(c2->begin(), parse_local_time("2026-07-12T10:00"));
  EXPECT_EQ(c2->end(), july.end());
  const auto& e = s.tenants()[4];  // T-E moves out on 07-20
  ASSERT_EQ(e.id, "T-E");
  EXPECT_EQ(submeter::site::meter_window(s, e, "E1", july)->end(),
            parse_local_time("2026-07-20T00:00"));
  const auto august = submeter::bill::billing_period::parse("2026-08").window();
  EXPECT_FALSE(submeter::site::meter_window(s, e, "E1", august).has_value());
  // T-A's water meter is priced by the water tariff; T-D's energy by its two-part tariff's.
  EXPECT_TRUE(submeter::site::is_water(s, "W1"));
  EXPECT_EQ(submeter::site::electricity_meters(s, s.tenants()[0]), std::vector<std::string>{"A1"});
  EXPECT_EQ(submeter::site::meter_tariff_id(s, s.tenants()[0], "W1"), "water");
  EXPECT_EQ(submeter::site::meter_tariff_id(s, s.tenants()[3], "D1"), "tou");
}

}  // namespace
