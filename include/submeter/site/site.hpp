#pragma once
/// \file
/// site::site: a submetered site (tariffs and their price histories, meters and their places in
/// the meter tree, tenants with their accounts, readings, interval and reactive data, common
/// areas, the 转供电 settlement) validated as a whole. Pure: src/io reads it from files.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "submeter/allocation/property_fee.hpp"
#include "submeter/allocation/share.hpp"
#include "submeter/allocation/transformer_loss.hpp"
#include "submeter/bill/compliance.hpp"
#include "submeter/bill/issue_terms.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/read_quality.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/relay.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/metering/meter.hpp"
#include "submeter/metering/meter_tree.hpp"
#include "submeter/metering/reading_series.hpp"
#include "submeter/tariff/day_table.hpp"
#include "submeter/tariff/demand_charge.hpp"
#include "submeter/tariff/price_version.hpp"
#include "submeter/tariff/register_tariff.hpp"
#include "submeter/tariff/tier_reset.hpp"
#include "submeter/tariff/tiers.hpp"
#include "submeter/tariff/two_part.hpp"

namespace submeter::site {

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
  /// Format v2 `cut_off` (prepaid, CUT-3): the notice before a cut, the no-cut windows and the
  /// holidays they see; none by default (a cut without notice, at any time).
  ledger::cut_policy cuts{};
  /// Format v2 `cut_off.keep_on`: 保电 (PP-4), the account opens protected: trips are
  /// suppressed and its supply is never cut.
  bool keep_on = false;
  /// Format v2 `deduction: "daily"` (prepaid, 按日扣费, site/live_daily.hpp): the tenant's monthly
  /// fixed charges (property fee, rent) are deducted live at each local-day boundary; false (the
  /// default, `"monthly"`): they reach the balance with the month-end true-up.
  bool daily_fixed_charges = false;
};

/// A tenant's tier counter (TIER-3) at an instant, carried from elsewhere (the system billing the
/// site before, or the store): the kWh its meters under an electricity ladder used from the last
/// reset to `time`.
struct tier_counter_start {
  local_time time{};
  energy kwh;
};

/// A free electricity quota per month (学生公寓, campus and staff housing; ALLOW-1,
/// site/allowance.hpp): in kWh or in yuan, used first, with or without carry-over.
struct tenant_allowance {
  /// Exactly one: kWh free each month, or yuan free each month.
  std::optional<energy> kwh;
  std::optional<money> yuan;
  /// Whether the unused quota of a month carries to the next.
  bool carry_over = false;
  /// With carry-over: what the previous month left unused (in the quota's unit), as its bill
  /// stated it; the platform writes it into the site file (or its store) for the next month.
  energy carried_kwh;
  money carried_yuan;
};

/// A tenant: who is billed, under which tariff, for which meters; the floor area, the recurring
/// charges, the account and the move-out.
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
  /// Move-out (account closing): the tenant is billed up to this instant and its account closed;
  /// in later periods it is not billed (site::run_site warns "tenant_moved_out").
  std::optional<local_time> move_out{};
  /// An electricity ladder's counter at an instant after its last reset (site/tiered_energy.hpp);
  /// without it, the counter is read from the readings at the reset.
  std::optional<tier_counter_start> tier_counter{};
  /// Earlier months' peak demand (kW), for a ratchet of its two-part tariff (site/two_part.hpp).
  std::vector<tariff::month_peak> demand_history{};
  /// A free electricity quota (ALLOW-1), or none.
  std::optional<tenant_allowance> allowance{};
  /// Format v2: move-in: the tenant is billed from this instant; in earlier periods it is not
  /// billed (site::run_site warns "tenant_not_yet_moved_in").
  std::optional<local_time> move_in{};
  /// Format v2: the cycles of its property fee, rent and basic charge by capacity, by component
  /// (property_fee, rent, capacity); a component not here is charged monthly, as in v1
  /// (site/charge_cycles.hpp).
  std::map<bill::component, allocation::cycle_terms> charge_cycles{};
};

