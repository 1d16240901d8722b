#pragma once
/// \file
/// Files for re-rating: issued bills as the CLI writes them (`submeter-bills-v0`, read back
/// exactly: every amount is a decimal string) and a price change (`submeter-price-change-v1`):
///
/// ```json
/// {"format": "submeter-price-change-v1", "tariff": "flat-general", "version": "flat-2026b",
///  "effective": "2026-07-16 00:00", "document": "…",
///  "prices": [{"component": "energy", "register": 0, "tier": 0, "price": "0.63"}]}
/// ```
/// Errors name the file's path in the document.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "io/echo.hpp"
#include "io/json_fields.hpp"
#include "io/limits.hpp"
#include "io/read_json.hpp"
#include "submeter/bill/compare.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/rerate/retroactive.hpp"

namespace submeter::io {

namespace detail {

[[nodiscard]] inline std::string text_of(const nlohmann::json& obj, const char* key,
                                         const std::string& path) {
  return as_string(require(obj, key, path), path + "." + key);
}

/// An optional string field: `fallback` when absent; refuses another type (nlohmann's value()
/// would throw type_error.302 instead).
[[nodiscard]] inline std::string optional_text(const nlohmann::json& obj, const char* key,
                                               const std::string& path,
                                               const std::string& fallback = {}) {
  if (!obj.is_object() || !obj.contains(key)) return fallback;
  return as_string(obj.at(key), path + "." + key);
}

/// An identifier field (identifier.hpp).
[[nodiscard]] inline std::string id_of(const nlohmann::json& obj, const char* key,
                                       const std::string& path) {
  return as_id(require(obj, key, path), path + "." + key);
}

/// A name field (identifier.hpp).
[[nodiscard]] inline std::string name_of(const nlohmann::json& obj, const char* key,
                                         const std::string& path) {
  return as_name(require(obj, key, path), path + "." + key);
}

/// A decimal string field within `limit` in magnitude (whole units; 0: below 10^10, limits.hpp).
template <class T>
[[nodiscard]] T decimal_of(const nlohmann::json& obj, const char* key, const std::string& path,
                           std::int64_t limit = 0) {
  const auto text = text_of(obj, key, path);
  const auto v = T::try_parse(text);
  if (!v) {
    throw error(errc::parse, "expected an exact decimal string",
                {{"path", path + "." + key}, {"text", echo(text)}});
  }
  if (limit == 0 ? !quantity_in_range(*v) : !at_most(*v, limit)) {
    throw error(errc::invalid_argument, "a value out of range",
                {{"path", path + "." + key},
                 {"text", echo(text)},
                 {"expected", limit == 0 ? std::string(quantity_limit_text)
                                         : "at most " + std::to_string(limit) + " in magnitude"}});
  }
  return *v;
}

/// The bill component named by `text` at `path`; refuses (errc::parse) an unknown name.
[[nodiscard]] inline bill::component component_at(const std::string& text,
                                                  const std::string& path) {
  const auto c = bill::try_parse_component(text);
  if (!c) {
    throw error(errc::parse, "unknown bill component", {{"path", path}, {"text", echo(text)}});
  }
  return *c;
}

[[nodiscard]] inline local_time time_of(const nlohmann::json& obj, const char* key,
                                        const std::string& path) {
  const auto text = text_of(obj, key, path);
  const auto t = try_parse_local_time(text);
  if (!t) {
    throw error(errc::parse, "expected a local time YYYY-MM-DD HH:MM",
                {{"path", path + "." + key}, {"text", echo(text)}});
  }
  return *t;
}

/// The window [from, to) of `obj` (two local times); refuses one that does not go forward.
[[nodiscard]] inline local_interval window_of(local_time from, local_time to,
                                              const std::string& path) {
  if (!(from < to)) {
    throw error(errc::out_of_order, "a window must end after it begins", {{"path", path}});
  }
  return local_interval::make(from, to);
}

/// The highest register number a line or price may name (0: the total register).
inline constexpr std::int64_t max_register = 8;
/// The highest tier number a line or price may name (0: untiered).
inline constexpr std::int64_t max_tier = 1000;

/// Refuses a line whose amount is not its quantity × unit price charged at the bill's rounding
/// (bill::charge_of), for the lines whose amount is that product: every line but adjustments
/// (re-rated deltas) and lines shown without a price (common-area shares, fixed fees).
inline void check_line_amount(const bill::line& l, const std::string& path) {
  if (l.component == bill::component::adjustment || l.unit_price.is_zero()) return;
  bill::exact_money exact;
  try {
    // quantity (scale 4) × unit price (scale 6) is exact at scale 10, the scale of exact_money.
    exact = bill::exact_money::from_mantissa(
        multiply<decimal<dimension::ratio, 10>>(l.quantity, l.unit_price, rounding::half_up)
            .mantissa());
  } catch (const std::overflow_error&) {
    throw error(errc::invalid_argument, "the line's quantity × unit_price is out of range",
                {{"path", path},
                 {"quantity", l.quantity.to_string(2)},
                 {"unit_price", l.unit_price.to_string(2)}});
  }
  const auto charged = bill::charge_of(exact, l.rule);
  if (charged != l.amount) {
    throw error(errc::inconsistent,
                "the line's amount is not its quantity × unit_price at the bill's rounding",
                {{"path", path + ".amount"},
                 {"quantity", l.quantity.to_string(2)},
                 {"unit_price", l.unit_price.to_string(2)},
                 {"amount", l.amount.to_string(2)},
                 {"expected", charged.to_string(2)}});
  }
}

/// The fields of an issued bill's line (`bills[i].lines[k]` at `lpath`) that both readers of
/// issued bills take: re-rating (into a bill::line, with `price_unit` and `unrounded` besides)
/// and the dry run's comparison (bill::compared_line). Refuses what the readers refuse.
[[nodiscard]] inline bill::compared_line issued_line_of(const nlohmann::json& j,
                                                        const std::string& lpath) {
  bill::compared_line l;
  l.component = component_at(text_of(j, "component", lpath), lpath + ".component");
  l.meter = text_of(j, "meter", lpath);
  if (!l.meter.empty()) l.meter = id_of(j, "meter", lpath);
  l.rate_register = static_cast<int>(
      as_integer(require(j, "register", lpath), 0, max_register, lpath + ".register"));
  l.register_name = name_of(j, "register_name", lpath);
  if (j.contains("tier")) {
    l.tier = static_cast<int>(as_integer(j.at("tier"), 0, max_tier, lpath + ".tier"));
  }
  if (j.contains("version")) l.version = id_of(j, "version", lpath);
  l.quantity = decimal_of<bill::line_quantity>(j, "quantity", lpath);
  l.unit = name_of(j, "unit", lpath);
  l.unit_price = decimal_of<bill::line_price>(j, "unit_price", lpath, max_unit_price);
  l.amount = decimal_of<bill::exact_money>(j, "amount", lpath);
  l.explanation = name_of(j, "explanation", lpath);
  if (j.contains("window")) {
    const auto& w = as_object(j.at("window"), lpath + ".window");
    l.window = window_of(time_of(w, "from", lpath + ".window"), time_of(w, "to", lpath + ".window"),
                         lpath + ".window");
  }
  return l;
}

}  // namespace detail

/// An issued-bills file (`submeter-bills-v0`) as re-rating reads it.
struct issued_bills_document {
  /// The site the bills were issued for (the file's `site`).
  std::string site;
  /// The billing period's label ("2026-07").
  std::string period_label;
  /// The bills, with the `site_id` given to issued_bills_document_from_json.
  std::vector<rerate::issued_bill> bills;
  /// The tenant of each bill, in the order of `bills`.
  std::vector<std::string> tenants;
};

/// Reads issued bills (`submeter-bills-v0`) for re-rating: bill ids are "<tenant>-<period>",
/// each line's window is its meter's reading window. Refuses (submeter::error, with the path in
/// the document): another format (errc::unsupported); a missing or mistyped field (errc::parse,
/// never a nlohmann type error); an integer out of range (rounding places 0..4, register 0..8,
/// tier 0..1000: errc::parse, never truncated); an id or name the identifier rule refuses
/// (errc::invalid_argument); a decimal out of range (limits.hpp: quantities and amounts below
/// 10^10, unit prices at most 100,000 in magnitude; errc::invalid_argument); a bill id given
/// twice (errc::duplicate: it would be re-rated twice); a line whose amount is not its quantity ×
/// unit_price at the bill's rounding, where the amount is that product (errc::inconsistent,
/// detail::check_line_amount); a window that does not go forward (errc::out_of_order).
[[nodiscard]] inline issued_bills_document issued_bills_document_from_json(
    const nlohmann::json& doc, const std::string& site_id) {
  if (!doc.is_object() || !doc.contains("format") || !doc.at("format").is_string() ||
      doc.at("format").get_ref<const std::string&>() != "submeter-bills-v0") {
    throw error(errc::unsupported, "not a submeter-bills-v0 document",
                {{"format", doc.is_object() && doc.contains("format") ? describe(doc.at("format"))
                                                                      : std::string()}});
  }
  issued_bills_document out;
  out.site = detail::optional_text(doc, "site", "");
  const auto& rounding_doc = detail::as_object(detail::require(doc, "rounding", ""), ".rounding");
  const auto scope = detail::text_of(rounding_doc, "scope", "rounding");
  const auto mode_text = detail::text_of(rounding_doc, "mode", "rounding");
  std::optional<rounding> mode;
  for (const auto m : {rounding::half_up, rounding::half_even, rounding::toward_zero,
                       rounding::floor, rounding::ceil}) {
    if (mode_text == to_string(m)) mode = m;
  }
  if (!mode || (scope != "per_line" && scope != "total_only")) {
    throw error(errc::parse, "unknown rounding scope or mode",
                {{"path", "rounding"}, {"scope", echo(scope)}, {"mode", echo(mode_text)}});
  }
  const auto rule = bill::rounding_rule::make(
      scope == "per_line" ? bill::rounding_scope::per_line : bill::rounding_scope::total_only,
      static_cast<int>(detail::as_integer(detail::require(rounding_doc, "places", "rounding"), 0, 4,
                                          "rounding.places")),
      *mode);
  const auto& period = detail::as_object(detail::require(doc, "period", ""), ".period");
  out.period_label = detail::id_of(period, "label", "period");
  const auto window = detail::window_of(detail::time_of(period, "from", "period"),
                                        detail::time_of(period, "to", "period"), "period");
  const auto& bills = detail::as_array(detail::require(doc, "bills", ""), ".bills");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < bills.size(); ++i) {
    const std::string path = "bills[" + std::to_string(i) + "]";
    const auto& b = detail::as_object(bills[i], path);
    const auto tenant = detail::id_of(detail::require(b, "tenant", path), "id", path + ".tenant");
    rerate::issued_bill ib{tenant + "-" + out.period_label,
                           site_id,
                           detail::id_of(b, "tariff", path),
                           window,
                           {},
                           rule};
    if (!ids.insert(ib.bill_id).second) {
      throw error(errc::duplicate, "a bill is given twice (it would be re-rated twice)",
                  {{"path", path + ".tenant.id"}, {"bill", ib.bill_id}});
    }
    std::vector<std::pair<std::string, local_interval>> meter_windows;
    const auto& meters = detail::as_array(detail::require(b, "meters", path), path + ".meters");
    for (std::size_t k = 0; k < meters.size(); ++k) {
      const std::string mpath = path + ".meters[" + std::to_string(k) + "]";
      meter_windows.emplace_back(
          detail::id_of(meters[k], "id", mpath),
          detail::window_of(
              detail::time_of(detail::require(meters[k], "from", mpath), "time", mpath + ".from"),
              detail::time_of(detail::require(meters[k], "to", mpath), "time", mpath + ".to"),
              mpath));
    }
    const auto& lines = detail::as_array(detail::require(b, "lines", path), path + ".lines");
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const std::string lpath = path + ".lines[" + std::to_string(k) + "]";
      const auto& j = detail::as_object(lines[k], lpath);
      auto read = detail::issued_line_of(j, lpath);
      bill::line l;
      l.component = read.component;
      l.meter_id = std::move(read.meter);
      l.rate_register = read.rate_register;
      l.register_name = std::move(read.register_name);
      l.tier = read.tier;
      l.version = std::move(read.version);
      l.quantity = read.quantity;
      l.unit = std::move(read.unit);
      l.unit_price = read.unit_price;
      l.price_unit =
          detail::as_name(j.contains("price_unit") ? j.at("price_unit") : nlohmann::json(""),
                          lpath + ".price_unit");
      l.unrounded = detail::decimal_of<bill::exact_money>(j, "unrounded", lpath);
      l.amount = read.amount;
      l.rule = rule;
      l.explanation = std::move(read.explanation);
      if (read.window) {
        l.window = *read.window;
      } else {
        for (const auto& [id, w] : meter_windows) {
          if (id == l.meter_id) l.window = w;
        }
      }
      detail::check_line_amount(l, lpath);
      ib.lines.push_back(std::move(l));
    }
    out.bills.push_back(std::move(ib));
    out.tenants.push_back(tenant);
  }
  return out;
}

