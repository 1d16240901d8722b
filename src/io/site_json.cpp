// site.json (formats "submeter-site-v0", "submeter-site-v1" and "submeter-site-v2") →
// site_document. See docs/formats.md.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "io/detail.hpp"
#include "io/echo.hpp"
#include "io/identifier.hpp"
#include "io/json_fields.hpp"
#include "io/limits.hpp"
#include "io/read_json.hpp"
#include "io/site_bills_json.hpp"
#include "io/site_loader.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/ledger/cut_policy.hpp"
#include "submeter/meters/cjt188/profile.hpp"
#include "submeter/tariff/day_table.hpp"

namespace submeter::io {
namespace {

using json = nlohmann::json;
using site_detail::located;

/// Ids to their position in the file, and sets of ids: views of the strings of the document
/// being read (hashed: a site has 100,000s of meters and tenants).
using id_index = std::unordered_map<std::string_view, std::size_t>;
using id_set = std::unordered_set<std::string_view>;

/// The characters of a string of the document, already checked to be a string.
std::string_view doc_string(const json& j) { return j.get_ref<const std::string&>(); }

/// Where we are in site.json: the file and the JSON path. The path is kept as its segments (keys
/// and indices, no allocation) and spelt out only when an error names it: a site of 100,000
/// tenants builds millions of places and fails at most once.
class place {
 public:
  /// The root `$` of `file`.
  explicit place(const std::string& file) : file_(&file) {}

  /// The member `k`: the place refers to `k`'s characters, which must outlive it (a literal, a
  /// key of the document being read).
  [[nodiscard]] place key(std::string_view k) const { return with({k, 0, false}); }
  [[nodiscard]] place index(std::size_t i) const { return with({{}, i, true}); }

  /// The JSON path, e.g. `$.tenants[3].meters[0]`, each key cut and escaped (a key is input).
  [[nodiscard]] std::string path() const {
    std::string p = "$";
    for (std::size_t n = 0; n < depth_; ++n) {
      const auto& s = segments_[n];
      p += s.is_index ? "[" + std::to_string(s.index) + "]" : "." + echo(s.key);
    }
    return p;
  }

  [[nodiscard]] error fail(errc code, std::string message,
                           const std::vector<context_item>& more = {}) const {
    return located(code, std::move(message),
                   {{"file", *file_}, {"path", path()}, {"field", field()}}, more);
  }

 private:
  struct segment {
    std::string_view key;
    std::size_t index;
    bool is_index;
  };
  /// Deeper than any place of site.json ($.tariffs[i].versions[k].prices.peak is 5).
  static constexpr std::size_t max_depth = 8;

  [[nodiscard]] place with(const segment& s) const {
    if (depth_ == max_depth) throw std::logic_error("site.json place nested too deeply");
    place p(*this);
    p.segments_[p.depth_++] = s;
    return p;
  }
  /// The last key, cut and escaped; an index keeps its array's field; "" at the root.
  [[nodiscard]] std::string field() const {
    for (std::size_t n = depth_; n > 0; --n) {
      if (!segments_[n - 1].is_index) return echo(segments_[n - 1].key);
    }
    return "";
  }

  const std::string* file_;
  std::array<segment, max_depth> segments_{};
  std::size_t depth_ = 0;
};

const json& require(const json& obj, const place& at, const std::string& k) {
  const auto it = obj.find(k);
  if (it == obj.end()) throw at.key(k).fail(errc::parse, "missing field");
  return *it;
}

/// Refuses keys outside `allowed`, so a misspelt field is not silently ignored.
void only_keys(const json& obj, const place& at, std::initializer_list<std::string_view> allowed,
               std::string_view also = {}) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = !also.empty() && it.key() == also;
    for (const auto a : allowed) known = known || it.key() == a;
    if (!known) throw at.key(it.key()).fail(errc::unsupported, "unknown field");
  }
}

const json& expect_object(const json& j, const place& at) {
  if (!j.is_object()) {
    throw at.fail(errc::parse, "expected an object, got " + std::string(type_name(j)));
  }
  return j;
}

const json& expect_array(const json& j, const place& at) {
  if (!j.is_array())
    throw at.fail(errc::parse, "expected an array, got " + std::string(type_name(j)));
  return j;
}

std::string expect_string(const json& j, const place& at) {
  if (!j.is_string())
    throw at.fail(errc::parse, "expected a string, got " + std::string(type_name(j)));
  auto s = j.get<std::string>();
  if (s.empty()) throw at.fail(errc::parse, "expected a non-empty string");
  return s;
}

/// A non-empty string under the identifier rule (identifier.hpp): a tariff, meter, tenant,
/// version or common area id, or a reference to one.
std::string expect_id(const json& j, const place& at) {
  auto s = expect_string(j, at);
  if (const char* problem = id_problem(s)) {
    throw at.fail(errc::invalid_argument, problem, {{"text", s}});
  }
  return s;
}

/// A non-empty string under the name rule (identifier.hpp): a site or tenant name, a reference,
/// a document.
std::string expect_name(const json& j, const place& at) {
  auto s = expect_string(j, at);
  if (const char* problem = name_problem(s)) {
    throw at.fail(errc::invalid_argument, problem, {{"text", s}});
  }
  return s;
}