/// How supply commands reach a meter (format v2 `comm`, issue 17): its protocol and
/// communication address, so that an outbox row's cut or restore carries its frame (built at the
/// edge from meters/: DL/T 645 relay control 1C, CJ/T 188 valve A017). Plain data here: the
/// site layer does not build frames.
struct meter_comm {
  enum class protocol : std::uint8_t {
    dlt645,  ///< DL/T 645-2007 (an electricity meter's relay)
    cjt188,  ///< CJ/T 188 (a water meter's valve)
  };
  protocol kind = protocol::dlt645;
  /// The address as printed, most significant first: DL/T 645 12 digits (A5..A0), CJ/T 188
  /// 14 digits (A6..A0).
  std::string address;
  /// CJ/T 188: the meter type T (0x10 cold water, …) and the vendor profile's name.
  std::uint8_t meter_type = 0x10;
  std::string profile = "cjt188-2004";
  /// DL/T 645: the password (PA P0 P1 P2, as sent) and operator code (C0..C3, as sent).
  std::array<std::uint8_t, 4> password{{0x02, 0x00, 0x00, 0x00}};
  std::array<std::uint8_t, 4> operator_code{{0x00, 0x00, 0x00, 0x00}};
};

/// A meter's place in the site: what it is in the meter tree (SUP-1: the landlord's own use is
/// never passed on), its medium, its parent, its own tariff (a water meter under a water tariff),
/// and its life when it was replaced in the period. A meter without a place is a tenant's
/// electricity meter outside any tree.
struct meter_place {
  std::string meter_id;
  /// grid_master, transformer, feeder, tenant, common_area or landlord_own_use (a real meter:
  /// the virtual kinds are refused).
  metering::node_kind role = metering::node_kind::tenant;
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
  /// Format v2: how supply commands reach the meter (its protocol and address), or none.
  std::optional<meter_comm> comm{};
};

/// A tiered water tariff of the site (TIER-3, water ladders 1 : 1.5 : 3), reset every month.
using water_tariff = tariff::tiered_tariff<volume>;

/// A tiered electricity tariff of the site (阶梯电价, TIER-1..TIER-3): a ladder on the meters'
/// total register and when its counter restarts (monthly, or yearly on the 1st of a month: a
/// billing-month bound, so a period is never cut by a reset). The counter is the tenant's
/// (site/tiered_energy.hpp).
struct electricity_ladder {
  tariff::tiered_tariff<energy> ladder;
  tariff::tier_reset reset;

  [[nodiscard]] const std::string& id() const noexcept { return ladder.id(); }
};

/// A transformer of the site (format v2) whose loss is computed by DL/T 686 (TXL-1) and added at
/// the node of the meter it feeds (site/transformers.hpp).
struct site_transformer {
  std::string id;
  /// The meter it feeds: an electricity meter with meters below it.
  std::string meter_id;
  /// Rated kVA, no-load loss P0 and load loss Pk (kW).
  allocation::transformer_nameplate nameplate;
  /// Hours energised T; the period's hours when not given.
  std::optional<ratio> hours;
  /// The load-shape factor K (default 1).
  allocation::loss_factor k;
};