/// The bills of issued_bills_document_from_json(doc, site_id); refuses what it refuses.
[[nodiscard]] inline std::vector<rerate::issued_bill> issued_bills_from_json(
    const nlohmann::json& doc, const std::string& site_id) {
  return issued_bills_document_from_json(doc, site_id).bills;
}

/// rerate::rerate_bills for bills and a price change read from files: values each within the
/// files' limits can still combine beyond exact arithmetic (a quantity near 10^10 kWh re-priced
/// by 100,000 yuan/kWh), which is refused as bad input (errc::invalid_argument "arithmetic
/// overflow", its context `where` (the files) then the operation) instead of escaping as
/// std::overflow_error. Refuses what rerate_bills refuses.
[[nodiscard]] inline std::vector<rerate::adjustment> rerate_issued(
    const std::string& site_id, const std::vector<rerate::issued_bill>& bills,
    const rerate::price_change& change, std::vector<context_item> where = {}) {
  try {
    return rerate::rerate_bills(site_id, bills, change);
  } catch (const std::overflow_error& e) {
    where.push_back({"detail", e.what()});
    throw error(errc::invalid_argument,
                "the issued quantities and the new prices are too large to re-rate exactly "
                "(arithmetic overflow)",
                std::move(where));
  }
}

/// Reads a price change (`submeter-price-change-v1`, see the file comment). Refuses another
/// format (errc::unsupported), a price without component/register, a register outside 0..8 or
/// a tier outside 0..1000 (errc::parse), a negative price or one above 100,000, an id or name
/// the identifier rule refuses (errc::invalid_argument) and malformed or mistyped fields
/// (errc::parse), naming the path.
[[nodiscard]] inline rerate::price_change price_change_from_json(const nlohmann::json& doc) {
  if (!doc.is_object() || !doc.contains("format") || !doc.at("format").is_string() ||
      doc.at("format").get_ref<const std::string&>() != "submeter-price-change-v1") {
    throw error(errc::unsupported, "not a submeter-price-change-v1 document",
                {{"format", doc.is_object() && doc.contains("format") ? describe(doc.at("format"))
                                                                      : std::string()}});
  }
  rerate::price_change c;
  c.tariff_id = detail::id_of(doc, "tariff", "");
  c.version = detail::id_of(doc, "version", "");
  c.effective = detail::time_of(doc, "effective", "");
  c.document = doc.contains("document") ? detail::name_of(doc, "document", "") : std::string();
  const auto& prices = detail::require(doc, "prices", "");
  if (!prices.is_array() || prices.empty())
    throw error(errc::parse, "expected a non-empty list of prices", {{"path", "prices"}});
  for (std::size_t i = 0; i < prices.size(); ++i) {
    const std::string path = "prices[" + std::to_string(i) + "]";
    const auto& p = detail::as_object(prices[i], path);
    rerate::price_key key{
        detail::component_at(detail::optional_text(p, "component", path, "energy"),
                             path + ".component"),
        static_cast<int>(detail::as_integer(detail::require(p, "register", path), 0,
                                            detail::max_register, path + ".register")),
        p.contains("tier") ? static_cast<int>(detail::as_integer(p.at("tier"), 0, detail::max_tier,
                                                                 path + ".tier"))
                           : 0};
    const auto price = detail::decimal_of<energy_price>(p, "price", path, max_unit_price);
    if (price.is_negative()) {
      throw error(errc::invalid_argument, "a negative price",
                  {{"path", path + ".price"}, {"price", price.to_string()}});
    }
    if (!c.prices.emplace(key, price).second) {
      throw error(errc::duplicate, "a price given twice for the same line kind", {{"path", path}});
    }
  }
  return c;
}

/// Reads a price change file (read_json: strict) as price_change_from_json does, naming the file
/// first in any error.
[[nodiscard]] inline rerate::price_change load_price_change(const std::filesystem::path& file) {
  return read_json(file, [](const nlohmann::json& doc) { return price_change_from_json(doc); });
}

}  // namespace submeter::io