/// One of a fixed set of names, mapped to its value; anything else is refused, listing them.
template <class T, class Choices>
T expect_choice(const json& j, const place& at, const Choices& choices) {
  const auto text = expect_string(j, at);
  std::string names;
  for (const auto& [name, value] : choices) {
    if (text == name) return value;
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  throw at.fail(errc::parse, "expected one of " + names, {{"text", text}});
}

template <class T>
T expect_one_of(const json& j, const place& at,
                std::initializer_list<std::pair<std::string_view, T>> choices) {
  return expect_choice<T>(j, at, choices);
}

/// One of `values` by the name its `to_string` gives (the enum's own spelling, not restated).
template <class T>
T expect_named(const json& j, const place& at, std::initializer_list<T> values) {
  std::vector<std::pair<std::string_view, T>> choices;
  for (const T v : values) choices.emplace_back(to_string(v), v);
  return expect_choice<T>(j, at, choices);
}

/// Refuses a decimal outside the range of its kind (limits.hpp): a unit price (scale 6) above
/// max_unit_price, a multiplier (ratio) above max_multiplier, any other quantity or amount of
/// 10^10 or more in magnitude.
template <class Decimal>
void check_range(const Decimal& d, const place& at) {
  if constexpr (std::is_same_v<Decimal, ratio>) {
    if (!at_most(d, max_multiplier)) {
      throw at.fail(errc::invalid_argument, "a multiplier must not exceed 1000000",
                    {{"text", d.to_string()}});
    }
  } else if constexpr (Decimal::scale == energy_price::scale) {
    if (!at_most(d, max_unit_price)) {
      throw at.fail(errc::invalid_argument, "a price must not exceed 100000 per unit",
                    {{"text", d.to_string()}});
    }
  } else {
    if (!quantity_in_range(d)) {
      throw at.fail(errc::invalid_argument, "a value out of range",
                    {{"text", d.to_string()}, {"expected", quantity_limit_text}});
    }
  }
}

/// A decimal given as a JSON string ("0.6123"), within the range of its kind (check_range). A
/// JSON number is refused: binary floating point must never hold a price or an amount (NUM-1),
/// and a JSON reader may have rounded it already.
template <class Decimal>
Decimal expect_decimal(const json& j, const place& at) {
  if (j.is_number()) {
    throw at.fail(errc::parse, "expected a decimal string, got a JSON number",
                  {{"hint", "write it as a string, e.g. \"" + describe(j) + "\""}});
  }
  if (!j.is_string()) {
    throw at.fail(errc::parse, "expected a decimal string, got " + std::string(type_name(j)));
  }
  Decimal d;
  try {
    d = Decimal::parse(j.get<std::string>());
  } catch (const error& e) {
    throw at.fail(e.code(), e.message(), e.context());
  }
  check_range(d, at);
  return d;
}

bill::rounding_rule parse_rounding(const json& j, const place& at) {
  expect_object(j, at);
  only_keys(j, at, {"scope", "places", "mode"});
  bill::rounding_rule rule{};
  if (j.contains("scope")) {
    rule.scope =
        expect_one_of<bill::rounding_scope>(j.at("scope"), at.key("scope"),
                                            {{"per_line", bill::rounding_scope::per_line},
                                             {"total_only", bill::rounding_scope::total_only}});
  }
  if (j.contains("places")) {
    const auto& p = j.at("places");
    const auto places = integer_in(p, 0, 4);
    if (!places) {
      throw at.key("places").fail(errc::parse, "expected an integer 0..4", {{"text", describe(p)}});
    }
    rule.places = static_cast<int>(*places);
  }
  if (j.contains("mode")) {
    const auto s = expect_string(j.at("mode"), at.key("mode"));
    bool found = false;
    for (const auto mode : {rounding::half_up, rounding::half_even, rounding::toward_zero,
                            rounding::floor, rounding::ceil}) {
      if (s == to_string(mode)) {
        rule.mode = mode;
        found = true;
      }
    }
    if (!found) {
      throw at.key("mode").fail(
          errc::parse, "expected half_up, half_even, toward_zero, floor or ceil", {{"text", s}});
    }
  }
  return rule;
}

/// tou4 price keys in register order (TOU-4).
constexpr std::string_view tou4_keys[] = {"sharp", "peak", "flat", "valley"};

local_time expect_time(const json& j, const place& at) {
  const auto text = expect_string(j, at);
  const auto t = try_parse_local_time(text);
  if (!t) {
    throw at.fail(errc::parse, "expected a local time YYYY-MM-DDTHH:MM", {{"text", text}});
  }
  return *t;
}

template <class Decimal>
Decimal expect_non_negative(const json& j, const place& at) {
  const auto d = expect_decimal<Decimal>(j, at);
  if (d.is_negative()) {
    throw at.fail(errc::invalid_argument, "must not be negative", {{"text", d.to_string(2)}});
  }
  return d;
}

std::vector<tariff::register_price> tou4_prices(const json& j, const place& prices_at) {
  const auto& prices = expect_object(j, prices_at);
  only_keys(prices, prices_at, {"sharp", "peak", "flat", "valley"});
  std::vector<tariff::register_price> list;
  for (int n = 1; n <= 4; ++n) {
    const std::string_view key = tou4_keys[n - 1];
    if (!prices.contains(key)) continue;
    const auto price = expect_decimal<energy_price>(prices.at(key), prices_at.key(key));
    if (price.is_negative()) {
      throw prices_at.key(key).fail(errc::invalid_argument, "a price must not be negative",
                                    {{"text", price.to_string(2)}});
    }
    list.push_back({n, price});
  }
  if (list.empty()) {
    throw prices_at.fail(errc::parse,
                         "a tou4 tariff needs at least one of sharp, peak, flat, valley");
  }
  return list;
}

// ---- Format v2: tiered electricity (阶梯电价, TIER-1..TIER-3) ----

/// A `tiered` electricity tariff (format v2): `bounds` (kWh, cumulative upper bounds of tiers
/// 1..n-1, increasing), `prices` (yuan/kWh, one more than bounds, not negative) and `counter`
/// `monthly` or `yearly` (TIER-3; a yearly counter restarts on the 1st of `reset_month`, 1..12,
/// default 1). Refuses each bad value at its place.
site::electricity_ladder parse_electricity_ladder(const json& j, const place& at,
                                                  const std::string& id) {
  only_keys(j, at, {"id", "kind", "description", "counter", "reset_month", "bounds", "prices"});
  const auto every =
      expect_one_of<tariff::tier_reset::cycle>(require(j, at, "counter"), at.key("counter"),
                                               {{"monthly", tariff::tier_reset::cycle::monthly},
                                                {"yearly", tariff::tier_reset::cycle::yearly}});
  unsigned month = 1;
  if (j.contains("reset_month")) {
    const auto& m = j.at("reset_month");
    const auto n = integer_in(m, 1, 12);
    if (!n) {
      throw at.key("reset_month")
          .fail(errc::invalid_argument,
                "expected an integer 1..12 (the month a yearly counter "
                "restarts, on its 1st)",
                {{"text", describe(m)}});
    }
    if (every != tariff::tier_reset::cycle::yearly) {
      throw at.key("reset_month")
          .fail(errc::inconsistent, "reset_month is for a yearly counter", {{"text", describe(m)}});
    }
    month = static_cast<unsigned>(*n);
  }
  const auto bounds_at = at.key("bounds");
  const auto& b = expect_array(require(j, at, "bounds"), bounds_at);
  std::vector<energy> bounds;
  for (std::size_t i = 0; i < b.size(); ++i) {
    bounds.push_back(expect_non_negative<energy>(b[i], bounds_at.index(i)));
    if (i > 0 && !(bounds[i - 1] < bounds[i])) {
      throw bounds_at.index(i).fail(
          errc::out_of_order, "tier bounds must increase",
          {{"text", bounds[i].to_string()}, {"previous", bounds[i - 1].to_string()}});
    }
  }
  if (!bounds.empty() && bounds.front().is_zero()) {
    throw bounds_at.index(0).fail(errc::invalid_argument, "the first tier bound must be above 0");
  }
  const auto prices_at = at.key("prices");
  const auto& p = expect_array(require(j, at, "prices"), prices_at);
  std::vector<energy_price> prices;
  for (std::size_t i = 0; i < p.size(); ++i) {
    prices.push_back(expect_non_negative<energy_price>(p[i], prices_at.index(i)));
  }
  if (prices.size() != bounds.size() + 1) {
    throw prices_at.fail(
        errc::inconsistent, "a ladder needs one price more than its bounds",
        {{"prices", std::to_string(prices.size())}, {"bounds", std::to_string(bounds.size())}});
  }
  try {
    return {tariff::tiered_tariff<energy>::ladder(
                id, tariff::tier_ladder<energy>::make(std::move(bounds)), std::move(prices)),
            tariff::tier_reset::make(every, month, 1)};
  } catch (const error& e) {
    throw at.fail(e.code(), e.message(), e.context());
  }
}

// ---- Format v2: demand ratchets ----

/// A two-part tariff's `ratchet` (format v2, demand basis only): {`percent` (a fraction 0..1 of
/// each look-back month's peak, e.g. "0.75"), `months` (the look-back, 1..36), optional
/// `minimum_kw`}. Refuses each bad value at its place, and a ratchet on a capacity basis.
tariff::ratchet parse_ratchet(const json& j, const place& at, tariff::basic_charge_basis basis) {
  expect_object(j, at);
  only_keys(j, at, {"percent", "months", "minimum_kw"});
  if (basis != tariff::basic_charge_basis::demand) {
    throw at.fail(errc::inconsistent, "a ratchet is for a demand-basis two-part tariff");
  }
  const auto percent = expect_non_negative<ratio>(require(j, at, "percent"), at.key("percent"));
  if (ratio::from_integer(1) < percent) {
    throw at.key("percent").fail(errc::invalid_argument,
                                 "a ratchet percentage is a fraction from 0 to 1 (0.75 = 75 %)",
                                 {{"text", percent.to_string()}});
  }
  const auto& m = require(j, at, "months");
  const auto months = integer_in(m, 1, 36);
  if (!months) {
    throw at.key("months").fail(errc::invalid_argument,
                                "expected an integer 1..36 (look-back months)",
                                {{"text", describe(m)}});
  }
  power minimum;
  if (j.contains("minimum_kw")) {
    minimum = expect_non_negative<power>(j.at("minimum_kw"), at.key("minimum_kw"));
  }
  std::array<ratio, 12> by_month{};
  by_month.fill(percent);
  return tariff::ratchet::make(
      minimum, static_cast<int>(*months), by_month,
      {true, true, true, true, true, true, true, true, true, true, true, true});
}

/// A tenant's `demand_history` (format v2): {"YYYY-MM": kW}, the peak demand of earlier months
/// (what its bills used), for a ratchet; each month a billing month, each kW not negative.
std::vector<tariff::month_peak> parse_demand_history(const json& j, const place& at) {
  const auto& months = expect_object(j, at);
  std::vector<tariff::month_peak> out;
  for (auto it = months.begin(); it != months.end(); ++it) {
    const auto mat = at.key(it.key());
    date::year_month ym;
    try {
      const auto begin = bill::billing_period::parse(it.key()).window().begin();
      const auto ymd = local_date(begin);
      ym = {ymd.year(), ymd.month()};
    } catch (const error& e) {
      throw mat.fail(e.code(), e.message(), e.context());
    }
    out.push_back({ym, expect_non_negative<power>(it.value(), mat)});
  }
  return out;
}

// ---- Format v2: allowances (ALLOW-1) ----

/// A tenant's `allowance` (format v2): exactly one of `kwh` and `yuan` (the monthly free quota,
/// not negative), optional `carry_over` (true or false, default false) and, with carry-over,
/// `carried` (the previous month's unused quota, in the same unit, not negative).
site::tenant_allowance parse_allowance(const json& j, const place& at) {
  expect_object(j, at);
  only_keys(j, at, {"kwh", "yuan", "carry_over", "carried"});
  site::tenant_allowance a;
  if (j.contains("kwh") == j.contains("yuan")) {
    throw at.fail(errc::parse, "give exactly one of kwh and yuan");
  }
  if (j.contains("kwh")) a.kwh = expect_non_negative<energy>(j.at("kwh"), at.key("kwh"));
  if (j.contains("yuan")) a.yuan = expect_non_negative<money>(j.at("yuan"), at.key("yuan"));
  if (j.contains("carry_over")) {
    const auto& c = j.at("carry_over");
    if (!c.is_boolean()) {
      throw at.key("carry_over")
          .fail(errc::parse, "expected true or false, got " + std::string(type_name(c)));
    }
    a.carry_over = c.get<bool>();
  }
  if (j.contains("carried")) {
    if (!a.carry_over) {
      throw at.key("carried").fail(errc::inconsistent, "a carried quota needs carry_over true");
    }
    if (a.kwh) {
      a.carried_kwh = expect_non_negative<energy>(j.at("carried"), at.key("carried"));
    } else {
      a.carried_yuan = expect_non_negative<money>(j.at("carried"), at.key("carried"));
    }
  }
  return a;
}

/// A tenant's `tier_counter` (format v2): {`time`, `kwh`}, the counter of its electricity ladder
/// at `time` (carried from the system that billed it before); kWh not negative.
void parse_tenant_pricing_v2(const json& j, const place& at, site::tenant& t) {
  if (j.contains("allowance"))
    t.allowance = parse_allowance(j.at("allowance"), at.key("allowance"));
  if (j.contains("demand_history")) {
    t.demand_history = parse_demand_history(j.at("demand_history"), at.key("demand_history"));
  }
  if (!j.contains("tier_counter")) return;
  const auto cat = at.key("tier_counter");
  const auto& c = expect_object(j.at("tier_counter"), cat);
  only_keys(c, cat, {"time", "kwh"});
  site::tier_counter_start start;
  start.time = expect_time(require(c, cat, "time"), cat.key("time"));
  start.kwh = expect_non_negative<energy>(require(c, cat, "kwh"), cat.key("kwh"));
  t.tier_counter = start;
}

/// A tenant's `tier_counter` is for a tenant with a meter priced by an electricity ladder:
/// refuses (errc::inconsistent) one without, at its place.
void check_tier_counters(const place& root, const site_document& out) {
  std::unordered_map<std::string_view, const site::meter_place*> place_of;
  for (const auto& p : out.places) place_of.emplace(p.meter_id, &p);
  const auto ladder = [&](const std::string& id) {
    for (const auto& l : out.electricity_ladders)
      if (l.id() == id) return true;
    return false;
  };
  for (std::size_t i = 0; i < out.tenants.size(); ++i) {
    const auto& t = out.tenants[i];
    if (t.demand_history.empty()) continue;
    bool ratcheted = false;
    for (const auto& tp : out.two_part_tariffs)
      ratcheted = ratcheted || (tp.id == t.tariff_id && tp.ratchet);
    if (!ratcheted) {
      throw root.key("tenants")
          .index(i)
          .key("demand_history")
          .fail(errc::inconsistent,
                "a demand history for a tenant without a ratcheted two-part tariff",
                {{"text", t.id}});
    }
  }
  for (std::size_t i = 0; i < out.tenants.size(); ++i) {
    const auto& t = out.tenants[i];
    if (!t.tier_counter) continue;
    bool priced = false;
    for (const auto& m : t.meter_ids) {
      const auto it = place_of.find(m);
      const auto* p = it == place_of.end() ? nullptr : it->second;
      if (p != nullptr && p->medium == metering::medium::water) continue;
      priced = priced || ladder(p != nullptr && !p->tariff_id.empty() ? p->tariff_id : t.tariff_id);
    }
    if (!priced) {
      throw root.key("tenants")
          .index(i)
          .key("tier_counter")
          .fail(errc::inconsistent,
                "a tier counter for a tenant without a tiered electricity meter", {{"text", t.id}});
    }
  }
}

/// Parses one tariff. A register tariff is returned; format v1's water and two-part tariffs go to
/// `parts` and nullopt is returned; a tou4 tariff's versions go to `parts` too.
std::optional<tariff::register_tariff> parse_tariff(const json& j, const place& at, bool v1,
                                                    bool v2, site::site_parts* parts) {
  expect_object(j, at);
  const auto id = expect_id(require(j, at, "id"), at.key("id"));
  const auto kind = expect_string(require(j, at, "kind"), at.key("kind"));
  try {
    if (kind == "flat") {
      only_keys(j, at, {"id", "kind", "description", "energy_price"});
      const auto price =
          expect_decimal<energy_price>(require(j, at, "energy_price"), at.key("energy_price"));
      if (price.is_negative()) {
        throw at.key("energy_price")
            .fail(errc::invalid_argument, "a price must not be negative",
                  {{"text", price.to_string(2)}});
      }
      return tariff::register_tariff::flat(id, price);
    }
    if (kind == "tou4") {
      if (j.contains("versions") && v1) {
        only_keys(j, at, {"id", "kind", "description", "versions"});
        const auto versions_at = at.key("versions");
        const auto& versions = expect_array(j.at("versions"), versions_at);
        if (versions.empty()) throw versions_at.fail(errc::parse, "expected at least one version");
        std::vector<tariff::price_version> list;
        std::vector<tariff::register_price> first;
        for (std::size_t i = 0; i < versions.size(); ++i) {
          const auto vat = versions_at.index(i);
          const auto& v = expect_object(versions[i], vat);
          only_keys(v, vat, {"id", "effective", "published", "document", "prices"});
          tariff::price_version pv;
          pv.id = expect_id(require(v, vat, "id"), vat.key("id"));
          pv.effective = expect_time(require(v, vat, "effective"), vat.key("effective"));
          if (v.contains("document"))
            pv.document = expect_name(v.at("document"), vat.key("document"));
          const auto prices = tou4_prices(require(v, vat, "prices"), vat.key("prices"));
          std::vector<std::pair<int, energy_price>> pairs;
          std::vector<tariff::rate_register> regs;
          for (const auto& p : prices) {
            pairs.emplace_back(p.rate_register, p.price);
            regs.push_back({p.rate_register, metering::register_name(p.rate_register)});
          }
          try {
            pv.prices = tariff::register_prices::make(tariff::register_set::make(regs), pairs);
          } catch (const error& e) {
            throw vat.key("prices").fail(e.code(), e.message(), e.context());
          }
          if (v.contains("published")) {
            const auto pub = expect_time(v.at("published"), vat.key("published"));
            if (!(pv.effective < pub)) {
              throw vat.key("published")
                  .fail(errc::out_of_order,
                        "a version is published after it takes effect, or "
                        "not at all");
            }
            parts->published.emplace(pv.id, pub);
          }
          if (i == 0) first = prices;
          list.push_back(std::move(pv));
        }
        const auto regs = list.front().prices.registers();
        try {
          parts->versions.emplace(id, tariff::version_history::make(regs, std::move(list)));
        } catch (const error& e) {
          throw versions_at.fail(e.code(), e.message(), e.context());
        }
        return tariff::register_tariff::tou(id, std::move(first));
      }
      only_keys(j, at, {"id", "kind", "description", "prices"});
      return tariff::register_tariff::tou(id,
                                          tou4_prices(require(j, at, "prices"), at.key("prices")));
    }
    if (kind == "water_tiered" && v1) {
      only_keys(j, at, {"id", "kind", "description", "bounds", "prices"});
      std::vector<volume> bounds;
      const auto& b = expect_array(require(j, at, "bounds"), at.key("bounds"));
      for (std::size_t i = 0; i < b.size(); ++i) {
        bounds.push_back(expect_non_negative<volume>(b[i], at.key("bounds").index(i)));
      }
      std::vector<unit_price<volume>> prices;
      const auto& p = expect_array(require(j, at, "prices"), at.key("prices"));
      for (std::size_t i = 0; i < p.size(); ++i) {
        prices.push_back(expect_non_negative<unit_price<volume>>(p[i], at.key("prices").index(i)));
      }
      parts->water_tariffs.push_back(site::water_tariff::ladder(
          id, tariff::tier_ladder<volume>::make(std::move(bounds)), std::move(prices)));
      return std::nullopt;
    }
    if (kind == "two_part" && v1) {
      if (v2) {
        only_keys(j, at,
                  {"id", "kind", "description", "energy_tariff", "basis", "capacity_price",
                   "demand_price", "pf_standard", "ratchet"});
      } else {
        only_keys(j, at,
                  {"id", "kind", "description", "energy_tariff", "basis", "capacity_price",
                   "demand_price", "pf_standard"});
      }
      site::two_part_tariff tp;
      tp.id = id;
      tp.energy_tariff_id = expect_id(require(j, at, "energy_tariff"), at.key("energy_tariff"));
      const auto basis = expect_string(require(j, at, "basis"), at.key("basis"));
      if (basis == "capacity") {
        tp.terms.basis = tariff::basic_charge_basis::capacity;
        tp.terms.capacity_price = expect_non_negative<power_price>(require(j, at, "capacity_price"),
                                                                   at.key("capacity_price"));
      } else if (basis == "demand") {
        tp.terms.basis = tariff::basic_charge_basis::demand;
        tp.terms.demand_price = expect_non_negative<power_price>(require(j, at, "demand_price"),
                                                                 at.key("demand_price"));
        tp.terms.high_load_discount = false;
      } else {
        throw at.key("basis").fail(errc::parse, "expected \"capacity\" or \"demand\"",
                                   {{"text", basis}});
      }
      if (j.contains("pf_standard")) {
        tp.terms.pf = expect_one_of<tariff::pf_standard>(j.at("pf_standard"), at.key("pf_standard"),
                                                         {{"0.90", tariff::pf_standard::s0_90},
                                                          {"0.85", tariff::pf_standard::s0_85},
                                                          {"0.80", tariff::pf_standard::s0_80}});
      }
      if (j.contains("ratchet")) {
        tp.ratchet = parse_ratchet(j.at("ratchet"), at.key("ratchet"), tp.terms.basis);
      }
      parts->two_part_tariffs.push_back(std::move(tp));
      return std::nullopt;
    }
    if (kind == "tiered" && v2) {
      parts->electricity_ladders.push_back(parse_electricity_ladder(j, at, id));
      return std::nullopt;
    }
  } catch (const error& e) {
    if (!e.context_value("file").empty()) throw;
    throw at.fail(e.code(), e.message(), e.context());
  }
  throw at.key("kind").fail(
      errc::unsupported,
      v2   ? "unknown tariff kind (expected flat, tou4, water_tiered, two_part or tiered)"
      : v1 ? "unknown tariff kind (expected flat, tou4, water_tiered or two_part)"
           : "unknown tariff kind (expected \"flat\" or \"tou4\")",
      {{"text", kind}});
}

ratio parse_multiplier(const json& j, const place& at) {
  ratio r;
  if (j.is_number_integer()) {
    // A JSON integer (40): exact. Range first: get<int64_t>() would wrap 18446744073709551615.
    const auto n = integer_in(j, 1, max_multiplier);
    if (!n) {
      throw at.fail(errc::invalid_argument, "a multiplier must be from 1 to 1000000",
                    {{"text", describe(j)}});
    }
    r = ratio::from_integer(*n);
  } else {
    r = expect_decimal<ratio>(j, at);
  }
  if (r.mantissa() <= 0)
    throw at.fail(errc::invalid_argument, "a multiplier must be > 0", {{"text", describe(j)}});
  return r;
}

site::meter_place parse_place(const json& m, const place& at, const std::string& id,
                              const std::map<std::string, std::size_t>& tariff_ids) {
  site::meter_place p;
  p.meter_id = id;
  if (m.contains("role")) {
    // The file's role names; "landlord" is the landlord's own use (SUP-1).
    p.role =
        expect_one_of<metering::node_kind>(m.at("role"), at.key("role"),
                                           {{"tenant", metering::node_kind::tenant},
                                            {"grid_master", metering::node_kind::grid_master},
                                            {"feeder", metering::node_kind::feeder},
                                            {"common_area", metering::node_kind::common_area},
                                            {"landlord", metering::node_kind::landlord_own_use}});
  }
  if (m.contains("medium")) {
    p.medium = expect_one_of<metering::medium>(
        m.at("medium"), at.key("medium"),
        {{"electricity", metering::medium::electricity}, {"water", metering::medium::water}});
  }
  if (m.contains("parent")) p.parent = expect_id(m.at("parent"), at.key("parent"));
  if (m.contains("tariff")) {
    p.tariff_id = expect_id(m.at("tariff"), at.key("tariff"));
    if (tariff_ids.count(p.tariff_id) == 0) {
      throw at.key("tariff").fail(errc::not_found, "unknown tariff", {{"text", p.tariff_id}});
    }
  }
  if (m.contains("installed")) p.installed = expect_time(m.at("installed"), at.key("installed"));
  if (m.contains("removed")) p.removed = expect_time(m.at("removed"), at.key("removed"));
  if (m.contains("replaces")) p.replaces = expect_id(m.at("replaces"), at.key("replaces"));
  return p;
}

/// Every parent names a meter of the site that measures the same medium (a water meter under an
/// electricity meter would otherwise fail only when the electricity tree is built, as "unknown
/// parent meter"). `places` holds one place per meter of `meters_at`, in order (format v1).
void check_parents(const std::vector<site::meter_place>& places, const place& meters_at) {
  std::unordered_map<std::string_view, metering::medium> medium_of;
  medium_of.reserve(places.size());
  for (const auto& p : places) medium_of.emplace(p.meter_id, p.medium);
  for (std::size_t i = 0; i < places.size(); ++i) {
    const auto& p = places[i];
    if (p.parent.empty()) continue;
    const auto at = meters_at.index(i).key("parent");
    const auto it = medium_of.find(p.parent);
    if (it == medium_of.end()) {
      throw at.fail(errc::not_found, "unknown parent meter", {{"text", p.parent}});
    }
    if (it->second != p.medium) {
      throw at.fail(errc::inconsistent, "a meter's parent measures another medium",
                    {{"text", p.parent},
                     {"medium", std::string(metering::to_string(p.medium))},
                     {"parent_medium", std::string(metering::to_string(it->second))}});
    }
  }
}

/// Format v2 `cycle`, `billing` and `anchor_month` of a property fee, rent or basic charge (the
/// caller has checked the object's keys); monthly in advance anchored at January when absent.
allocation::cycle_terms parse_cycle_terms(const json& j, const place& at) {
  allocation::cycle_terms c;
  if (j.contains("cycle")) {
    c.cycle =
        expect_one_of<allocation::fee_cycle>(j.at("cycle"), at.key("cycle"),
                                             {{"monthly", allocation::fee_cycle::monthly},
                                              {"quarterly", allocation::fee_cycle::quarterly},
                                              {"half_yearly", allocation::fee_cycle::half_yearly},
                                              {"yearly", allocation::fee_cycle::yearly}});
  }
  if (j.contains("billing")) {
    c.billing =
        expect_one_of<allocation::fee_billing>(j.at("billing"), at.key("billing"),
                                               {{"advance", allocation::fee_billing::advance},
                                                {"arrears", allocation::fee_billing::arrears}});
  }
  if (j.contains("anchor_month")) {
    const auto& a = j.at("anchor_month");
    const auto m = integer_in(a, 1, 12);
    if (!m) {
      throw at.key("anchor_month")
          .fail(errc::parse, "expected an integer 1..12 (the month cycles start in)",
                {{"text", describe(a)}});
    }
    c.anchor_month = static_cast<unsigned>(*m);
  }
  return c;
}

/// A property fee or rent; in format v2 with its cycle (tenant::charge_cycles).
allocation::recurring_charge parse_recurring(const json& j, const place& at, bill::component what,
                                             bool v2, site::tenant& t) {
  expect_object(j, at);
  if (v2) {
    only_keys(j, at, {"per_m2_month", "fixed_per_month", "cycle", "billing", "anchor_month"});
  } else {
    only_keys(j, at, {"per_m2_month", "fixed_per_month"});
  }
  std::optional<money> fixed;
  std::optional<area_price> per_m2;
  if (j.contains("fixed_per_month")) {
    fixed = expect_non_negative<money>(j.at("fixed_per_month"), at.key("fixed_per_month"));
  }
  if (j.contains("per_m2_month")) {
    per_m2 = expect_non_negative<area_price>(j.at("per_m2_month"), at.key("per_m2_month"));
  }
  if (fixed.has_value() == per_m2.has_value()) {
    throw at.fail(errc::parse, "give exactly one of per_m2_month and fixed_per_month");
  }
  if (v2 && (j.contains("cycle") || j.contains("billing") || j.contains("anchor_month"))) {
    const auto terms = parse_cycle_terms(j, at);
    t.charge_cycles[what] = terms;
    if (fixed) fixed = *fixed * allocation::months_in(terms.cycle);
    return allocation::recurring_charge::make(what, terms.cycle, fixed, per_m2);
  }
  return allocation::recurring_charge::make(what, allocation::fee_cycle::monthly, fixed, per_m2);
}

/// A tenant's `account`; in format v2 its `cut_off` is left to the reader (site_reader::
/// read_cut_off), which joins it with the site's default.
site::tenant_account parse_account(const json& j, const place& at, bool v2) {
  expect_object(j, at);
  if (v2) {
    only_keys(j, at,
              {"mode", "opening_balance", "alarm1", "alarm2", "overdraft_limit", "recharges",
               "cut_off", "deduction"});
  } else {
    only_keys(j, at,
              {"mode", "opening_balance", "alarm1", "alarm2", "overdraft_limit", "recharges"});
  }
  site::tenant_account a;
  a.mode = expect_one_of<ledger::account_mode>(
      require(j, at, "mode"), at.key("mode"),
      {{"prepaid", ledger::account_mode::prepaid}, {"postpaid", ledger::account_mode::postpaid}});
  if (v2 && j.contains("deduction")) {
    // 按日扣费 (site/live_daily.hpp): fixed charges deducted live at each day boundary.
    a.daily_fixed_charges = expect_one_of<bool>(j.at("deduction"), at.key("deduction"),
                                                {{"monthly", false}, {"daily", true}});
    if (a.daily_fixed_charges && a.mode != ledger::account_mode::prepaid) {
      throw at.key("deduction")
          .fail(errc::inconsistent, "daily deduction is for prepaid accounts",
                {{"mode", "postpaid"}});
    }
  }
  if (j.contains("opening_balance")) {
    a.opening_balance = expect_decimal<money>(j.at("opening_balance"), at.key("opening_balance"));
  }
  const auto opt = [&](const char* k) {
    return j.contains(k) ? expect_non_negative<money>(j.at(k), at.key(k)) : money{};
  };
  try {
    a.levels =
        ledger::level_params::make(opt("alarm1"), opt("alarm2"), opt("overdraft_limit"), money{});
  } catch (const error& e) {
    throw at.fail(e.code(), e.message(), e.context());
  }
  if (j.contains("recharges")) {
    const auto list_at = at.key("recharges");
    const auto& list = expect_array(j.at("recharges"), list_at);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto rat = list_at.index(i);
      expect_object(list[i], rat);
      only_keys(list[i], rat, {"time", "amount", "reference"});
      site::account_recharge r;
      r.time = expect_time(require(list[i], rat, "time"), rat.key("time"));
      r.amount = expect_non_negative<money>(require(list[i], rat, "amount"), rat.key("amount"));
      if (list[i].contains("reference")) {
        r.reference = expect_name(list[i].at("reference"), rat.key("reference"));
      }
      a.recharges.push_back(std::move(r));
    }
  }
  return a;
}