/// A two-part tariff of the site: its terms, and the tariff of the site that prices its energy.
struct two_part_tariff {
  std::string id;
  std::string energy_tariff_id;
  tariff::two_part_tariff terms;
  /// Demand basis: a ratchet on the billing demand (tariffs.md §1.5), or none.
  std::optional<tariff::ratchet> ratchet{};
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

/// The 转供电 settlement of the site (SUP-2): the mode, the catalogue price that values common
/// area and losses (Mode A), the grid master meter, and the utility's bill per month.
struct settlement_terms {
  /// Mode A (catalogue_price, the default): tenants pay their tariffs; Mode B (pass_through):
  /// each period's grid bill is shared among the end users by kWh (site/pass_through.hpp).
  bill::settlement_mode mode = bill::settlement_mode::catalogue_price;
  std::optional<energy_price> catalogue_price;
  std::string grid_master;
  /// "2026-07" → the grid bill.
  std::map<std::string, money> grid_bills;
  /// Losses (grid master − Σ end-user meters) shared among tenants by this basis; none when
  /// not set.
  std::optional<allocation::basis> loss_basis;
};

/// Format v2 `water_losses`: the water tree's losses (the master water meter − Σ the water meters
/// below it) shared among the tenants with a water meter (site/water_losses.hpp).
struct water_loss_terms {
  /// The master water meter: a water meter of role grid_master.
  std::string master;
  /// consumption (by m³; down the water tree when it has one), area or equal.
  allocation::basis basis = allocation::basis::consumption;
  /// Values the lost m³ (what the landlord pays the water supplier), yuan/m³.
  unit_price<volume> price;
};

/// Everything a site is made of, before it is validated (what src/io reads from a site
/// directory). Only name, currency, tariffs, meters, tenants and readings are needed; the rest
/// may stay empty.
struct site_parts {
  std::string name;
  /// The currency code as the site states it ("CNY"); submeter never converts currencies.
  std::string currency;
  bill::rounding_rule rule;
  /// Flat and TOU tariffs.
  std::vector<tariff::register_tariff> tariffs;
  /// Price histories of TOU tariffs, by tariff id (mid-month changes, retroactive corrections).
  std::map<std::string, tariff::version_history> versions;
  /// Per version id, when it was published when later than it took effect (电费退补).
  std::map<std::string, local_time> published;
  /// Format v2 `tou_periods`: the day table (every day) of a versioned TOU tariff, by tariff id,
  /// which classifies a meter's interval data into its rate registers so that a price change
  /// inside the period is split by interval data (TOU-5, RETRO-2; site/interval_split.hpp).
  std::map<std::string, tariff::day_table> tou_periods;
  std::vector<water_tariff> water_tariffs;
  std::vector<two_part_tariff> two_part_tariffs;
  /// Tiered electricity tariffs (format v2).
  std::vector<electricity_ladder> electricity_ladders;
  /// Transformers whose DL/T 686 loss is added to the meter tree (format v2).
  std::vector<site_transformer> transformers;
  std::vector<metering::meter> meters;
  /// The places of the meters that have one.
  std::vector<meter_place> places;
  std::vector<tenant> tenants;
  std::vector<metering::reading_series> readings;
  std::vector<meter_intervals> intervals;
  std::vector<meter_reactive> reactive;
  std::vector<common_area> common_areas;
  settlement_terms settlement;
  /// Format v2 `water_losses`; none when not set.
  std::optional<water_loss_terms> water_losses;
  /// QUAL-1: the reads among `readings` that are not actual (estimated, substituted): a bill
  /// using one says so. Empty for a site whose readings are all actual (readings.csv).
  std::vector<bill::read_note> read_notes{};
  /// QUAL-2: estimates an earlier bill may have been issued with whose actual read has arrived
  /// since (the actual is in `readings`, at the same meter, register and time); the bill
  /// starting at that read carries a true-up line for each (site/estimate_true_up.hpp).
  std::vector<bill::read_note> replaced_estimates{};
  /// Issue 22 #8, #9: bill numbers and tax lines (site file v2); none asked for by default.
  bill::issue_terms issue{};
};

/// A validated site. Built by make(), so every reference resolves.
class site {
 public:
  /// Validates `parts`. Refuses: an id given twice among tariffs, meters, tenants, places,
  /// interval or reactive series (errc::duplicate); a tenant with no meter
  /// (errc::invalid_argument); a tenant, place or two-part tariff naming an unknown tariff or
  /// meter, readings or data of an unknown meter, price versions of a tariff that is not a TOU
  /// tariff, a common area naming an unknown tenant (errc::not_found); a meter billed to two
  /// tenants, a grid master with a parent, a meter whose parent measures another medium, a water
  /// meter under another tariff than a water tariff, a replacement whose times do not meet
  /// (errc::inconsistent); a meter removed before
  /// it is installed (errc::out_of_order); a place of a virtual kind (errc::invalid_argument); a
  /// read note or replaced estimate (QUAL-1, QUAL-2) on a read the site does not have (meter,
  /// time, register) or whose quality is actual (errc::not_found); a site settled by pass-through
  /// (SUP-2 Mode B) with losses to share, an electricity common area or a two-part tariff
  /// (errc::inconsistent: the grid bill's shares hold them).
  /// The context names the tenant, meter or tariff.
  [[nodiscard]] static site make(site_parts parts) {
    site s;
    s.parts_ = std::move(parts);
    s.index();
    return s;
  }

