#pragma once
// Test support for tests/site: a small site built in code (two tenants, three meters, a flat and
// a TOU tariff; tests/bill/site_test.cpp's before the site area existed), and v1-small from
// tests/data read with src/io, to derive changed sites from.

#include <string>
#include <utility>
#include <vector>

#include "io/site_loader.hpp"
#include "submeter/site/site.hpp"

namespace submeter::test_support {

inline metering::register_reading reading(const char* time, const char* total,
                                          std::vector<const char*> rates = {}) {
  metering::register_reading r;
  r.time = parse_local_time(time);
  r.total = energy::parse(total);
  for (std::size_t i = 0; i < rates.size(); ++i) r.rates[i] = energy::parse(rates[i]);
  return r;
}

/// A site from its v0 parts.
inline site::site_parts v0_parts(std::string name, std::vector<tariff::register_tariff> tariffs,
                                 std::vector<metering::meter> meters,
                                 std::vector<site::tenant> tenants,
                                 std::vector<metering::reading_series> readings) {
  site::site_parts p;
  p.name = std::move(name);
  p.currency = "CNY";
  p.tariffs = std::move(tariffs);
  p.meters = std::move(meters);
  p.tenants = std::move(tenants);
  p.readings = std::move(readings);
  return p;
}

/// "Park": T-1 (flat 0.7, meters M-1 and M-3), T-2 (TOU 1.35/1.08/0.60/0.24, M-2 ×40).
inline site::site sample(std::vector<metering::reading_series> readings) {
  using metering::meter;
  using tariff::register_tariff;
  return site::site::make(v0_parts(
      "Park",
      {register_tariff::flat("flat", energy_price::parse("0.7")),
       register_tariff::tou("tou", {{1, energy_price::parse("1.35")},
                                    {2, energy_price::parse("1.08")},
                                    {3, energy_price::parse("0.60")},
                                    {4, energy_price::parse("0.24")}})},
      {meter::make("M-1"), meter::make("M-2", ratio::from_integer(40)), meter::make("M-3")},
      {site::tenant{"T-1", "Noodle bar", "flat", {"M-1", "M-3"}},
       site::tenant{"T-2", "Workshop", "tou", {"M-2"}}},
      std::move(readings)));
}

/// Readings of the sample for 2026-07 (M-1 read at 23:45 the day before the period).
inline std::vector<metering::reading_series> good_readings() {
  using metering::meter;
  using metering::reading_series;
  return {
      reading_series::make(meter::make("M-1"),
                           {reading("2026-06-30T23:45", "100"), reading("2026-07-15T00:00", "150"),
                            reading("2026-08-01T00:00", "200.01")}),
      reading_series::make(meter::make("M-2", ratio::from_integer(40)),
                           {reading("2026-07-01T00:00", "50", {"5", "15", "10", "20"}),
                            reading("2026-08-01T00:00", "60.5", {"6", "18", "12.5", "24"})}),
      reading_series::make(meter::make("M-3"),
                           {reading("2026-07-01T00:00", "0"), reading("2026-07-31T23:00", "0.99")}),
  };
}

/// tests/data/sites/v1-small, read by src/io.
inline const site::site& v1_small() {
  static const auto s = io::load_site(SUBMETER_TEST_DATA "/sites/v1-small");
  return s;
}

}  // namespace submeter::test_support
