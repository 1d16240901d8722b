#pragma once
/// \file
/// bill::site: a submetered site (tariffs, meters, tenants, readings) validated as a whole, and
/// billing it for a period. Pure: the site is read from files by src/io.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "submeter/allocation/property_fee.hpp"
#include "submeter/allocation/share.hpp"
#include "submeter/bill/bill.hpp"
#include "submeter/bill/compliance.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/relay.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/metering/meter.hpp"
#include "submeter/metering/meter_tree.hpp"
#include "submeter/metering/reading_series.hpp"
#include "submeter/tariff/price_version.hpp"
#include "submeter/tariff/register_tariff.hpp"
#include "submeter/tariff/tiers.hpp"
#include "submeter/tariff/two_part.hpp"
#include "submeter/tariff/version_split.hpp"

namespace submeter::bill {

/// A recharge paid into a prepaid account during the period.
struct account_recharge {
  local_time time{};
  money amount;
  /// The payment's reference (a WeChat or bank transaction id).
  std::string reference;
  ledger::channel how = ledger::channel::wechat_pay;
};

/// How a tenant settles its bills (ledger PP-1..PP-9): prepaid or postpaid, the balance at the
/// start of the period, the alarm levels and the recharges paid during the period.
struct tenant_account {
  ledger::account_mode mode = ledger::account_mode::postpaid;
  /// Prepaid: money on the account at the period start; postpaid: a credit (normally zero).
  money opening_balance;
  /// PP-1 levels (prepaid).
  ledger::level_params levels;
  std::vector<account_recharge> recharges;
};

/// A tenant: who is billed, under which tariff, for which meters, and (site format v1) the
/// tenant's floor area, recurring charges, account and move-out.
struct tenant {
  std::string id;
  std::string name;
  std::string tariff_id;
  std::vector<std::string> meter_ids;
  /// Floor area, m² (property fee and rent per m², shares by area).
  area floor_area{};
  /// Two-part tariffs with a capacity basis: the kVA in operation (TP-2).
  power capacity_kva{};
  /// Property fee and rent (allocation/property_fee.hpp), charged for the days occupied.
  std::vector<allocation::recurring_charge> recurring{};
  std::optional<tenant_account> account{};
  /// Move-out (account closing): the tenant is billed up to this instant and its account closed.
  std::optional<local_time> move_out{};
};

/// What a meter is in the site's tree (SUP-1: the landlord's own use is never passed on).
enum class meter_role { tenant, grid_master, feeder, common_area, landlord };

/// A meter's place in the site (format v1): its role, medium, parent in the meter tree, its own
/// tariff (a water meter under a water tariff), and its life when it was replaced in the period.
struct meter_place {
  std::string meter_id;
  meter_role role = meter_role::tenant;
  metering::medium medium = metering::medium::electricity;
  /// The meter upstream (empty for a grid master).
  std::string parent;
  /// Overrides the tenant's tariff for this meter (empty: the tenant's).
  std::string tariff_id;
  /// A replacement: the old meter is removed and the new one installed at one instant; the
  /// readings at that instant are the old meter's final and the new meter's initial reading.
  std::optional<local_time> installed;
  std::optional<local_time> removed;
  std::string replaces;
};

/// A tiered water tariff of the site (TIER-3, water ladders 1 : 1.5 : 3), reset every month.
using water_tariff = tariff::tiered_tariff<volume>;

/// A two-part tariff of the site: its energy part is another tariff of the site.
struct site_two_part {
  std::string id;
  std::string energy_tariff_id;
  tariff::two_part_tariff terms;
};

/// A common-area meter shared among tenants (CA-1..CA-4); an empty tenant list means every tenant
/// with an electricity meter.
struct common_area {
  std::string id;
  std::string meter_id;
  allocation::basis basis = allocation::basis::area;
  std::vector<std::string> tenant_ids;
};

/// 15-minute (or other step) interval energies of one meter (primary side, multiplier applied).
struct meter_intervals {
  std::string meter_id;
  metering::interval_series series;
};

/// One cumulative reactive-import register reading (kvarh, before the multiplier).
struct reactive_reading {
  local_time time{};
  reactive_energy kvarh;
};

/// The reactive readings of one meter, in time order.
struct meter_reactive {
  std::string meter_id;
  std::vector<reactive_reading> readings;
};

/// The 转供电 settlement of the site (SUP-2 Mode A): the catalogue price that values common area
/// and losses, the grid master meter, and the utility's bill per month.
struct site_settlement {
  settlement_mode mode = settlement_mode::catalogue_price;
  std::optional<energy_price> catalogue_price;
  std::string grid_master;
  /// "2026-07" → the grid bill.
  std::map<std::string, money> grid_bills;
  /// Losses (grid master − Σ end-user meters) shared among tenants by this basis; none when
  /// not set.
  std::optional<allocation::basis> loss_basis;
};

/// Everything format v1 adds to a site; all empty for a v0 site.
struct site_setup {
  /// Price histories of TOU tariffs, by tariff id (mid-month changes, retroactive corrections).
  std::map<std::string, tariff::version_history> versions;
  /// Per version id, when it was published when later than it took effect (电费退补).
  std::map<std::string, local_time> published;
  std::vector<water_tariff> water_tariffs;
  std::vector<site_two_part> two_part;
  std::vector<meter_place> places;
  std::vector<common_area> common_areas;
  std::vector<meter_intervals> intervals;
  std::vector<meter_reactive> reactive;
  site_settlement settlement;
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
                                 std::vector<metering::reading_series> readings,
                                 site_setup setup = {}) {
    site s(std::move(name), std::move(currency), rule);
    for (std::size_t i = 0; i < tariffs.size(); ++i) {
      if (!s.tariff_index_.emplace(tariffs[i].id(), i).second) {
        throw error(errc::duplicate, "a tariff id is given twice", {{"tariff", tariffs[i].id()}});
      }
    }
    s.index_setup(tariffs, setup);
    s.setup_ = std::move(setup);
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
      if (!s.knows_tariff(t.tariff_id)) {
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
    s.check_setup(tenant_ids);
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
  /// What format v1 adds (empty for a v0 site).
  [[nodiscard]] const site_setup& setup() const noexcept { return setup_; }
  /// The meter's place in the site, or nullptr (a v0 meter: a tenant's electricity meter).
  [[nodiscard]] const meter_place* place(const std::string& meter_id) const noexcept {
    const auto it = place_index_.find(meter_id);
    return it == place_index_.end() ? nullptr : &setup_.places[it->second];
  }
  /// The water tariff with id `id`, or nullptr.
  [[nodiscard]] const water_tariff* water(const std::string& id) const noexcept {
    for (const auto& w : setup_.water_tariffs)
      if (w.id() == id) return &w;
    return nullptr;
  }
  /// The two-part tariff with id `id`, or nullptr.
  [[nodiscard]] const site_two_part* two_part(const std::string& id) const noexcept {
    for (const auto& t : setup_.two_part)
      if (t.id == id) return &t;
    return nullptr;
  }
  /// The price history of register tariff `id`, or nullptr when it has a single price.
  [[nodiscard]] const tariff::version_history* versions(const std::string& id) const noexcept {
    const auto it = setup_.versions.find(id);
    return it == setup_.versions.end() ? nullptr : &it->second;
  }
  /// The interval data of meter `id`, or nullptr.
  [[nodiscard]] const metering::interval_series* intervals(const std::string& id) const noexcept {
    const auto it = intervals_index_.find(id);
    return it == intervals_index_.end() ? nullptr : &setup_.intervals[it->second].series;
  }
  /// The reactive readings of meter `id`, or nullptr.
  [[nodiscard]] const meter_reactive* reactive(const std::string& id) const noexcept {
    const auto it = reactive_index_.find(id);
    return it == reactive_index_.end() ? nullptr : &setup_.reactive[it->second];
  }
  /// True when `id` names a register, water or two-part tariff of the site.
  [[nodiscard]] bool knows_tariff(const std::string& id) const noexcept {
    return tariff_index_.count(id) != 0 || water(id) != nullptr || two_part(id) != nullptr;
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
  std::map<std::string, std::size_t> place_index_;
  std::map<std::string, std::size_t> intervals_index_;
  std::map<std::string, std::size_t> reactive_index_;
  site_setup setup_;

  void index_setup(const std::vector<tariff::register_tariff>& tariffs, const site_setup& setup) {
    const auto taken = [&](const std::string& id) {
      if (tariff_index_.count(id) != 0) {
        throw error(errc::duplicate, "a tariff id is given twice", {{"tariff", id}});
      }
    };
    for (const auto& w : setup.water_tariffs) taken(w.id());
    for (const auto& t : setup.two_part) taken(t.id);
    for (const auto& [id, h] : setup.versions) {
      (void)h;
      const auto it = tariff_index_.find(id);
      if (it == tariff_index_.end() ||
          tariffs[it->second].kind() != tariff::register_tariff_kind::tou) {
        throw error(errc::not_found, "price versions of an unknown TOU tariff", {{"tariff", id}});
      }
    }
  }

  void check_setup(const std::map<std::string, std::size_t>& tenant_ids) {
    const auto known_meter = [&](const std::string& id, const char* what) {
      if (meter_index_.count(id) == 0) {
        throw error(errc::not_found, "unknown meter", {{"meter", id}, {"in", what}});
      }
    };
    std::set<std::string> ids;
    for (const auto& t : setup_.water_tariffs) {
      if (!ids.insert(t.id()).second)
        throw error(errc::duplicate, "a tariff id is given twice", {{"tariff", t.id()}});
    }
    for (const auto& t : setup_.two_part) {
      if (!ids.insert(t.id).second)
        throw error(errc::duplicate, "a tariff id is given twice", {{"tariff", t.id}});
      if (tariff_index_.count(t.energy_tariff_id) == 0) {
        throw error(errc::not_found, "a two-part tariff's energy tariff is unknown",
                    {{"tariff", t.id}, {"energy_tariff", t.energy_tariff_id}});
      }
    }
    for (std::size_t i = 0; i < setup_.places.size(); ++i) {
      const auto& p = setup_.places[i];
      known_meter(p.meter_id, "meters");
      if (!place_index_.emplace(p.meter_id, i).second) {
        throw error(errc::duplicate, "a meter is placed twice", {{"meter", p.meter_id}});
      }
    }
    for (const auto& p : setup_.places) {
      if (!p.parent.empty() && place_index_.count(p.parent) == 0) {
        throw error(errc::not_found, "unknown parent meter",
                    {{"meter", p.meter_id}, {"parent", p.parent}});
      }
      if (p.role == meter_role::grid_master && !p.parent.empty()) {
        throw error(errc::inconsistent, "a grid master meter cannot have a parent",
                    {{"meter", p.meter_id}});
      }
      if (!p.tariff_id.empty() && !knows_tariff(p.tariff_id)) {
        throw error(errc::not_found, "unknown tariff",
                    {{"meter", p.meter_id}, {"tariff", p.tariff_id}});
      }
      if (p.medium == metering::medium::water && !p.tariff_id.empty() &&
          water(p.tariff_id) == nullptr) {
        throw error(errc::inconsistent, "a water meter needs a water tariff",
                    {{"meter", p.meter_id}, {"tariff", p.tariff_id}});
      }
      if (p.installed && p.removed && !(*p.installed < *p.removed)) {
        throw error(errc::out_of_order, "a meter is removed before it is installed",
                    {{"meter", p.meter_id}});
      }
      if (!p.replaces.empty()) {
        const auto* old = place(p.replaces);
        if (old == nullptr || !old->removed || !p.installed || *old->removed != *p.installed) {
          throw error(errc::inconsistent,
                      "a replacing meter is installed when the meter it replaces is removed",
                      {{"meter", p.meter_id}, {"replaces", p.replaces}});
        }
      }
    }
    for (const auto& c : setup_.common_areas) {
      known_meter(c.meter_id, "common_areas");
      for (const auto& t : c.tenant_ids) {
        if (tenant_ids.count(t) == 0) {
          throw error(errc::not_found, "unknown tenant", {{"common_area", c.id}, {"tenant", t}});
        }
      }
    }
    for (std::size_t i = 0; i < setup_.intervals.size(); ++i) {
      known_meter(setup_.intervals[i].meter_id, "intervals");
      if (!intervals_index_.emplace(setup_.intervals[i].meter_id, i).second) {
        throw error(errc::duplicate, "two interval series for one meter",
                    {{"meter", setup_.intervals[i].meter_id}});
      }
    }
    for (std::size_t i = 0; i < setup_.reactive.size(); ++i) {
      known_meter(setup_.reactive[i].meter_id, "reactive");
      if (!reactive_index_.emplace(setup_.reactive[i].meter_id, i).second) {
        throw error(errc::duplicate, "two reactive series for one meter",
                    {{"meter", setup_.reactive[i].meter_id}});
      }
    }
    if (!setup_.settlement.grid_master.empty())
      known_meter(setup_.settlement.grid_master, "settlement");
  }
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

/// The part of `window` a meter of tenant `t` measured: from its installation (a replacement)
/// to its removal or the tenant's move-out; nullopt when the meter was not in service then.
[[nodiscard]] inline std::optional<local_interval> meter_window(const site& s, const tenant& t,
                                                                const std::string& meter_id,
                                                                const local_interval& window) {
  local_time begin = window.begin();
  local_time end = window.end();
  if (t.move_out && *t.move_out < end) end = *t.move_out;
  if (const auto* p = s.place(meter_id)) {
    if (p->installed && *p->installed > begin) begin = *p->installed;
    if (p->removed && *p->removed < end) end = *p->removed;
  }
  if (!(begin < end)) return std::nullopt;
  return local_interval::make(begin, end);
}

/// The tariff that prices meter `meter_id` of tenant `t`: the meter's own, else the tenant's; a
/// two-part tariff prices energy through its energy tariff.
[[nodiscard]] inline std::string meter_tariff_id(const site& s, const tenant& t,
                                                 const std::string& meter_id) {
  const auto* p = s.place(meter_id);
  std::string id = p != nullptr && !p->tariff_id.empty() ? p->tariff_id : t.tariff_id;
  if (const auto* tp = s.two_part(id)) id = tp->energy_tariff_id;
  return id;
}

/// True for a water meter.
[[nodiscard]] inline bool is_water(const site& s, const std::string& meter_id) noexcept {
  const auto* p = s.place(meter_id);
  return p != nullptr && p->medium == metering::medium::water;
}

/// Whole days in `w`, at least 1 (water ladders per day, proration).
[[nodiscard]] inline std::int64_t days_in(const local_interval& w) {
  const auto d = std::chrono::duration_cast<std::chrono::minutes>(w.end() - w.begin()).count();
  return std::max<std::int64_t>(1, (d + 1439) / 1440);
}

}  // namespace detail

/// Bills one tenant's meters for `period` under the site's rounding rule: for each meter, the
/// usage between the readings at the bounds of the part of the period it was in service
/// (billing_period policy; multiplier products rounded half_up to 1e-4), rated by its tariff
/// (the meter's own, else the tenant's): flat or TOU energy lines, split at price versions
/// (TOU-5: reads at the change instant, else by days), or tiered water lines (TIER-3, reset each
/// month). A replaced meter is billed to its removal and its successor from its installation; a
/// tenant moving out is billed to the move-out. `as_issued`, when given, replaces a tariff's
/// price history (re-rating bills as they were issued). Refuses (errc::not_found) a meter without
/// a reading at a bound, and whatever rating refuses.
[[nodiscard]] inline bill bill_tenant(
    const site& s, const tenant& t, const billing_period& period,
    const std::map<std::string, tariff::version_history>* as_issued = nullptr) {
  std::vector<metering::register_usage> usages;
  std::vector<line> lines;
  for (const auto& meter_id : t.meter_ids) {
    const auto window = detail::meter_window(s, t, meter_id, period.window());
    if (!window) continue;
    const auto& m = s.meter(meter_id);
    const auto from = detail::reading_at_bound(s, meter_id, t.id, window->begin(), "start");
    const auto to = detail::reading_at_bound(s, meter_id, t.id, window->end(), "end");
    if (!(from.time < to.time)) {
      throw error(errc::not_found, "no reading inside the billing period",
                  {{"tenant", t.id}, {"meter", meter_id}, {"period", period.label()}});
    }
    auto u = metering::usage(m, from, to, rounding::half_up);
    const auto tariff_id = detail::meter_tariff_id(s, t, meter_id);
    std::vector<line> meter_lines;
    if (const auto* w = s.water(tariff_id)) {
      const auto m3 = volume::from_mantissa(u.total.mantissa());  // readings.csv: m³ at 1e-4
      meter_lines = w->rate(meter_id, {{0, m3}}, {}, detail::days_in(*window), s.rule()).lines;
    } else {
      const tariff::version_history* h = s.versions(tariff_id);
      if (as_issued != nullptr) {
        const auto it = as_issued->find(tariff_id);
        if (it != as_issued->end()) h = &it->second;
      }
      if (h != nullptr) {
        std::vector<metering::register_reading> inside;
        for (const auto& r : s.series(meter_id)->readings()) {
          if (window->begin() < r.time && r.time < window->end()) inside.push_back(r);
        }
        meter_lines = tariff::rate_versions(*h, u, s.rule(), inside);
      } else {
        meter_lines = tariff::rate(s.tariff(tariff_id), u, s.rule());
      }
    }
    if (const auto* p = s.place(meter_id); p != nullptr && (p->removed || p->installed)) {
      const std::string note =
          p->removed
              ? " [meter removed " + local_interval::format(*p->removed) + "]"
              : " [meter installed " + local_interval::format(*p->installed) +
                    (p->replaces.empty() ? std::string() : ", replaces " + p->replaces) + "]";
      for (auto& l : meter_lines) l.explanation += note;
    }
    for (auto& l : meter_lines) lines.push_back(std::move(l));
    usages.push_back(std::move(u));
  }
  if (usages.empty()) {
    throw error(errc::not_found, "no meter of the tenant was in service in the period",
                {{"tenant", t.id}, {"period", period.label()}});
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
