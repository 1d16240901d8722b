#pragma once
// Test support for the live prepaid tests: the tariffs of the sample site (flat 0.7, TOU
// 1.35/1.08/0.60/0.24, a TOU price version changing mid-month, a water ladder 1 : 1.5 : 3), a
// prepaid account, readings, and the same meter in a site to bill it in one piece.

#include <string>
#include <utility>
#include <vector>

#include "sample.hpp"
#include "submeter/ledger/state.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/site/live_step.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/usage.hpp"

namespace submeter::test_support {

inline money yuan(const char* t) { return money::parse(t); }
inline local_time at(const char* t) { return parse_local_time(t); }

inline tariff::register_tariff flat_tariff() {
  return tariff::register_tariff::flat("flat", energy_price::parse("0.7"));
}
inline tariff::register_tariff tou_tariff() {
  return tariff::register_tariff::tou("tou", {{1, energy_price::parse("1.35")},
                                              {2, energy_price::parse("1.08")},
                                              {3, energy_price::parse("0.60")},
                                              {4, energy_price::parse("0.24")}});
}
/// "tou" from 2026-01-01 (v1), 10 % dearer from 2026-07-16 (v2).
inline tariff::version_history tou_versions() {
  const auto regs =
      tariff::register_set::make({{1, "sharp"}, {2, "peak"}, {3, "flat"}, {4, "valley"}});
  const auto prices = [&](const char* s, const char* p, const char* f, const char* v) {
    return tariff::register_prices::make(regs, {{1, energy_price::parse(s)},
                                                {2, energy_price::parse(p)},
                                                {3, energy_price::parse(f)},
                                                {4, energy_price::parse(v)}});
  };
  return tariff::version_history::make(
      regs, {{"v1", at("2026-01-01T00:00"), prices("1.35", "1.08", "0.60", "0.24"), ""},
             {"v2", at("2026-07-16T00:00"), prices("1.485", "1.188", "0.66", "0.264"), ""}});
}
/// Water: ≤ 10 m³ at 3.50, ≤ 20 at 5.25, above at 10.50 (TIER-4 1 : 1.5 : 3), monthly.
inline site::water_tariff water_ladder() {
  return site::water_tariff::ladder(
      "water", tariff::tier_ladder<volume>::make({volume::parse("10"), volume::parse("20")}),
      {volume_price::parse("3.5"), volume_price::parse("5.25"), volume_price::parse("10.5")});
}

/// One prepaid account "A-1" with meter `meter` of utility `what`: alarm1 50, alarm2 20,
/// overdraft limit 0, close limit 10; balance alarms 100 and 30; no notice, no window.
inline ledger::account_params prepaid_account(const std::string& meter,
                                              ledger::utility what = ledger::utility::electricity,
                                              ledger::cut_policy cuts = {}) {
  return ledger::account_params::make(
      "A-1", ledger::account_mode::prepaid, {{meter, what}},
      ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("10")),
      {yuan("100"), yuan("30")}, ledger::counter_policy::strict_next, std::move(cuts));
}

/// A reading of `meter` at `time`: total and, when given, T1..T4.
inline metering::reading live_reading(const std::string& meter, const char* time, const char* total,
                                      std::vector<const char*> rates = {}) {
  metering::reading r;
  r.meter_id = meter;
  r.registers = reading(time, total, std::move(rates));
  return r;
}

/// The kinds of tariff the live tests run under.
enum class live_kind { flat, tou, versions, water };

inline site::live_tariff live_tariff_of(live_kind k) {
  switch (k) {
    case live_kind::flat:
      return flat_tariff();
    case live_kind::tou:
      return tou_tariff();
    case live_kind::versions:
      return tou_versions();
    case live_kind::water:
      return water_ladder();
  }
  return flat_tariff();
}

/// A site with one tenant "T-1" on meter `m` (tariff of kind `k`) read at `readings`: the
/// monthly bill in one piece (site::usage_bill).
inline site::site one_meter_site(live_kind k, const metering::meter& m,
                                 std::vector<metering::register_reading> readings) {
  site::site_parts p;
  p.name = "Live";
  p.currency = "CNY";
  p.meters = {m};
  p.readings = {metering::reading_series::make(m, std::move(readings))};
  std::string tariff_id = "flat";
  p.tariffs = {flat_tariff(), tou_tariff()};
  if (k == live_kind::tou) tariff_id = "tou";
  if (k == live_kind::versions) {
    tariff_id = "tou";
    p.versions.emplace("tou", tou_versions());
  }
  if (k == live_kind::water) {
    tariff_id = "water";
    p.water_tariffs = {water_ladder()};
    site::meter_place place;
    place.meter_id = m.id();
    place.medium = metering::medium::water;
    place.tariff_id = "water";
    p.places = {place};
  }
  p.tenants = {site::tenant{"T-1", "Tenant", tariff_id, {m.id()}}};
  return site::site::make(std::move(p));
}

/// The bill of `s`'s tenant for `period`, in one piece.
inline money bill_in_one_piece(const site::site& s, const char* period) {
  return site::usage_bill(s, s.tenants().front(), bill::billing_period::parse(period)).total;
}

}  // namespace submeter::test_support