// ---- Format v2: prepaid cut-off (CUT-3, PP-4) and supply commands' addresses (issue 17) ----

/// A `cut_off` object as the file gives it (an account's or the site's default): each field
/// when present, so that an account's fields replace the site's one by one.
struct cut_off_terms {
  std::optional<std::chrono::minutes> notice;
  std::optional<std::vector<ledger::no_cut_window>> windows;
  std::optional<std::vector<calendar::calendar_entry>> holidays;
  std::optional<bool> keep_on;
};

/// The longest notice period (30 days, in minutes).
constexpr std::int64_t max_notice_minutes = 43200;

/// A non-empty array of names, each read by `one` (expect_one_of), none twice.
template <class One>
auto expect_names(const json& j, const place& at, One one) {
  const auto& list = expect_array(j, at);
  if (list.empty()) throw at.fail(errc::parse, "expected at least one name");
  std::vector<decltype(one(list[0], at))> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto v = one(list[i], at.index(i));
    if (std::find(out.begin(), out.end(), v) != out.end()) {
      throw at.index(i).fail(errc::duplicate, "a name is listed twice",
                             {{"text", std::string(doc_string(list[i]))}});
    }
    out.push_back(v);
  }
  return out;
}

/// A day kind's name (calendar::to_string(day_kind)).
calendar::day_kind expect_day_kind(const json& j, const place& at) {
  using calendar::day_kind;
  return expect_named(j, at,
                      {day_kind::workday, day_kind::saturday, day_kind::sunday, day_kind::holiday,
                       day_kind::swapped_workday});
}