  /// Everything the site was made of, as validated (to derive a changed site: copy, edit, make).
  [[nodiscard]] const site_parts& parts() const noexcept { return parts_; }
  [[nodiscard]] const std::string& name() const noexcept { return parts_.name; }
  /// The currency code as the site states it ("CNY"); submeter never converts currencies.
  [[nodiscard]] const std::string& currency() const noexcept { return parts_.currency; }
  [[nodiscard]] const bill::rounding_rule& rule() const noexcept { return parts_.rule; }
  [[nodiscard]] const std::vector<tariff::register_tariff>& tariffs() const noexcept {
    return parts_.tariffs;
  }
  [[nodiscard]] const std::vector<water_tariff>& water_tariffs() const noexcept {
    return parts_.water_tariffs;
  }
  [[nodiscard]] const std::vector<two_part_tariff>& two_part_tariffs() const noexcept {
    return parts_.two_part_tariffs;
  }
  /// The price histories of TOU tariffs, by tariff id.
  [[nodiscard]] const std::map<std::string, tariff::version_history>& price_versions()
      const noexcept {
    return parts_.versions;
  }
  [[nodiscard]] const std::vector<metering::meter>& meters() const noexcept {
    return parts_.meters;
  }
  [[nodiscard]] const std::vector<meter_place>& places() const noexcept { return parts_.places; }
  [[nodiscard]] const std::vector<tenant>& tenants() const noexcept { return parts_.tenants; }
  [[nodiscard]] const std::vector<metering::reading_series>& readings() const noexcept {
    return parts_.readings;
  }
  [[nodiscard]] const std::vector<common_area>& common_areas() const noexcept {
    return parts_.common_areas;
  }
  [[nodiscard]] const settlement_terms& settlement() const noexcept { return parts_.settlement; }
  /// Bill numbers and tax lines asked for (bill/issue_terms.hpp).
  [[nodiscard]] const bill::issue_terms& issue() const noexcept { return parts_.issue; }

  /// The register tariff with id `id`; throws errc::not_found.
  [[nodiscard]] const tariff::register_tariff& tariff(const std::string& id) const {
    const auto it = tariff_index_.find(id);
    if (it == tariff_index_.end()) throw error(errc::not_found, "unknown tariff", {{"tariff", id}});
    return parts_.tariffs[it->second];
  }
  /// The meter with id `id`; throws errc::not_found.
  [[nodiscard]] const metering::meter& meter(const std::string& id) const {
    const auto it = meter_index_.find(id);
    if (it == meter_index_.end()) throw error(errc::not_found, "unknown meter", {{"meter", id}});
    return parts_.meters[it->second];
  }
  /// The meter's place in the site, or nullptr (a tenant's electricity meter outside a tree).
  [[nodiscard]] const meter_place* place(const std::string& meter_id) const noexcept {
    const auto it = place_index_.find(meter_id);
    return it == place_index_.end() ? nullptr : &parts_.places[it->second];
  }
  /// The water tariff with id `id`, or nullptr.
  [[nodiscard]] const water_tariff* water(const std::string& id) const noexcept {
    for (const auto& w : parts_.water_tariffs)
      if (w.id() == id) return &w;
    return nullptr;
  }
  /// The tiered electricity tariff with id `id`, or nullptr.
  [[nodiscard]] const electricity_ladder* ladder(const std::string& id) const noexcept {
    for (const auto& l : parts_.electricity_ladders)
      if (l.id() == id) return &l;
    return nullptr;
  }
  /// The two-part tariff with id `id`, or nullptr.
  [[nodiscard]] const two_part_tariff* two_part(const std::string& id) const noexcept {
    for (const auto& t : parts_.two_part_tariffs)
      if (t.id == id) return &t;
    return nullptr;
  }
  /// The price history of register tariff `id`, or nullptr when it has a single price.
  [[nodiscard]] const tariff::version_history* versions(const std::string& id) const noexcept {
    const auto it = parts_.versions.find(id);
    return it == parts_.versions.end() ? nullptr : &it->second;
  }
  /// When price version `version_id` was published, when later than it took effect.
  [[nodiscard]] std::optional<local_time> published(const std::string& version_id) const {
    const auto it = parts_.published.find(version_id);
    if (it == parts_.published.end()) return std::nullopt;
    return it->second;
  }
  /// The day table of versioned TOU tariff `id` (format v2 `tou_periods`), or nullptr.
  [[nodiscard]] const tariff::day_table* tou_periods(const std::string& id) const noexcept {
    const auto it = parts_.tou_periods.find(id);
    return it == parts_.tou_periods.end() ? nullptr : &it->second;
  }
  /// The interval data of meter `id`, or nullptr.
  [[nodiscard]] const metering::interval_series* intervals(const std::string& id) const noexcept {
    const auto it = intervals_index_.find(id);
    return it == intervals_index_.end() ? nullptr : &parts_.intervals[it->second].series;
  }
  /// The reactive readings of meter `id`, or nullptr.
  [[nodiscard]] const meter_reactive* reactive(const std::string& id) const noexcept {
    const auto it = reactive_index_.find(id);
    return it == reactive_index_.end() ? nullptr : &parts_.reactive[it->second];
  }
  /// True when `id` names a register, water, two-part or electricity ladder tariff of the site.
  [[nodiscard]] bool knows_tariff(const std::string& id) const noexcept {
    return tariff_index_.count(id) != 0 || water(id) != nullptr || two_part(id) != nullptr ||
           ladder(id) != nullptr;
  }
  /// QUAL-1: the reads of the readings that are not actual.
  [[nodiscard]] const std::vector<bill::read_note>& read_notes() const noexcept {
    return parts_.read_notes;
  }
  /// QUAL-1: the notes of meter `id`'s reads at `time`, in the order given.
  [[nodiscard]] std::vector<const bill::read_note*> read_notes_at(const std::string& id,
                                                                  local_time time) const {
    std::vector<const bill::read_note*> out;
    const auto [first, last] = note_index_.equal_range(id);
    for (auto it = first; it != last; ++it) {
      const auto& n = parts_.read_notes[it->second];
      if (n.time == time) out.push_back(&n);
    }
    return out;
  }
  /// QUAL-2: estimates replaced by an actual read since.
  [[nodiscard]] const std::vector<bill::read_note>& replaced_estimates() const noexcept {
    return parts_.replaced_estimates;
  }
  /// The readings of meter `id`, or nullptr when it has none.
  [[nodiscard]] const metering::reading_series* series(const std::string& id) const noexcept {
    const auto it = series_index_.find(id);
    return it == series_index_.end() ? nullptr : &parts_.readings[it->second];
  }

