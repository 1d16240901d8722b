// site.json (formats "submeter-site-v0", "submeter-site-v1" and "-v2") → site_document. See
// docs/formats.md.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
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
    return located(code, std::move(message), {{"file", *file_}, {"path", path()}, {"field", field()}},
                   more);
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
void only_keys(const json& obj, const place& at, std::initializer_list<std::string_view> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
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
template <class T>
T expect_one_of(const json& j, const place& at,
                std::initializer_list<std::pair<std::string_view, T>> choices) {
  const auto text = expect_string(j, at);
  std::string names;
  for (const auto& [name, value] : choices) {
    if (text == name) return value;
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  throw at.fail(errc::parse, "expected one of " + names, {{"text", text}});
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

/// Parses one tariff. A register tariff is returned; format v1's water and two-part tariffs go to
/// `parts` and nullopt is returned; a tou4 tariff's versions go to `parts` too.
std::optional<tariff::register_tariff> parse_tariff(const json& j, const place& at, bool v1,
                                                    site::site_parts* parts) {
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
      only_keys(j, at,
                {"id", "kind", "description", "energy_tariff", "basis", "capacity_price",
                 "demand_price", "pf_standard"});
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
      parts->two_part_tariffs.push_back(std::move(tp));
      return std::nullopt;
    }
  } catch (const error& e) {
    if (!e.context_value("file").empty()) throw;
    throw at.fail(e.code(), e.message(), e.context());
  }
  throw at.key("kind").fail(
      errc::unsupported,
      v1 ? "unknown tariff kind (expected flat, tou4, water_tiered or two_part)"
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

allocation::recurring_charge parse_recurring(const json& j, const place& at, bill::component what) {
  expect_object(j, at);
  only_keys(j, at, {"per_m2_month", "fixed_per_month"});
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
  return allocation::recurring_charge::make(what, allocation::fee_cycle::monthly, fixed, per_m2);
}

site::tenant_account parse_account(const json& j, const place& at) {
  expect_object(j, at);
  only_keys(j, at, {"mode", "opening_balance", "alarm1", "alarm2", "overdraft_limit", "recharges"});
  site::tenant_account a;
  a.mode = expect_one_of<ledger::account_mode>(
      require(j, at, "mode"), at.key("mode"),
      {{"prepaid", ledger::account_mode::prepaid}, {"postpaid", ledger::account_mode::postpaid}});
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

void parse_tenant_v1(const json& j, const place& at, site::tenant& t) {
  if (j.contains("area_m2"))
    t.floor_area = expect_non_negative<area>(j.at("area_m2"), at.key("area_m2"));
  if (j.contains("capacity_kva")) {
    t.capacity_kva = expect_non_negative<power>(j.at("capacity_kva"), at.key("capacity_kva"));
  }
  if (j.contains("property_fee")) {
    t.recurring.push_back(parse_recurring(j.at("property_fee"), at.key("property_fee"),
                                          bill::component::property_fee));
  }
  if (j.contains("rent"))
    t.recurring.push_back(parse_recurring(j.at("rent"), at.key("rent"), bill::component::rent));
  if (j.contains("account")) t.account = parse_account(j.at("account"), at.key("account"));
  if (j.contains("move_out")) t.move_out = expect_time(j.at("move_out"), at.key("move_out"));
}

allocation::basis parse_basis(const json& j, const place& at) {
  return expect_one_of<allocation::basis>(j, at,
                                          {{"consumption", allocation::basis::consumption},
                                           {"area", allocation::basis::area},
                                           {"equal", allocation::basis::equal}});
}

void parse_site_v1(const json& doc, const place& root, const id_index& meter_ids,
                   const id_set& tenant_ids, site_document& out) {
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
    if (j.contains("mode")) {
      const auto mode = expect_string(j.at("mode"), at.key("mode"));
      if (mode != "catalogue_price") {
        throw at.key("mode").fail(errc::unsupported,
                                  "site billing supports the catalogue_price mode (SUP-2 Mode A)",
                                  {{"text", mode}});
      }
    }
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
}

/// Frees the elements of a document's top-level arrays (tenants, meters) one by one when it goes
/// out of scope, before the document itself. nlohmann's destructor moves every value of a tree
/// into one stack vector first, growing it to the size of the largest array: at 100,000 tenants
/// that vector's reallocations made glibc consolidate its free lists again and again (perf:
/// malloc_consolidate, unlink_chunk), as long as building the tree.
class dismantle_on_exit {
 public:
  explicit dismantle_on_exit(json& doc) noexcept : doc_(&doc) {}
  dismantle_on_exit(const dismantle_on_exit&) = delete;
  dismantle_on_exit& operator=(const dismantle_on_exit&) = delete;
  ~dismantle_on_exit() {
    if (!doc_->is_object()) return;
    for (auto& member : *doc_->get_ptr<json::object_t*>()) {
      if (auto* list = member.second.get_ptr<json::array_t*>()) {
        while (!list->empty()) list->pop_back();
      }
    }
  }

 private:
  json* doc_;
};

}  // namespace

site_document parse_site_json(std::string_view text, const std::string& file) {
  json doc = parse_json(text, file);
  const dismantle_on_exit release(doc);
  const place root(file);
  expect_object(doc, root);
  const auto format = expect_string(require(doc, root, "format"), root.key("format"));
  if (format != "submeter-site-v0" && format != "submeter-site-v1" &&
      format != "submeter-site-v2") {
    throw root.key("format").fail(errc::unsupported,
                                  "unknown site format (expected \"submeter-site-v0\", "
                                  "\"submeter-site-v1\" or \"submeter-site-v2\")",
                                  {{"text", format}});
  }
  // Format v2 is v1 plus optional fields (docs/formats.md "Format v2").
  const bool v2 = format == "submeter-site-v2";
  const bool v1 = format == "submeter-site-v1" || v2;
  if (v2) {
    only_keys(doc, root,
              {"format", "name", "description", "currency", "rounding", "settlement", "tariffs",
               "meters", "tenants", "common_areas", "losses", "bill_numbers", "tax"});
  } else if (v1) {
    only_keys(doc, root,
              {"format", "name", "description", "currency", "rounding", "settlement", "tariffs",
               "meters", "tenants", "common_areas", "losses"});
  } else {
    only_keys(
        doc, root,
        {"format", "name", "description", "currency", "rounding", "tariffs", "meters", "tenants"});
  }
  site_document out;
  out.name = expect_name(require(doc, root, "name"), root.key("name"));
  out.currency = expect_name(require(doc, root, "currency"), root.key("currency"));
  if (doc.contains("rounding")) out.rule = parse_rounding(doc.at("rounding"), root.key("rounding"));

  std::map<std::string, std::size_t> tariff_ids;
  const auto tariffs_at = root.key("tariffs");
  const auto& tariffs = expect_array(require(doc, root, "tariffs"), tariffs_at);
  for (std::size_t i = 0; i < tariffs.size(); ++i) {
    const auto at = tariffs_at.index(i);
    auto t = parse_tariff(tariffs[i], at, v1, &out);
    const auto id = tariffs[i].at("id").get<std::string>();  // parse_tariff checked it
    if (!tariff_ids.emplace(id, i).second) {
      throw at.key("id").fail(errc::duplicate, "a tariff id is given twice", {{"text", id}});
    }
    if (t) out.tariffs.push_back(std::move(*t));
  }
  for (const auto& tp : out.two_part_tariffs) {
    bool found = false;
    for (const auto& t : out.tariffs) found = found || t.id() == tp.energy_tariff_id;
    if (!found) {
      throw tariffs_at.index(tariff_ids.at(tp.id))
          .key("energy_tariff")
          .fail(errc::not_found, "unknown energy tariff (a flat or tou4 tariff of the site)",
                {{"text", tp.energy_tariff_id}});
    }
  }

  // The id maps below hold views of the strings of `doc`, which outlives them.
  std::vector<std::pair<std::string_view, std::string_view>> meter_tenant;  // meter -> tenant named
  id_index meter_ids;
  const auto meters_at = root.key("meters");
  const auto& meters = expect_array(require(doc, root, "meters"), meters_at);
  meter_ids.reserve(meters.size());
  out.meters.reserve(meters.size());
  if (v1) out.places.reserve(meters.size());
  for (std::size_t i = 0; i < meters.size(); ++i) {
    const auto at = meters_at.index(i);
    expect_object(meters[i], at);
    if (v1) {
      only_keys(meters[i], at,
                {"id", "multiplier", "tenant", "description", "role", "medium", "parent", "tariff",
                 "installed", "removed", "replaces"});
    } else {
      only_keys(meters[i], at, {"id", "multiplier", "tenant", "description"});
    }
    const auto id = expect_id(require(meters[i], at, "id"), at.key("id"));
    if (v1) out.places.push_back(parse_place(meters[i], at, id, tariff_ids));
    ratio multiplier = ratio::from_integer(1);
    if (meters[i].contains("multiplier")) {
      multiplier = parse_multiplier(meters[i].at("multiplier"), at.key("multiplier"));
    }
    if (!meter_ids.emplace(doc_string(meters[i].at("id")), i).second) {
      throw at.key("id").fail(errc::duplicate, "a meter id is given twice", {{"text", id}});
    }
    if (meters[i].contains("tenant")) {
      const auto& named = meters[i].at("tenant");
      (void)expect_id(named, at.key("tenant"));
      meter_tenant.emplace_back(doc_string(meters[i].at("id")), doc_string(named));
    }
    out.meters.push_back(metering::meter::make(id, multiplier));
  }
  if (v1) check_parents(out.places, meters_at);

  std::unordered_map<std::string_view, std::string_view> owner;  // meter id -> tenant listing it
  owner.reserve(meters.size());
  id_set tenant_ids;
  const auto tenants_at = root.key("tenants");
  const auto& tenants = expect_array(require(doc, root, "tenants"), tenants_at);
  tenant_ids.reserve(tenants.size());
  out.tenants.reserve(tenants.size());
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    const auto at = tenants_at.index(i);
    expect_object(tenants[i], at);
    if (v1) {
      only_keys(tenants[i], at,
                {"id", "name", "tariff", "meters", "description", "area_m2", "capacity_kva",
                 "property_fee", "rent", "account", "move_out"});
    } else {
      only_keys(tenants[i], at, {"id", "name", "tariff", "meters", "description"});
    }
    site::tenant t;
    if (v1) parse_tenant_v1(tenants[i], at, t);
    t.id = expect_id(require(tenants[i], at, "id"), at.key("id"));
    const auto tenant_id = doc_string(tenants[i].at("id"));
    if (!tenant_ids.insert(tenant_id).second) {
      throw at.key("id").fail(errc::duplicate, "a tenant id is given twice", {{"text", t.id}});
    }
    t.name = expect_name(require(tenants[i], at, "name"), at.key("name"));
    t.tariff_id = expect_id(require(tenants[i], at, "tariff"), at.key("tariff"));
    if (tariff_ids.count(t.tariff_id) == 0) {
      throw at.key("tariff").fail(errc::not_found, "unknown tariff", {{"text", t.tariff_id}});
    }
    const auto list_at = at.key("meters");
    const auto& list = expect_array(require(tenants[i], at, "meters"), list_at);
    if (list.empty())
      throw list_at.fail(errc::invalid_argument, "a tenant needs at least one meter");
    for (std::size_t k = 0; k < list.size(); ++k) {
      auto m = expect_id(list[k], list_at.index(k));
      if (meter_ids.count(m) == 0) {
        throw list_at.index(k).fail(errc::not_found, "unknown meter", {{"text", m}});
      }
      const auto [it, fresh] = owner.emplace(doc_string(list[k]), tenant_id);
      if (!fresh) {
        throw list_at.index(k).fail(errc::inconsistent, "a meter is billed to two tenants",
                                    {{"meter", m},
                                     {"tenant", std::string(it->second)},
                                     {"other_tenant", t.id}});
      }
      t.meter_ids.push_back(std::move(m));
    }
    out.tenants.push_back(std::move(t));
  }
  // A meter may name its tenant; when it does, that tenant must list it. Of several meters that
  // do not, the one with the smallest id is named (as when these were kept in a std::map).
  const std::pair<std::string_view, std::string_view>* mismatch = nullptr;
  for (const auto& entry : meter_tenant) {
    const auto it = owner.find(entry.first);
    if ((it == owner.end() || it->second != entry.second) &&
        (mismatch == nullptr || entry.first < mismatch->first)) {
      mismatch = &entry;
    }
  }
  if (mismatch != nullptr) {
    const auto [m, named] = *mismatch;
    const auto it = owner.find(m);
    throw meters_at.index(meter_ids.at(m))
        .key("tenant")
        .fail(errc::inconsistent, "the meter names a tenant that does not list it",
              {{"meter", std::string(m)},
               {"tenant", std::string(named)},
               {"listed_by", it == owner.end() ? std::string("no tenant") : std::string(it->second)}});
  }
  if (v1) parse_site_v1(doc, root, meter_ids, tenant_ids, out);
  if (v2) parse_site_bills_v2(doc, file, out);
  return out;
}

}  // namespace submeter::io