/// An ISO weekday by its English name (monday 1 … sunday 7).
unsigned expect_weekday(const json& j, const place& at) {
  return expect_one_of<unsigned>(j, at,
                                 {{"monday", 1u},
                                  {"tuesday", 2u},
                                  {"wednesday", 3u},
                                  {"thursday", 4u},
                                  {"friday", 5u},
                                  {"saturday", 6u},
                                  {"sunday", 7u}});
}

int expect_minute_of_day(const json& j, const place& at) {
  const auto text = expect_string(j, at);
  const auto m = tariff::parse_minute_of_day(text);
  if (!m) {
    throw at.fail(errc::parse, "expected a time of day HH:MM (00:00..24:00)", {{"text", text}});
  }
  return *m;
}

/// One `no_cut` window: {`from`, `to`} daily hours (optionally `on` some day kinds), or
/// {`weekdays`} (whole ISO weekdays, each a window), or {`days`} (whole days of some day kinds).
void parse_no_cut_window(const json& j, const place& at, std::vector<ledger::no_cut_window>& out) {
  expect_object(j, at);
  only_keys(j, at, {"from", "to", "on", "weekdays", "days"});
  const bool hours = j.contains("from") || j.contains("to");
  const int shapes =
      (hours ? 1 : 0) + (j.contains("weekdays") ? 1 : 0) + (j.contains("days") ? 1 : 0);
  if (shapes != 1) {
    throw at.fail(errc::parse,
                  "give exactly one of from/to (hours of the day), weekdays and days (day kinds)");
  }
  if (hours) {
    const int from = expect_minute_of_day(require(j, at, "from"), at.key("from"));
    const int to = expect_minute_of_day(require(j, at, "to"), at.key("to"));
    if (from == 1440) {
      throw at.key("from").fail(errc::invalid_argument, "a window cannot start at 24:00");
    }
    if (from == to) {
      throw at.key("to").fail(
          errc::invalid_argument, "a window needs an end other than its start",
          {{"from", tariff::format_minute_of_day(from)}, {"to", tariff::format_minute_of_day(to)}});
    }
    calendar::day_kind_set on;
    if (j.contains("on")) {
      for (const auto k : expect_names(j.at("on"), at.key("on"), expect_day_kind)) on.insert(k);
    }
    out.push_back(ledger::no_cut_window::daily(from, to == 0 ? 1440 : to, on));
    return;
  }
  if (j.contains("on")) {
    throw at.key("on").fail(errc::inconsistent, "`on` limits hours of the day (from/to) only");
  }
  if (j.contains("weekdays")) {
    const auto days = expect_names(j.at("weekdays"), at.key("weekdays"), expect_weekday);
    for (const auto d : days) out.push_back(ledger::no_cut_window::iso_weekday_window(d));
    return;
  }
  calendar::day_kind_set kinds;
  for (const auto k : expect_names(j.at("days"), at.key("days"), expect_day_kind)) {
    kinds.insert(k);
  }
  out.push_back(ledger::no_cut_window::whole_days(kinds));
}