 private:
  site() = default;

  site_parts parts_;
  // Id → position, hashed: every tenant's bill looks its meters, places and readings up here
  // several times (a balanced tree was 7 % of a 100,000-tenant run in string compares).
  using id_index = std::unordered_map<std::string, std::size_t>;
  id_index tariff_index_;
  id_index meter_index_;
  id_index series_index_;
  id_index place_index_;
  id_index intervals_index_;
  id_index reactive_index_;
  std::multimap<std::string, std::size_t> note_index_;  // equal_range in the order given

  void known_meter(const std::string& id, const char* in) const {
    if (meter_index_.count(id) == 0) {
      throw error(errc::not_found, "unknown meter", {{"meter", id}, {"in", in}});
    }
  }

  void index() {
    index_tariffs();
    const auto& p = parts_;
    meter_index_.reserve(p.meters.size());
    series_index_.reserve(p.readings.size());
    place_index_.reserve(p.places.size());
    for (std::size_t i = 0; i < p.meters.size(); ++i) {
      if (!meter_index_.emplace(p.meters[i].id(), i).second) {
        throw error(errc::duplicate, "a meter id is given twice", {{"meter", p.meters[i].id()}});
      }
    }
    const auto tenant_ids = index_tenants();
    for (std::size_t i = 0; i < p.readings.size(); ++i) {
      const auto& id = p.readings[i].source().id();
      if (meter_index_.count(id) == 0) {
        throw error(errc::not_found, "readings of an unknown meter", {{"meter", id}});
      }
      if (!series_index_.emplace(id, i).second) {
        throw error(errc::duplicate, "two reading series for one meter", {{"meter", id}});
      }
    }
    index_places();
    for (const auto& c : p.common_areas) {
      known_meter(c.meter_id, "common_areas");
      for (const auto& t : c.tenant_ids) {
        if (tenant_ids.count(t) == 0) {
          throw error(errc::not_found, "unknown tenant", {{"common_area", c.id}, {"tenant", t}});
        }
      }
    }
    for (std::size_t i = 0; i < p.intervals.size(); ++i) {
      known_meter(p.intervals[i].meter_id, "intervals");
      if (!intervals_index_.emplace(p.intervals[i].meter_id, i).second) {
        throw error(errc::duplicate, "two interval series for one meter",
                    {{"meter", p.intervals[i].meter_id}});
      }
    }
    for (std::size_t i = 0; i < p.reactive.size(); ++i) {
      known_meter(p.reactive[i].meter_id, "reactive");
      if (!reactive_index_.emplace(p.reactive[i].meter_id, i).second) {
        throw error(errc::duplicate, "two reactive series for one meter",
                    {{"meter", p.reactive[i].meter_id}});
      }
    }
    if (!p.settlement.grid_master.empty()) known_meter(p.settlement.grid_master, "settlement");
    check_pass_through();
    check_transformers();
    if (p.water_losses) {
      known_meter(p.water_losses->master, "water_losses");
      const auto* wp = place(p.water_losses->master);
      if (wp == nullptr || wp->medium != metering::medium::water ||
          wp->role != metering::node_kind::grid_master) {
        throw error(errc::inconsistent,
                    "the water losses' master is a water meter of role grid_master",
                    {{"meter", p.water_losses->master}});
      }
    }
    index_notes(p.read_notes, "read_notes");
    for (std::size_t i = 0; i < p.read_notes.size(); ++i) {
      note_index_.emplace(p.read_notes[i].meter_id, i);
    }
    index_notes(p.replaced_estimates, "replaced_estimates");
  }

