#pragma once
/// \file
/// bill::site: a submetered site (tariffs, meters, tenants, readings) validated as a whole, and
/// billing it for a period. Pure: the site is read from files by src/io.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/meter.hpp"
#include "submeter/metering/reading_series.hpp"
#include "submeter/tariff/register_tariff.hpp"

namespace submeter::bill {

/// A tenant: who is billed, under which tariff, for which meters.
struct tenant {
  std::string id;
  std::string name;
  std::string tariff_id;
  std::vector<std::string> meter_ids;
};

/// A validated site. Built by make(), so every reference resolves.
class site {
 public:
  /// Builds a site. Refuses: an id given twice among tariffs, meters or tenants
  /// (errc::duplicate); a tenant with no meter (errc::invalid_argument); a tenant naming an
  /// unknown tariff or meter, or readings of an unknown meter (errc::not_found); a meter billed
  /// to two tenants (errc::inconsistent). The context names the tenant, meter or tariff.
  [[nodiscard]] static site make(std::string name, std::string currency, rounding_rule rule,
                                 std::vector<tariff::register_tariff> tariffs,
                                 std::vector<metering::meter> meters, std::vector<tenant> tenants,
                                 std::vector<metering::reading_series> readings) {
    site s(std::move(name), std::move(currency), rule);
    for (std::size_t i = 0; i < tariffs.size(); ++i) {
      if (!s.tariff_index_.emplace(tariffs[i].id(), i).second) {
        throw error(errc::duplicate, "a tariff id is given twice", {{"tariff", tariffs[i].id()}});
      }
    }
    for (std::size_t i = 0; i < meters.size(); ++i) {
      if (!s.meter_index_.emplace(meters[i].id(), i).second) {
        throw error(errc::duplicate, "a meter id is given twice", {{"meter", meters[i].id()}});
      }
    }
    std::map<std::string, std::string> owner;  // meter -> tenant
    std::map<std::string, std::size_t> tenant_ids;
    for (std::size_t i = 0; i < tenants.size(); ++i) {
      const auto& t = tenants[i];
      if (!tenant_ids.emplace(t.id, i).second) {
        throw error(errc::duplicate, "a tenant id is given twice", {{"tenant", t.id}});
      }
      if (s.tariff_index_.count(t.tariff_id) == 0) {
        throw error(errc::not_found, "unknown tariff", {{"tenant", t.id}, {"tariff", t.tariff_id}});
      }
      if (t.meter_ids.empty()) {
        throw error(errc::invalid_argument, "a tenant needs at least one meter",
                    {{"tenant", t.id}});
      }
      for (const auto& m : t.meter_ids) {
        if (s.meter_index_.count(m) == 0) {
          throw error(errc::not_found, "unknown meter", {{"tenant", t.id}, {"meter", m}});
        }
        const auto [it, fresh] = owner.emplace(m, t.id);
        if (!fresh) {
          throw error(errc::inconsistent, "a meter is billed to two tenants",
                      {{"meter", m}, {"tenant", it->second}, {"other_tenant", t.id}});
        }
      }
    }
    for (std::size_t i = 0; i < readings.size(); ++i) {
      const auto& id = readings[i].source().id();
      if (s.meter_index_.count(id) == 0) {
        throw error(errc::not_found, "readings of an unknown meter", {{"meter", id}});
      }
      if (!s.series_index_.emplace(id, i).second) {
        throw error(errc::duplicate, "two reading series for one meter", {{"meter", id}});
      }
    }
    s.tariffs_ = std::move(tariffs);
    s.meters_ = std::move(meters);
    s.tenants_ = std::move(tenants);
    s.readings_ = std::move(readings);
    return s;
  }

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// The currency code as the site states it ("CNY"); submeter never converts currencies.
  [[nodiscard]] const std::string& currency() const noexcept { return currency_; }
  [[nodiscard]] const rounding_rule& rule() const noexcept { return rule_; }
  [[nodiscard]] const std::vector<tariff::register_tariff>& tariffs() const noexcept {
    return tariffs_;
  }
  [[nodiscard]] const std::vector<metering::meter>& meters() const noexcept { return meters_; }
  [[nodiscard]] const std::vector<tenant>& tenants() const noexcept { return tenants_; }
  [[nodiscard]] const std::vector<metering::reading_series>& readings() const noexcept {
    return readings_;
  }