/// A `holidays` list: {`date` YYYY-MM-DD, `name`, `kind` holiday (default) or swapped_workday
/// (调休)}; a date listed twice is refused.
std::vector<calendar::calendar_entry> parse_holidays(const json& j, const place& at) {
  const auto& list = expect_array(j, at);
  std::vector<calendar::calendar_entry> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto hat = at.index(i);
    expect_object(list[i], hat);
    only_keys(list[i], hat, {"date", "name", "kind"});
    const auto text = expect_string(require(list[i], hat, "date"), hat.key("date"));
    const auto t = text.size() == 10 ? try_parse_local_time(text + "T00:00") : std::nullopt;
    if (!t) throw hat.key("date").fail(errc::parse, "expected a date YYYY-MM-DD", {{"text", text}});
    calendar::calendar_entry e;
    e.day = date::floor<date::days>(*t);
    e.name = expect_name(require(list[i], hat, "name"), hat.key("name"));
    if (list[i].contains("kind")) {
      e.kind = expect_named(list[i].at("kind"), hat.key("kind"),
                            {calendar::day_kind::holiday, calendar::day_kind::swapped_workday});
    }
    if (e.kind == calendar::day_kind::swapped_workday &&
        calendar::weekday_kind(e.day) == calendar::day_kind::workday) {
      throw hat.key("kind").fail(errc::inconsistent,
                                 "a swapped workday (调休) must fall on a Saturday or Sunday",
                                 {{"text", text}});
    }
    for (const auto& before : out) {
      if (before.day == e.day) {
        throw hat.key("date").fail(errc::duplicate, "a date is listed twice", {{"text", text}});
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

/// A `cut_off` object (format v2): `notice_minutes` (an integer 0..43200), `no_cut` (windows),
/// `holidays` (dates), `keep_on` (保电: true or false).
cut_off_terms parse_cut_off(const json& j, const place& at) {
  expect_object(j, at);
  only_keys(j, at, {"notice_minutes", "no_cut", "holidays", "keep_on"});
  cut_off_terms c;
  if (j.contains("notice_minutes")) {
    const auto& n = j.at("notice_minutes");
    const auto v = integer_in(n, 0, max_notice_minutes);
    if (!v) {
      throw at.key("notice_minutes")
          .fail(errc::parse, "expected a whole number of minutes 0..43200 (30 days)",
                {{"text", describe(n)}});
    }
    c.notice = std::chrono::minutes(*v);
  }
  if (j.contains("no_cut")) {
    const auto wat = at.key("no_cut");
    const auto& list = expect_array(j.at("no_cut"), wat);
    std::vector<ledger::no_cut_window> windows;
    for (std::size_t i = 0; i < list.size(); ++i)
      parse_no_cut_window(list[i], wat.index(i), windows);
    c.windows = std::move(windows);
  }
  if (j.contains("holidays")) c.holidays = parse_holidays(j.at("holidays"), at.key("holidays"));
  if (j.contains("keep_on")) {
    const auto& k = j.at("keep_on");
    if (!k.is_boolean()) {
      throw at.key("keep_on").fail(errc::parse,
                                   "expected true or false, got " + std::string(type_name(k)));
    }
    c.keep_on = k.get<bool>();
  }
  return c;
}

/// The cut policy and 保电 flag of an account: its own `cut_off` fields, else the site's, field by
/// field. Listed holidays are no-cut all day. Refuses (errc::inconsistent, at `at`) windows that
/// leave no minute to cut in.
std::pair<ledger::cut_policy, bool> resolve_cut_off(const cut_off_terms* own,
                                                    const cut_off_terms* site_terms,
                                                    const place& at) {
  const auto pick = [&](auto member) {
    if (own && (own->*member)) return own->*member;
    if (site_terms) return site_terms->*member;
    return std::decay_t<decltype(own->*member)>{};
  };
  ledger::cut_policy p;
  if (const auto n = pick(&cut_off_terms::notice)) p.notice = *n;
  if (const auto w = pick(&cut_off_terms::windows)) p.windows = *w;
  if (const auto h = pick(&cut_off_terms::holidays); h && !h->empty()) {
    std::vector<int> years;
    for (const auto& e : *h) years.push_back(static_cast<int>(date::year_month_day{e.day}.year()));
    p.holidays = calendar::holiday_calendar::make("site.json cut_off holidays", years, *h);
    calendar::day_kind_set kinds;
    kinds.insert(calendar::day_kind::holiday);
    p.windows.push_back(ledger::no_cut_window::whole_days(kinds));
  }
  const bool keep_on = pick(&cut_off_terms::keep_on).value_or(false);
  // Windows covering every minute of a week never end: refused here, not at the first cut.
  try {
    (void)ledger::first_cut_time(p, local_time(date::local_days(date::year{2026} / 1 / 5)));
  } catch (const error&) {
    throw at.fail(errc::inconsistent, "the no-cut windows leave no time to cut in",
                  {{"expected", "windows that leave some minute of the week free"}});
  }
  return {std::move(p), keep_on};
}

/// A meter's `comm` (format v2): {`protocol` dlt645, `address` 12 digits, `password` and
/// `operator` 8 hex digits each (as sent, default 02000000 and 00000000)} for an electricity
/// meter's relay, or {`protocol` cjt188, `address` 14 digits, `meter_type` "10".."13" (water),
/// `profile`} for a water meter's valve.
site::meter_comm parse_comm(const json& j, const place& at, metering::medium medium) {
  expect_object(j, at);
  site::meter_comm c;
  c.kind =
      expect_one_of<site::meter_comm::protocol>(require(j, at, "protocol"), at.key("protocol"),
                                                {{"dlt645", site::meter_comm::protocol::dlt645},
                                                 {"cjt188", site::meter_comm::protocol::cjt188}});
  const bool dlt = c.kind == site::meter_comm::protocol::dlt645;
  if (dlt) {
    only_keys(j, at, {"protocol", "address", "password", "operator"});
  } else {
    only_keys(j, at, {"protocol", "address", "meter_type", "profile"});
  }
  const auto want = dlt ? metering::medium::electricity : metering::medium::water;
  if (medium != want) {
    throw at.key("protocol")
        .fail(errc::inconsistent,
              dlt ? "a DL/T 645 relay address on a meter that is not an electricity meter"
                  : "a CJ/T 188 valve address on a meter that is not a water meter",
              {{"medium", std::string(metering::to_string(medium))}});
  }
  c.address = expect_string(require(j, at, "address"), at.key("address"));
  const std::size_t digits = dlt ? 12 : 14;
  if (c.address.size() != digits || !std::all_of(c.address.begin(), c.address.end(),
                                                 [](char ch) { return ch >= '0' && ch <= '9'; })) {
    throw at.key("address").fail(errc::parse,
                                 dlt ? "expected 12 decimal digits (DL/T 645 A5..A0)"
                                     : "expected 14 decimal digits (CJ/T 188 A6..A0)",
                                 {{"text", c.address}});
  }
  const auto hex_bytes = [&](const char* key) {
    const auto text = expect_string(j.at(key), at.key(key));
    std::array<std::uint8_t, 4> b{};
    const auto digit = [](char ch) {
      if (ch >= '0' && ch <= '9') return ch - '0';
      if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
      if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
      return -1;
    };
    bool ok = text.size() == 8;
    for (std::size_t i = 0; ok && i < 4; ++i) {
      const int hi = digit(text[2 * i]);
      const int lo = digit(text[2 * i + 1]);
      ok = hi >= 0 && lo >= 0;
      if (ok) b[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    if (!ok) {
      throw at.key(key).fail(errc::parse, "expected 8 hex digits, as sent", {{"text", text}});
    }
    return b;
  };
  if (dlt) {
    if (j.contains("password")) c.password = hex_bytes("password");
    if (j.contains("operator")) c.operator_code = hex_bytes("operator");
    return c;
  }
  if (j.contains("meter_type")) {
    c.meter_type = expect_one_of<std::uint8_t>(j.at("meter_type"), at.key("meter_type"),
                                               {{"10", std::uint8_t{0x10}},
                                                {"11", std::uint8_t{0x11}},
                                                {"12", std::uint8_t{0x12}},
                                                {"13", std::uint8_t{0x13}}});
  }
  if (j.contains("profile")) {
    c.profile = expect_string(j.at("profile"), at.key("profile"));
    if (meters::cjt188::find_profile(c.profile) == nullptr) {
      throw at.key("profile").fail(errc::parse,
                                   "expected one of cjt188-2004, cjt188-2018, sc-water, jy-heat",
                                   {{"text", c.profile}});
    }
  }
  return c;
}

void parse_tenant_v1(const json& j, const place& at, site::tenant& t, bool v2) {
  if (j.contains("area_m2"))
    t.floor_area = expect_non_negative<area>(j.at("area_m2"), at.key("area_m2"));
  if (j.contains("capacity_kva")) {
    t.capacity_kva = expect_non_negative<power>(j.at("capacity_kva"), at.key("capacity_kva"));
  }
  if (j.contains("property_fee")) {
    t.recurring.push_back(parse_recurring(j.at("property_fee"), at.key("property_fee"),
                                          bill::component::property_fee, v2, t));
  }
  if (j.contains("rent")) {
    t.recurring.push_back(
        parse_recurring(j.at("rent"), at.key("rent"), bill::component::rent, v2, t));
  }
  if (j.contains("account")) t.account = parse_account(j.at("account"), at.key("account"), v2);
  if (j.contains("move_out")) t.move_out = expect_time(j.at("move_out"), at.key("move_out"));
}

// ---- Format v2: the settlement mode (SUP-2 Mode B, pass-through) ----

/// settlement.mode: "catalogue_price" (SUP-2 Mode A, the default), or from format v2
/// "pass_through" (Mode B: each month's grid bill shared by the end users' kWh). Refuses any
/// other name, and pass_through in a v1 file.
bill::settlement_mode parse_settlement_mode(const json& j, const place& at, bool v2) {
  const auto mode = expect_string(j, at);
  if (mode == "catalogue_price") return bill::settlement_mode::catalogue_price;
  if (mode == "pass_through" && v2) return bill::settlement_mode::pass_through;
  throw at.fail(errc::unsupported,
                v2 ? "expected catalogue_price (SUP-2 Mode A) or pass_through (Mode B)"
                   : "format v1 supports the catalogue_price mode (SUP-2 Mode A); pass_through "
                     "needs \"format\": \"submeter-site-v2\"",
                {{"text", mode}});
}

/// A site settled by pass-through (SUP-2 Mode B) shares the whole grid bill, basic charge,
/// 力调, common area and losses inside: refuses (errc::inconsistent) what would charge them a
/// second time, naming its place: `losses`, a common area on an electricity meter, a tenant or
/// meter under a two-part tariff. (site::make refuses the same for a site built in C++.)
void check_pass_through(const json& doc, const place& root, const site_document& out) {
  const auto refuse = [](const place& at, const std::string& what, const std::string& text) {
    throw at.fail(errc::inconsistent,
                  "a site settled by pass-through (SUP-2 Mode B) has no " + what +
                      ": the grid bill's shares hold it",
                  {{"text", text}});
  };
  if (doc.contains("losses")) refuse(root.key("losses"), "losses to share", "losses");
  if (doc.contains("transformers")) {
    refuse(root.key("transformers"), "transformer losses to share", "transformers");
  }
  std::unordered_map<std::string_view, metering::medium> medium_of;
  for (const auto& p : out.places) medium_of.emplace(p.meter_id, p.medium);
  for (std::size_t i = 0; i < out.common_areas.size(); ++i) {
    const auto& c = out.common_areas[i];
    const auto it = medium_of.find(c.meter_id);
    if (it == medium_of.end() || it->second == metering::medium::electricity) {
      refuse(root.key("common_areas").index(i).key("meter"), "electricity common area", c.meter_id);
    }
  }
  const auto two_part = [&](const std::string& id) {
    for (const auto& t : out.two_part_tariffs)
      if (t.id == id) return true;
    return false;
  };
  for (std::size_t i = 0; i < out.tenants.size(); ++i) {
    const auto& al = out.tenants[i].allowance;
    if (al && al->kwh) {
      throw root.key("tenants")
          .index(i)
          .key("allowance")
          .key("kwh")
          .fail(errc::inconsistent,
                "a kWh allowance is priced at the tariff; a site settled by pass-through (SUP-2 "
                "Mode B) "
                "gives a yuan allowance",
                {{"text", out.tenants[i].id}});
    }
  }
  for (std::size_t i = 0; i < out.tenants.size(); ++i) {
    if (two_part(out.tenants[i].tariff_id)) {
      refuse(root.key("tenants").index(i).key("tariff"), "two-part tariff",
             out.tenants[i].tariff_id);
    }
  }
  for (std::size_t i = 0; i < out.places.size(); ++i) {
    if (two_part(out.places[i].tariff_id)) {
      refuse(root.key("meters").index(i).key("tariff"), "two-part tariff", out.places[i].tariff_id);
    }
  }
}

// ---- Format v2: transformers (DL/T 686 losses, TXL-1) ----

/// The site's `transformers` (format v2): each {`id`, `meter` (the electricity meter it feeds,
/// with meters below it), `rated_kva` (> 0), `no_load_loss_kw` (P0), `load_loss_kw` (Pk), optional
/// `hours` (T, > 0, at most 8,784; default the period's hours), optional `k` (> 0, default 1) or
/// `currents` {`rms`, `avg`} (K = (I_rms / I_avg)², each > 0)}. Needs `losses` (the loss is
/// shared down the tree). Refuses each bad value at its place.
void parse_transformers(const json& j, const place& at, const id_index& meter_ids,
                        site_document& out) {
  const auto& list = expect_array(j, at);
  std::set<std::string> ids;
  std::set<std::string> fed;
  std::unordered_map<std::string_view, const site::meter_place*> place_of;
  for (const auto& p : out.places) place_of.emplace(p.meter_id, &p);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto tat = at.index(i);
    const auto& t = expect_object(list[i], tat);
    only_keys(t, tat,
              {"id", "description", "meter", "rated_kva", "no_load_loss_kw", "load_loss_kw",
               "hours", "k", "currents"});
    site::site_transformer x;
    x.id = expect_id(require(t, tat, "id"), tat.key("id"));
    if (!ids.insert(x.id).second) {
      throw tat.key("id").fail(errc::duplicate, "a transformer id is given twice",
                               {{"text", x.id}});
    }
    x.meter_id = expect_id(require(t, tat, "meter"), tat.key("meter"));
    if (meter_ids.count(x.meter_id) == 0) {
      throw tat.key("meter").fail(errc::not_found, "unknown meter", {{"text", x.meter_id}});
    }
    if (!fed.insert(x.meter_id).second) {
      throw tat.key("meter").fail(errc::duplicate, "two transformers feed one meter",
                                  {{"text", x.meter_id}});
    }
    const auto pit = place_of.find(x.meter_id);
    bool has_children = false;
    for (const auto& q : out.places) has_children = has_children || q.parent == x.meter_id;
    if (pit == place_of.end() || pit->second->medium != metering::medium::electricity ||
        !has_children) {
      throw tat.key("meter").fail(errc::inconsistent,
                                  "a transformer feeds an electricity meter with meters below it",
                                  {{"text", x.meter_id}});
    }
    x.nameplate.rated_capacity =
        expect_non_negative<power>(require(t, tat, "rated_kva"), tat.key("rated_kva"));
    if (x.nameplate.rated_capacity.is_zero()) {
      throw tat.key("rated_kva").fail(errc::invalid_argument, "a rated capacity must be above 0");
    }
    x.nameplate.no_load_loss =
        expect_non_negative<power>(require(t, tat, "no_load_loss_kw"), tat.key("no_load_loss_kw"));
    x.nameplate.load_loss =
        expect_non_negative<power>(require(t, tat, "load_loss_kw"), tat.key("load_loss_kw"));
    if (t.contains("hours")) {
      const auto h = expect_non_negative<ratio>(t.at("hours"), tat.key("hours"));
      if (h.is_zero() || ratio::from_integer(8784) < h) {
        throw tat.key("hours").fail(errc::invalid_argument,
                                    "hours energised must be above 0 and at most 8784",
                                    {{"text", h.to_string()}});
      }
      x.hours = h;
    }
    if (t.contains("k") && t.contains("currents")) {
      throw tat.key("currents").fail(errc::inconsistent, "give k or currents, not both");
    }
    if (t.contains("k")) {
      const auto k = expect_non_negative<ratio>(t.at("k"), tat.key("k"));
      if (k.is_zero()) throw tat.key("k").fail(errc::invalid_argument, "K must be above 0");
      x.k = allocation::loss_factor::of(k);
    }
    if (t.contains("currents")) {
      const auto cat = tat.key("currents");
      const auto& c = expect_object(t.at("currents"), cat);
      only_keys(c, cat, {"rms", "avg"});
      const auto rms = expect_non_negative<ratio>(require(c, cat, "rms"), cat.key("rms"));
      const auto avg = expect_non_negative<ratio>(require(c, cat, "avg"), cat.key("avg"));
      if (rms.is_zero())
        throw cat.key("rms").fail(errc::invalid_argument, "a current must be above 0");
      if (avg.is_zero())
        throw cat.key("avg").fail(errc::invalid_argument, "a current must be above 0");
      x.k = allocation::loss_factor::from_currents(rms, avg);
    }
    out.transformers.push_back(std::move(x));
  }
  if (!list.empty() && !out.settlement.loss_basis) {
    throw at.fail(errc::inconsistent,
                  "a transformer's loss is shared down the meter tree: the site needs losses "
                  "{basis}");
  }
}

allocation::basis parse_basis(const json& j, const place& at) {
  return expect_one_of<allocation::basis>(j, at,
                                          {{"consumption", allocation::basis::consumption},
                                           {"area", allocation::basis::area},
                                           {"equal", allocation::basis::equal}});
}

void parse_site_v1(const json& doc, const place& root, const id_index& meter_ids,
                   const id_set& tenant_ids, bool v2, site_document& out) {
  const auto known_meter = [&](const json& j, const place& at) {
    const auto id = expect_id(j, at);
    if (meter_ids.count(id) == 0) throw at.fail(errc::not_found, "unknown meter", {{"text", id}});
    return id;
  };
  auto& st = out.settlement;
  if (doc.contains("settlement")) {
    const auto at = root.key("settlement");
    const auto& j = expect_object(doc.at("settlement"), at);
    only_keys(j, at, {"mode", "catalogue_price", "grid_master", "grid_bill"});
    if (j.contains("mode")) st.mode = parse_settlement_mode(j.at("mode"), at.key("mode"), v2);
    if (j.contains("catalogue_price")) {
      st.catalogue_price =
          expect_non_negative<energy_price>(j.at("catalogue_price"), at.key("catalogue_price"));
    }
    if (j.contains("grid_master"))
      st.grid_master = known_meter(j.at("grid_master"), at.key("grid_master"));
    if (j.contains("grid_bill")) {
      const auto bat = at.key("grid_bill");
      const auto& bills = expect_object(j.at("grid_bill"), bat);
      for (auto it = bills.begin(); it != bills.end(); ++it) {
        try {
          (void)bill::billing_period::parse(it.key());
        } catch (const error& e) {
          throw bat.key(it.key()).fail(e.code(), e.message(), e.context());
        }
        st.grid_bills[it.key()] = expect_non_negative<money>(it.value(), bat.key(it.key()));
      }
    }
  }
  if (doc.contains("common_areas")) {
    const auto list_at = root.key("common_areas");
    const auto& list = expect_array(doc.at("common_areas"), list_at);
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto at = list_at.index(i);
      expect_object(list[i], at);
      only_keys(list[i], at, {"id", "meter", "basis", "tenants", "description"});
      site::common_area c;
      c.id = expect_id(require(list[i], at, "id"), at.key("id"));
      if (!ids.insert(c.id).second) {
        throw at.key("id").fail(errc::duplicate, "a common area id is given twice",
                                {{"text", c.id}});
      }
      c.meter_id = known_meter(require(list[i], at, "meter"), at.key("meter"));
      c.basis = parse_basis(require(list[i], at, "basis"), at.key("basis"));
      if (list[i].contains("tenants")) {
        const auto tat = at.key("tenants");
        const auto& ts = expect_array(list[i].at("tenants"), tat);
        for (std::size_t k = 0; k < ts.size(); ++k) {
          const auto id = expect_id(ts[k], tat.index(k));
          if (tenant_ids.count(id) == 0) {
            throw tat.index(k).fail(errc::not_found, "unknown tenant", {{"text", id}});
          }
          c.tenant_ids.push_back(id);
        }
      }
      out.common_areas.push_back(std::move(c));
    }
  }
  if (doc.contains("losses")) {
    const auto at = root.key("losses");
    const auto& j = expect_object(doc.at("losses"), at);
    only_keys(j, at, {"basis"});
    st.loss_basis = parse_basis(require(j, at, "basis"), at.key("basis"));
    if (st.grid_master.empty()) {
      throw at.fail(errc::inconsistent, "sharing losses needs settlement.grid_master");
    }
  }
  if (v2 && doc.contains("transformers")) {
    parse_transformers(doc.at("transformers"), root.key("transformers"), meter_ids, out);
  }
  if (st.mode == bill::settlement_mode::pass_through) check_pass_through(doc, root, out);
  if (v2) check_tier_counters(root, out);
}

// ---- Format v2: interval-split price changes, water-tree losses, charge cycles, payment bills
// (issue 22 items 3, 4, 5; docs/formats.md "Format v2").

/// `tou_periods` {tariff id: {register: [["HH:MM", "HH:MM"], …]}}: the day table of a tou4
/// tariff with versions, every day the same, covering each minute once (tariff::day_table).
void parse_tou_periods(const json& j, const place& at, site_document& out) {
  expect_object(j, at);
  for (auto it = j.begin(); it != j.end(); ++it) {
    const auto tat = at.key(it.key());
    const auto id = it.key();
    if (const char* problem = id_problem(id)) {
      throw tat.fail(errc::invalid_argument, problem, {{"text", id}});
    }
    if (out.versions.count(id) == 0) {
      throw tat.fail(errc::not_found, "TOU periods of an unknown tou4 tariff with versions",
                     {{"text", id}});
    }
    const auto& regs = expect_object(it.value(), tat);
    only_keys(regs, tat, {"sharp", "peak", "flat", "valley"});
    std::vector<tariff::period> periods;
    for (int n = 1; n <= 4; ++n) {
      const std::string_view key = tou4_keys[n - 1];
      if (!regs.contains(key)) continue;
      const auto rat = tat.key(key);
      const auto& list = expect_array(regs.at(key), rat);
      if (list.empty()) throw rat.fail(errc::parse, "expected at least one [start, end] pair");
      for (std::size_t k = 0; k < list.size(); ++k) {
        const auto pat = rat.index(k);
        const auto& pair = expect_array(list[k], pat);
        if (pair.size() != 2) throw pat.fail(errc::parse, "expected a pair [start, end]");
        int minutes[2] = {0, 0};
        for (std::size_t e = 0; e < 2; ++e) {
          const auto text = expect_string(pair[e], pat.index(e));
          const auto m = tariff::parse_minute_of_day(text);
          if (!m) {
            throw pat.index(e).fail(errc::parse, "expected a time of day HH:MM (00:00..24:00)",
                                    {{"text", text}});
          }
          minutes[e] = *m;
        }
        tariff::period p{n, minutes[0] % tariff::minutes_per_day, minutes[1]};
        if (p.end == 0) p.end = tariff::minutes_per_day;
        if (p.start == p.end || (minutes[0] == tariff::minutes_per_day)) {
          throw pat.fail(errc::invalid_argument, "a period needs a start before its end",
                         {{"text", describe(list[k])}});
        }
        periods.push_back(p);
      }
    }
    try {
      auto table = tariff::day_table::make(id, periods);
      for (const int r : table.registers_used()) {
        if (!out.versions.at(id).versions().front().prices.price(r)) {
          throw error(errc::inconsistent, "TOU periods name a register the tariff does not price",
                      {{"register", std::string(tou4_keys[r - 1])}});
        }
      }
      out.tou_periods.emplace(id, std::move(table));
    } catch (const error& e) {
      if (!e.context_value("file").empty()) throw;
      throw tat.fail(e.code(), e.message(), e.context());
    }
  }
}

/// `water_losses` {master, basis, price}: the water tree's losses shared like the electricity
/// tree's, the master a water meter of role grid_master.
void parse_water_losses(const json& j, const place& at, const id_index& meter_ids,
                        site_document& out) {
  expect_object(j, at);
  only_keys(j, at, {"master", "basis", "price"});
  site::water_loss_terms w;
  const auto mat = at.key("master");
  w.master = expect_id(require(j, at, "master"), mat);
  const auto it = meter_ids.find(w.master);
  if (it == meter_ids.end()) throw mat.fail(errc::not_found, "unknown meter", {{"text", w.master}});
  const auto& p = out.places[it->second];
  if (p.medium != metering::medium::water || p.role != metering::node_kind::grid_master) {
    throw mat.fail(errc::inconsistent,
                   "the water losses' master is a water meter of role grid_master",
                   {{"text", w.master},
                    {"medium", std::string(metering::to_string(p.medium))},
                    {"role", std::string(metering::to_string(p.role))}});
  }
  w.basis = expect_one_of<allocation::basis>(require(j, at, "basis"), at.key("basis"),
                                             {{"consumption", allocation::basis::consumption},
                                              {"area", allocation::basis::area},
                                              {"equal", allocation::basis::equal}});
  w.price = expect_non_negative<unit_price<volume>>(require(j, at, "price"), at.key("price"));
  out.water_losses = std::move(w);
}

/// A tenant's `move_in` and `basic_charge_cycle` (a two-part tariff by capacity: a demand is
/// measured, so billed, monthly, TP-3).
void parse_tenant_v2_cycles(const json& j, const place& at, const site_document& doc,
                            site::tenant& t) {
  if (j.contains("move_in")) {
    t.move_in = expect_time(j.at("move_in"), at.key("move_in"));
    if (t.move_out && !(*t.move_in < *t.move_out)) {
      throw at.key("move_in").fail(errc::out_of_order, "a tenant moves in after it moves out");
    }
  }
  if (!j.contains("basic_charge_cycle")) return;
  const auto cat = at.key("basic_charge_cycle");
  const auto& c = expect_object(j.at("basic_charge_cycle"), cat);
  only_keys(c, cat, {"cycle", "billing", "anchor_month"});
  const site::two_part_tariff* tp = nullptr;
  for (const auto& x : doc.two_part_tariffs) {
    if (x.id == t.tariff_id) tp = &x;
  }
  if (tp == nullptr || tp->terms.basis != tariff::basic_charge_basis::capacity) {
    throw cat.fail(errc::inconsistent,
                   "a basic charge cycle needs a two_part tariff by capacity (a demand charge is "
                   "measured and billed monthly, TP-3)",
                   {{"tariff", t.tariff_id}});
  }
  t.charge_cycles[bill::component::capacity] = parse_cycle_terms(c, cat);
}

/// The v2 fields of issue 22 items 3-5 at the site level (each tenant's are read with the tenant,
/// site_reader::read_tenant: the tenants are streamed, not kept in the tree).
void parse_site_v2_cycles(const json& doc, const place& root, const id_index& meter_ids,
                          site_document& out) {
  if (doc.contains("tou_periods")) {
    parse_tou_periods(doc.at("tou_periods"), root.key("tou_periods"), out);
  }
  if (doc.contains("water_losses")) {
    parse_water_losses(doc.at("water_losses"), root.key("water_losses"), meter_ids, out);
  }
}

/// Reads site.json in one pass: the tenants and meters, by far the largest part of a site, are
/// taken from the parser one element at a time (read_json.hpp, element_stream) and checked and
/// converted as each ends, so no tree of the whole document is ever built (at 1,000,000 tenants
/// that tree was several GB). Everything else of the document is small and read as a tree.
///
/// Errors stay those of reading the whole tree first and then checking it in the order below: a
/// JSON error anywhere wins; then the format, the top-level keys, name, currency, rounding and
/// tariffs; then the meters; then the tenants; then the rest. So an element refused while
/// streaming is kept (the first one of its array) and thrown in its turn once the whole text has
/// been parsed, and the arrays are only streamed when the steps they need (the format and the
/// tariffs for meters, all meters for tenants) have been read before them in the file; a file
/// written in another order is read as a tree, as before.
class site_reader final : public element_stream {
 public:
  explicit site_reader(const std::string& file)
      : file_(file),
        root_(file),
        meters_at_(root_.key("meters")),
        tenants_at_(root_.key("tenants")) {}

  site_document read(std::string_view text) {
    const json doc = parse_json(text, file_, *this);
    head(doc);
    if (!tariffs_read_) read_tariffs(doc);
    if (doomed_) throw std::logic_error("site.json: a step refused early did not refuse again");
    // The meters, then the tenants: streamed (an error kept for its turn) or from the tree.
    if (meters_.streamed) {
      if (meters_.refused) std::rethrow_exception(meters_.refused);
    } else {
      const auto& meters = expect_array(require(doc, root_, "meters"), meters_at_);
      for (std::size_t i = 0; i < meters.size(); ++i) read_meter(i, meters[i]);
      meters_done();
    }
    if (tenants_.streamed) {
      if (tenants_.refused) std::rethrow_exception(tenants_.refused);
    } else {
      const auto& tenants = expect_array(require(doc, root_, "tenants"), tenants_at_);
      for (std::size_t i = 0; i < tenants.size(); ++i) read_tenant(i, tenants[i]);
    }
    check_meter_tenants();
    if (v2_) apply_cut_offs(doc);
    if (v1_) parse_site_v1(doc, root_, meter_ids_, tenant_ids_, v2_, out_);
    if (v2_) parse_site_v2_cycles(doc, root_, meter_ids_, out_);
    if (v2_) {
      parse_site_bills_v2(doc, file_, out_, [this](const std::string& id) {
        return tenant_ids_.count(std::string_view(id)) != 0;
      });
    }
    return std::move(out_);
  }

  bool stream(const std::string& key, const json& document) override {
    if (key == "meters") {
      // The meters need the format and the tariffs, read before them; read those now. When
      // they are refused, the same refusal comes again once the text is parsed (or an error
      // before it): the meters are not looked at.
      if (!document.contains("format") || !document.contains("tariffs")) return false;
      try {
        read_format(document);
        read_tariffs(document);
      } catch (...) {
        doomed_ = true;
        out_ = site_document{};  // read again, from the start, once the text is parsed
        tariff_ids_.clear();
      }
      meters_.streamed = true;
      return true;
    }
    if (key == "tenants") {
      // The tenants need every meter.
      tenants_.streamed = meters_.streamed && meters_.ended;
      return tenants_.streamed;
    }
    return false;
  }

  void element(const std::string& key, std::size_t index, json&& value) override {
    auto& list = key == "meters" ? meters_ : tenants_;
    if (doomed_ || meters_.refused || list.refused) return;
    try {
      if (key == "meters") {
        read_meter(index, value);
      } else {
        read_tenant(index, value);
      }
    } catch (...) {
      list.refused = std::current_exception();
    }
  }

  void end(const std::string& key, std::size_t /*count*/) override {
    if (key != "meters") return;
    meters_.ended = true;
    if (doomed_ || meters_.refused) return;
    try {
      meters_done();
    } catch (...) {
      meters_.refused = std::current_exception();
    }
  }

 private:
  /// A top-level array: streamed or not, ended, and the first refusal of one of its elements.
  struct streamed_array {
    bool streamed = false;
    bool ended = false;
    std::exception_ptr refused;
  };

  /// The format: v1_ for v1 and v2, v2_ for v2 (format v2 is v1 plus optional fields,
  /// docs/formats.md "Format v2").
  void read_format(const json& doc) {
    expect_object(doc, root_);
    const auto format = expect_string(require(doc, root_, "format"), root_.key("format"));
    if (format != "submeter-site-v0" && format != "submeter-site-v1" &&
        format != "submeter-site-v2") {
      throw root_.key("format").fail(errc::unsupported,
                                     "unknown site format (expected \"submeter-site-v0\", "
                                     "\"submeter-site-v1\" or \"submeter-site-v2\")",
                                     {{"text", format}});
    }
    v2_ = format == "submeter-site-v2";
    v1_ = format == "submeter-site-v1" || v2_;
  }

  /// The format, the top-level keys, name, currency and rounding.
  void head(const json& doc) {
    read_format(doc);
    if (v2_) {
      only_keys(doc, root_,
                {"format", "name", "description", "currency", "rounding", "settlement", "tariffs",
                 "meters", "tenants", "common_areas", "losses", "transformers", "tou_periods",
                 "water_losses", "bill_numbers", "tax", "payment_bills", "cut_off"});
    } else if (v1_) {
      only_keys(doc, root_,
                {"format", "name", "description", "currency", "rounding", "settlement", "tariffs",
                 "meters", "tenants", "common_areas", "losses"});
    } else {
      only_keys(doc, root_,
                {"format", "name", "description", "currency", "rounding", "tariffs", "meters",
                 "tenants"});
    }
    out_.name = expect_name(require(doc, root_, "name"), root_.key("name"));
    out_.currency = expect_name(require(doc, root_, "currency"), root_.key("currency"));
    if (doc.contains("rounding")) {
      out_.rule = parse_rounding(doc.at("rounding"), root_.key("rounding"));
    }
  }

  void read_tariffs(const json& doc) {
    const auto tariffs_at = root_.key("tariffs");
    const auto& tariffs = expect_array(require(doc, root_, "tariffs"), tariffs_at);
    for (std::size_t i = 0; i < tariffs.size(); ++i) {
      const auto at = tariffs_at.index(i);
      auto t = parse_tariff(tariffs[i], at, v1_, v2_, &out_);
      const auto id = tariffs[i].at("id").get<std::string>();  // parse_tariff checked it
      if (!tariff_ids_.emplace(id, i).second) {
        throw at.key("id").fail(errc::duplicate, "a tariff id is given twice", {{"text", id}});
      }
      if (t) out_.tariffs.push_back(std::move(*t));
    }
    for (const auto& tp : out_.two_part_tariffs) {
      bool found = false;
      for (const auto& t : out_.tariffs) found = found || t.id() == tp.energy_tariff_id;
      if (!found) {
        throw tariffs_at.index(tariff_ids_.at(tp.id))
            .key("energy_tariff")
            .fail(errc::not_found, "unknown energy tariff (a flat or tou4 tariff of the site)",
                  {{"text", tp.energy_tariff_id}});
      }
    }
    tariffs_read_ = true;
  }

  /// A copy of `s` that stays put (the id maps hold views of it).
  std::string_view keep(std::string_view s) { return ids_.emplace_back(s); }

  void read_meter(std::size_t i, const json& m) {
    const auto at = meters_at_.index(i);
    expect_object(m, at);
    if (v1_) {
      if (v2_) {
        only_keys(m, at,
                  {"id", "multiplier", "tenant", "description", "role", "medium", "parent",
                   "tariff", "installed", "removed", "replaces", "comm"});
      } else {
        only_keys(m, at,
                  {"id", "multiplier", "tenant", "description", "role", "medium", "parent",
                   "tariff", "installed", "removed", "replaces"});
      }
    } else {
      only_keys(m, at, {"id", "multiplier", "tenant", "description"});
    }
    const auto id = expect_id(require(m, at, "id"), at.key("id"));
    if (v1_) out_.places.push_back(parse_place(m, at, id, tariff_ids_));
    if (v2_ && m.contains("comm")) read_comm(m.at("comm"), at.key("comm"), id);
    ratio multiplier = ratio::from_integer(1);
    if (m.contains("multiplier")) {
      multiplier = parse_multiplier(m.at("multiplier"), at.key("multiplier"));
    }
    const auto kept = keep(id);
    if (!meter_ids_.emplace(kept, i).second) {
      throw at.key("id").fail(errc::duplicate, "a meter id is given twice", {{"text", id}});
    }
    if (m.contains("tenant")) {
      const auto& named = m.at("tenant");
      (void)expect_id(named, at.key("tenant"));
      meter_tenant_.emplace_back(kept, keep(doc_string(named)));
    }
    out_.meters.push_back(metering::meter::make(id, multiplier));
  }

  void meters_done() {
    if (v1_) check_parents(out_.places, meters_at_);
  }

  void read_tenant(std::size_t i, const json& j) {
    const auto at = tenants_at_.index(i);
    expect_object(j, at);
    if (v2_) {
      only_keys(j, at,
                {"id", "name", "tariff", "meters", "description", "area_m2", "capacity_kva",
                 "property_fee", "rent", "account", "move_out", "tier_counter", "demand_history",
                 "allowance", "move_in", "basic_charge_cycle"});
    } else if (v1_) {
      only_keys(j, at,
                {"id", "name", "tariff", "meters", "description", "area_m2", "capacity_kva",
                 "property_fee", "rent", "account", "move_out"});
    } else {
      only_keys(j, at, {"id", "name", "tariff", "meters", "description"});
    }
    site::tenant t;
    if (v1_) parse_tenant_v1(j, at, t, v2_);
    if (v2_) parse_tenant_pricing_v2(j, at, t);
    t.id = expect_id(require(j, at, "id"), at.key("id"));
    const auto tenant_id = keep(t.id);
    if (!tenant_ids_.insert(tenant_id).second) {
      throw at.key("id").fail(errc::duplicate, "a tenant id is given twice", {{"text", t.id}});
    }
    t.name = expect_name(require(j, at, "name"), at.key("name"));
    t.tariff_id = expect_id(require(j, at, "tariff"), at.key("tariff"));
    if (tariff_ids_.count(t.tariff_id) == 0) {
      throw at.key("tariff").fail(errc::not_found, "unknown tariff", {{"text", t.tariff_id}});
    }
    const auto list_at = at.key("meters");
    const auto& list = expect_array(require(j, at, "meters"), list_at);
    if (list.empty())
      throw list_at.fail(errc::invalid_argument, "a tenant needs at least one meter");
    for (std::size_t k = 0; k < list.size(); ++k) {
      auto m = expect_id(list[k], list_at.index(k));
      const auto known = meter_ids_.find(m);
      if (known == meter_ids_.end()) {
        throw list_at.index(k).fail(errc::not_found, "unknown meter", {{"text", m}});
      }
      const auto [it, fresh] = owner_.emplace(known->first, tenant_id);
      if (!fresh) {
        throw list_at.index(k).fail(
            errc::inconsistent, "a meter is billed to two tenants",
            {{"meter", m}, {"tenant", std::string(it->second)}, {"other_tenant", t.id}});
      }
      t.meter_ids.push_back(std::move(m));
    }
    if (v2_) parse_tenant_v2_cycles(j, at, out_, t);
    if (v2_ && t.account && j.at("account").contains("cut_off")) {
      const auto cat = at.key("account").key("cut_off");
      if (t.account->mode != ledger::account_mode::prepaid) {
        throw cat.fail(errc::inconsistent, "cut_off is for prepaid accounts",
                       {{"tenant", t.id}, {"mode", "postpaid"}});
      }
      auto terms = parse_cut_off(j.at("account").at("cut_off"), cat);
      // Checked now (holidays, windows that never end) with the file's default when it is read.
      account_cut_offs_.push_back({out_.tenants.size(), i, std::move(terms)});
    }
    out_.tenants.push_back(std::move(t));
  }

  /// A meter's `comm`: its address, once per protocol in the site.
  void read_comm(const json& j, const place& at, const std::string& id) {
    auto c = parse_comm(j, at, out_.places.back().medium);
    const auto key =
        std::string(c.kind == site::meter_comm::protocol::dlt645 ? "dlt645:" : "cjt188:") +
        c.address;
    const auto [it, fresh] = comm_owner_.emplace(key, id);
    if (!fresh) {
      throw at.key("address").fail(
          errc::duplicate, "two meters have the same address",
          {{"text", c.address}, {"meter", it->second}, {"other_meter", id}});
    }
    out_.places.back().comm = std::move(c);
  }

  /// Format v2 cut-off: the site's default `cut_off` and each prepaid account's own, joined field
  /// by field into the account's cut policy and 保电 flag (CUT-3, PP-4).
  void apply_cut_offs(const json& doc) {
    std::optional<cut_off_terms> site_terms;
    const auto sat = root_.key("cut_off");
    if (doc.contains("cut_off")) site_terms = parse_cut_off(doc.at("cut_off"), sat);
    const cut_off_terms* dflt = site_terms ? &*site_terms : nullptr;
    if (dflt) {
      const auto [cuts, keep_on] = resolve_cut_off(nullptr, dflt, sat);
      for (auto& t : out_.tenants) {
        if (!t.account || t.account->mode != ledger::account_mode::prepaid) continue;
        t.account->cuts = cuts;
        t.account->keep_on = keep_on;
      }
    }
    for (const auto& a : account_cut_offs_) {
      auto& account = *out_.tenants[a.tenant].account;
      const auto [cuts, keep_on] =
          resolve_cut_off(&a.terms, dflt, tenants_at_.index(a.index).key("account").key("cut_off"));
      account.cuts = cuts;
      account.keep_on = keep_on;
    }
  }

  /// A meter may name its tenant; when it does, that tenant must list it. Of several meters that
  /// do not, the one with the smallest id is named (as when these were kept in a std::map).
  void check_meter_tenants() const {
    const std::pair<std::string_view, std::string_view>* mismatch = nullptr;
    for (const auto& entry : meter_tenant_) {
      const auto it = owner_.find(entry.first);
      if ((it == owner_.end() || it->second != entry.second) &&
          (mismatch == nullptr || entry.first < mismatch->first)) {
        mismatch = &entry;
      }
    }
    if (mismatch == nullptr) return;
    const auto [m, named] = *mismatch;
    const auto it = owner_.find(m);
    throw meters_at_.index(meter_ids_.at(m))
        .key("tenant")
        .fail(errc::inconsistent, "the meter names a tenant that does not list it",
              {{"meter", std::string(m)},
               {"tenant", std::string(named)},
               {"listed_by",
                it == owner_.end() ? std::string("no tenant") : std::string(it->second)}});
  }

  const std::string& file_;
  place root_;
  place meters_at_;
  place tenants_at_;
  bool v1_ = false;
  bool v2_ = false;
  bool tariffs_read_ = false;
  bool doomed_ = false;  // the format or the tariffs were refused while streaming
  streamed_array meters_;
  streamed_array tenants_;
  site_document out_;
  std::map<std::string, std::size_t> tariff_ids_;
  /// The ids the maps below view (a deque: its strings never move).
  std::deque<std::string> ids_;
  id_index meter_ids_;
  id_set tenant_ids_;
  std::unordered_map<std::string_view, std::string_view> owner_;  // meter id -> tenant listing it
  /// An account's own `cut_off`: the tenant (in out_.tenants), its index in the file, its terms.
  struct account_cut_off {
    std::size_t tenant;
    std::size_t index;
    cut_off_terms terms;
  };
  std::vector<account_cut_off> account_cut_offs_;
  std::map<std::string, std::string> comm_owner_;  // "protocol:address" -> meter id
  std::vector<std::pair<std::string_view, std::string_view>>
      meter_tenant_;  // meter -> tenant named
};

}  // namespace

site_document parse_site_json(std::string_view text, const std::string& file) {
  return site_reader(file).read(text);
}

}  // namespace submeter::io