  // A transformer feeds a known electricity meter with meters below it, one transformer per
  // meter, and its loss is shared down the tree: the site shares losses (TXL-3).
  void check_transformers() const {
    const auto& p = parts_;
    std::set<std::string> ids;
    std::set<std::string> fed;
    for (const auto& t : p.transformers) {
      if (!ids.insert(t.id).second) {
        throw error(errc::duplicate, "a transformer id is given twice", {{"transformer", t.id}});
      }
      known_meter(t.meter_id, "transformers");
      if (!fed.insert(t.meter_id).second) {
        throw error(errc::duplicate, "two transformers feed one meter",
                    {{"transformer", t.id}, {"meter", t.meter_id}});
      }
      const auto* at = place(t.meter_id);
      bool has_children = false;
      for (const auto& q : p.places) has_children = has_children || q.parent == t.meter_id;
      if (at == nullptr || at->medium != metering::medium::electricity || !has_children) {
        throw error(errc::inconsistent,
                    "a transformer feeds an electricity meter with meters below it",
                    {{"transformer", t.id}, {"meter", t.meter_id}});
      }
      if (!p.settlement.loss_basis) {
        throw error(errc::inconsistent, "a transformer's loss needs the site to share losses",
                    {{"transformer", t.id}, {"expected", "losses {basis}"}});
      }
    }
  }

  // SUP-2 Mode B shares the whole grid bill (basic charge, 力调, common area and losses inside):
  // a separate common-area, loss or basic-charge line would charge them twice.
  void check_pass_through() const {
    const auto& p = parts_;
    if (p.settlement.mode != bill::settlement_mode::pass_through) return;
    const auto refuse = [](const char* what, std::vector<context_item> context) {
      throw error(errc::inconsistent,
                  std::string("a site settled by pass-through (SUP-2 Mode B) has no ") + what +
                      ": the grid bill's shares hold it",
                  std::move(context));
    };
    if (p.settlement.loss_basis) refuse("losses to share", {{"in", "settlement"}});
    for (const auto& c : p.common_areas) {
      const auto* at = place(c.meter_id);
      if (at == nullptr || at->medium == metering::medium::electricity) {
        refuse("electricity common area", {{"common_area", c.id}, {"meter", c.meter_id}});
      }
    }
    for (const auto& t : p.tenants) {
      if (two_part(t.tariff_id) != nullptr) {
        refuse("two-part tariff", {{"tenant", t.id}, {"tariff", t.tariff_id}});
      }
      if (t.allowance && t.allowance->kwh) {
        refuse("kWh allowance (a kWh quota is priced at the tariff; give it in yuan)",
               {{"tenant", t.id}});
      }
    }
    for (const auto& m : p.places) {
      if (!m.tariff_id.empty() && two_part(m.tariff_id) != nullptr) {
        refuse("two-part tariff", {{"meter", m.meter_id}, {"tariff", m.tariff_id}});
      }
    }
  }

  // A note is about a reading the site has: its meter, time and register (QUAL-1, QUAL-2).
  void index_notes(const std::vector<bill::read_note>& notes, const char* in) const {
    for (const auto& n : notes) {
      known_meter(n.meter_id, in);
      const auto* found = series(n.meter_id);
      std::optional<metering::register_reading> r;
      if (found != nullptr) r = found->at_or_before(n.time, std::chrono::seconds(0));
      const bool has = r && r->time == n.time &&
                       (n.register_number == 0 || r->rate(n.register_number).has_value());
      if (!has || n.quality == metering::reading_quality::actual) {
        throw error(errc::not_found, "a note on a read the site does not have, or an actual one",
                    {{"meter", n.meter_id},
                     {"in", in},
                     {"register", metering::register_name(n.register_number)},
                     {"time", local_interval::format(n.time)},
                     {"quality", std::string(metering::to_string(n.quality))}});
      }
    }
  }