  /// The tariff with id `id`; throws errc::not_found.
  [[nodiscard]] const tariff::register_tariff& tariff(const std::string& id) const {
    const auto it = tariff_index_.find(id);
    if (it == tariff_index_.end()) throw error(errc::not_found, "unknown tariff", {{"tariff", id}});
    return tariffs_[it->second];
  }
  /// The meter with id `id`; throws errc::not_found.
  [[nodiscard]] const metering::meter& meter(const std::string& id) const {
    const auto it = meter_index_.find(id);
    if (it == meter_index_.end()) throw error(errc::not_found, "unknown meter", {{"meter", id}});
    return meters_[it->second];
  }
  /// The readings of meter `id`, or nullptr when it has none.
  [[nodiscard]] const metering::reading_series* series(const std::string& id) const noexcept {
    const auto it = series_index_.find(id);
    return it == series_index_.end() ? nullptr : &readings_[it->second];
  }

 private:
  site(std::string name, std::string currency, rounding_rule rule)
      : name_(std::move(name)), currency_(std::move(currency)), rule_(rule) {}

  std::string name_;
  std::string currency_;
  rounding_rule rule_;
  std::vector<tariff::register_tariff> tariffs_;
  std::vector<metering::meter> meters_;
  std::vector<tenant> tenants_;
  std::vector<metering::reading_series> readings_;
  std::map<std::string, std::size_t> tariff_index_;
  std::map<std::string, std::size_t> meter_index_;
  std::map<std::string, std::size_t> series_index_;
};

namespace detail {

[[nodiscard]] inline metering::register_reading reading_at_bound(const site& s,
                                                                 const std::string& meter_id,
                                                                 const std::string& tenant_id,
                                                                 local_time bound,
                                                                 const char* which) {
  const auto* series = s.series(meter_id);
  std::optional<metering::register_reading> r;
  if (series != nullptr) r = series->at_or_before(bound, reading_tolerance);
  if (!r) {
    throw error(errc::not_found, "no reading at a bound of the billing period",
                {{"tenant", tenant_id},
                 {"meter", meter_id},
                 {"bound", which},
                 {"time", local_interval::format(bound)},
                 {"expected", "a reading at or up to 24 h before the bound"}});
  }
  return *r;
}

}  // namespace detail

/// Bills one tenant for `period` under the site's rounding rule: for each meter, the usage between
/// the readings at the period's bounds (billing_period policy; multiplier products rounded
/// half_up to 1e-4 kWh), rated by the tenant's tariff, assembled into a bill.
/// Refuses (errc::not_found) a meter without a reading at a bound, and whatever rate() refuses.
[[nodiscard]] inline bill bill_tenant(const site& s, const tenant& t,
                                      const billing_period& period) {
  const auto& tar = s.tariff(t.tariff_id);
  std::vector<metering::register_usage> usages;
  std::vector<line> lines;
  for (const auto& meter_id : t.meter_ids) {
    const auto& m = s.meter(meter_id);
    const auto from = detail::reading_at_bound(s, meter_id, t.id, period.window().begin(), "start");
    const auto to = detail::reading_at_bound(s, meter_id, t.id, period.window().end(), "end");
    if (!(from.time < to.time)) {
      throw error(errc::not_found, "no reading inside the billing period",
                  {{"tenant", t.id}, {"meter", meter_id}, {"period", period.label()}});
    }
    auto u = metering::usage(m, from, to, rounding::half_up);
    auto meter_lines = tariff::rate(tar, u, s.rule());
    for (auto& l : meter_lines) lines.push_back(std::move(l));
    usages.push_back(std::move(u));
  }
  return assemble(t.id, t.name, period.label(), t.tariff_id, std::move(usages), std::move(lines),
                  s.rule());
}

/// Bills every tenant of the site, in the site's tenant order.
[[nodiscard]] inline std::vector<bill> bill_site(const site& s, const billing_period& period) {
  std::vector<bill> bills;
  bills.reserve(s.tenants().size());
  for (const auto& t : s.tenants()) bills.push_back(bill_tenant(s, t, period));
  return bills;
}

}  // namespace submeter::bill