  void index_tariffs() {
    const auto& p = parts_;
    for (std::size_t i = 0; i < p.tariffs.size(); ++i) {
      if (!tariff_index_.emplace(p.tariffs[i].id(), i).second) {
        throw error(errc::duplicate, "a tariff id is given twice", {{"tariff", p.tariffs[i].id()}});
      }
    }
    std::set<std::string> others;  // water and two-part tariffs
    const auto taken = [&](const std::string& id) {
      if (tariff_index_.count(id) != 0 || !others.insert(id).second) {
        throw error(errc::duplicate, "a tariff id is given twice", {{"tariff", id}});
      }
    };
    for (const auto& w : p.water_tariffs) taken(w.id());
    for (const auto& t : p.two_part_tariffs) taken(t.id);
    for (const auto& l : p.electricity_ladders) taken(l.id());
    for (const auto& [id, h] : p.versions) {
      (void)h;
      const auto it = tariff_index_.find(id);
      if (it == tariff_index_.end() ||
          p.tariffs[it->second].kind() != tariff::register_tariff_kind::tou) {
        throw error(errc::not_found, "price versions of an unknown TOU tariff", {{"tariff", id}});
      }
    }
    for (const auto& [id, table] : p.tou_periods) {
      if (p.versions.count(id) == 0) {
        throw error(errc::not_found, "TOU periods of a tariff without price versions",
                    {{"tariff", id}});
      }
      for (const int r : table.registers_used()) {
        if (!p.versions.at(id).versions().front().prices.price(r)) {
          throw error(errc::inconsistent, "TOU periods name a register the tariff does not price",
                      {{"tariff", id}, {"register", metering::register_name(r)}});
        }
      }
    }
    for (const auto& t : p.two_part_tariffs) {
      if (tariff_index_.count(t.energy_tariff_id) == 0) {
        throw error(errc::not_found, "a two-part tariff's energy tariff is unknown",
                    {{"tariff", t.id}, {"energy_tariff", t.energy_tariff_id}});
      }
    }
  }

  /// Checks the tenants; returns their ids.
  [[nodiscard]] std::unordered_set<std::string> index_tenants() const {
    std::unordered_map<std::string, std::string> owner;  // meter -> tenant
    std::unordered_set<std::string> ids;
    owner.reserve(parts_.meters.size());
    ids.reserve(parts_.tenants.size());
    for (const auto& t : parts_.tenants) {
      if (!ids.insert(t.id).second) {
        throw error(errc::duplicate, "a tenant id is given twice", {{"tenant", t.id}});
      }
      if (!knows_tariff(t.tariff_id)) {
        throw error(errc::not_found, "unknown tariff", {{"tenant", t.id}, {"tariff", t.tariff_id}});
      }
      if (t.meter_ids.empty()) {
        throw error(errc::invalid_argument, "a tenant needs at least one meter",
                    {{"tenant", t.id}});
      }
      if (t.allowance && t.allowance->kwh.has_value() == t.allowance->yuan.has_value()) {
        throw error(errc::invalid_argument, "an allowance is in kWh or in yuan, one of them",
                    {{"tenant", t.id}});
      }
      if (t.move_in && t.move_out && !(*t.move_in < *t.move_out)) {
        throw error(errc::out_of_order, "a tenant moves out before it moves in",
                    {{"tenant", t.id}});
      }
      for (const auto& m : t.meter_ids) {
        if (meter_index_.count(m) == 0) {
          throw error(errc::not_found, "unknown meter", {{"tenant", t.id}, {"meter", m}});
        }
        const auto [it, fresh] = owner.emplace(m, t.id);
        if (!fresh) {
          throw error(errc::inconsistent, "a meter is billed to two tenants",
                      {{"meter", m}, {"tenant", it->second}, {"other_tenant", t.id}});
        }
      }
    }
    return ids;
  }

  void index_places() {
    const auto& places = parts_.places;
    for (std::size_t i = 0; i < places.size(); ++i) {
      const auto& p = places[i];
      known_meter(p.meter_id, "meters");
      if (!place_index_.emplace(p.meter_id, i).second) {
        throw error(errc::duplicate, "a meter is placed twice", {{"meter", p.meter_id}});
      }
    }
    for (const auto& p : places) {
      if (p.role == metering::node_kind::virtual_sum ||
          p.role == metering::node_kind::virtual_difference ||
          p.role == metering::node_kind::virtual_share) {
        throw error(errc::invalid_argument, "a site's meter is a real meter, not a virtual one",
                    {{"meter", p.meter_id}, {"role", std::string(metering::to_string(p.role))}});
      }
      if (!p.parent.empty() && place_index_.count(p.parent) == 0) {
        throw error(errc::not_found, "unknown parent meter",
                    {{"meter", p.meter_id}, {"parent", p.parent}});
      }
      if (!p.parent.empty() && place(p.parent)->medium != p.medium) {
        throw error(errc::inconsistent, "a meter's parent measures another medium",
                    {{"meter", p.meter_id},
                     {"parent", p.parent},
                     {"medium", std::string(metering::to_string(p.medium))},
                     {"parent_medium", std::string(metering::to_string(place(p.parent)->medium))}});
      }
      if (p.role == metering::node_kind::grid_master && !p.parent.empty()) {
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
  }
};

/// A contiguous part of a site's tenants, [first, last) in site::tenants() order: what one shard
/// of a site billed in parts bills (site/shard.hpp). The whole site is {0, tenants().size()}.
struct tenant_range {
  std::size_t first = 0;
  std::size_t last = 0;

  [[nodiscard]] std::size_t size() const noexcept { return last - first; }
  [[nodiscard]] bool contains(std::size_t i) const noexcept { return first <= i && i < last; }
  friend bool operator==(const tenant_range& a, const tenant_range& b) noexcept {
    return a.first == b.first && a.last == b.last;
  }
};

/// Every tenant of `s`, as one range.
[[nodiscard]] inline tenant_range all_tenants(const site& s) noexcept {
  return {0, s.tenants().size()};
}

/// `s`'s tenants cut into `parts` contiguous ranges, in order, whose sizes differ by at most one
/// (the first ranges take the extra tenants); fewer ranges when the site has fewer tenants than
/// `parts`, and one empty range for a site without tenants. Refuses (errc::invalid_argument)
/// parts < 1.
[[nodiscard]] inline std::vector<tenant_range> split_tenants(const site& s, std::size_t parts) {
  if (parts < 1) {
    throw error(errc::invalid_argument, "a site is split into at least one part",
                {{"parts", std::to_string(parts)}});
  }
  const std::size_t n = s.tenants().size();
  const std::size_t k = std::max<std::size_t>(1, std::min(parts, n));
  std::vector<tenant_range> out;
  out.reserve(k);
  std::size_t first = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t size = n / k + (i < n % k ? 1 : 0);
    out.push_back({first, first + size});
    first += size;
  }
  return out;
}

/// True for a water meter.
[[nodiscard]] inline bool is_water(const site& s, const std::string& meter_id) noexcept {
  const auto* p = s.place(meter_id);
  return p != nullptr && p->medium == metering::medium::water;
}

/// The tenant's electricity meters (water meters excluded), in the tenant's order.
[[nodiscard]] inline std::vector<std::string> electricity_meters(const site& s, const tenant& t) {
  std::vector<std::string> out;
  for (const auto& m : t.meter_ids) {
    if (!is_water(s, m)) out.push_back(m);
  }
  return out;
}

/// The part of `window` a meter of tenant `t` measured: from its installation (a replacement)
/// to its removal or the tenant's move-out; nullopt when the meter was not in service then.
[[nodiscard]] inline std::optional<local_interval> meter_window(const site& s, const tenant& t,
                                                                const std::string& meter_id,
                                                                const local_interval& window) {
  local_time begin = window.begin();
  local_time end = window.end();
  if (t.move_in && *t.move_in > begin) begin = *t.move_in;
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

/// Whole days in `w`, at least 1 (water ladders per day, proration, occupancy).
[[nodiscard]] inline std::int64_t days_in(const local_interval& w) {
  const auto d = std::chrono::duration_cast<std::chrono::minutes>(w.end() - w.begin()).count();
  return std::max<std::int64_t>(1, (d + 1439) / 1440);
}

}  // namespace submeter::site
