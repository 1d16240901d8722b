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

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "io/json_fields.hpp"
#include "io/read_json.hpp"
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

template <class T>
[[nodiscard]] T decimal_of(const nlohmann::json& obj, const char* key, const std::string& path) {
  const auto text = text_of(obj, key, path);
  const auto v = T::try_parse(text);
  if (!v) {
    throw error(errc::parse, "expected an exact decimal string",
                {{"path", path + "." + key}, {"text", text}});
  }
  return *v;
}

/// The bill component named by `text` at `path`; refuses (errc::parse) an unknown name.
[[nodiscard]] inline bill::component component_at(const std::string& text,
                                                  const std::string& path) {
  const auto c = bill::try_parse_component(text);
  if (!c) {
    throw error(errc::parse, "unknown bill component", {{"path", path}, {"text", text}});
  }
  return *c;
}

[[nodiscard]] inline local_time time_of(const nlohmann::json& obj, const char* key,
                                        const std::string& path) {
  const auto text = text_of(obj, key, path);
  const auto t = try_parse_local_time(text);
  if (!t) {
    throw error(errc::parse, "expected a local time YYYY-MM-DD HH:MM",
                {{"path", path + "." + key}, {"text", text}});
  }
  return *t;
}

}  // namespace detail

/// Reads issued bills (`submeter-bills-v0`) for re-rating: bill ids are "<tenant>-<period>",
/// each line's window is its meter's reading window. Refuses another format (errc::unsupported)
/// and malformed fields (errc::parse, with the path).
[[nodiscard]] inline std::vector<rerate::issued_bill> issued_bills_from_json(
    const nlohmann::json& doc, const std::string& site_id) {
  if (!doc.is_object() || doc.value("format", "") != "submeter-bills-v0") {
    throw error(errc::unsupported, "not a submeter-bills-v0 document",
                {{"format", doc.is_object() ? doc.value("format", "") : ""}});
  }
  const auto& rounding_doc = detail::require(doc, "rounding", "");
  const auto scope = detail::text_of(rounding_doc, "scope", "rounding");
  const auto mode_text = detail::text_of(rounding_doc, "mode", "rounding");
  std::optional<rounding> mode;
  for (const auto m : {rounding::half_up, rounding::half_even, rounding::toward_zero,
                       rounding::floor, rounding::ceil}) {
    if (mode_text == to_string(m)) mode = m;
  }
  if (!mode || (scope != "per_line" && scope != "total_only")) {
    throw error(errc::parse, "unknown rounding scope or mode",
                {{"path", "rounding"}, {"scope", scope}, {"mode", mode_text}});
  }
  const auto rule = bill::rounding_rule::make(
      scope == "per_line" ? bill::rounding_scope::per_line : bill::rounding_scope::total_only,
      detail::require(rounding_doc, "places", "rounding").get<int>(), *mode);
  const auto& period = detail::require(doc, "period", "");
  const auto label = detail::text_of(period, "label", "period");
  const auto window = local_interval::make(detail::time_of(period, "from", "period"),
                                           detail::time_of(period, "to", "period"));
  std::vector<rerate::issued_bill> out;
  const auto& bills = detail::require(doc, "bills", "");
  for (std::size_t i = 0; i < bills.size(); ++i) {
    const std::string path = "bills[" + std::to_string(i) + "]";
    const auto& b = bills[i];
    const auto tenant = detail::text_of(detail::require(b, "tenant", path), "id", path + ".tenant");
    rerate::issued_bill ib{
        tenant + "-" + label, site_id, detail::text_of(b, "tariff", path), window, {}, rule};
    std::vector<std::pair<std::string, local_interval>> meter_windows;
    const auto& meters = detail::require(b, "meters", path);
    for (std::size_t k = 0; k < meters.size(); ++k) {
      const std::string mpath = path + ".meters[" + std::to_string(k) + "]";
      meter_windows.emplace_back(
          detail::text_of(meters[k], "id", mpath),
          local_interval::make(
              detail::time_of(detail::require(meters[k], "from", mpath), "time", mpath + ".from"),
              detail::time_of(detail::require(meters[k], "to", mpath), "time", mpath + ".to")));
    }
    const auto& lines = detail::require(b, "lines", path);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const std::string lpath = path + ".lines[" + std::to_string(k) + "]";
      const auto& j = lines[k];
      bill::line l;
      l.component =
          detail::component_at(detail::text_of(j, "component", lpath), lpath + ".component");
      l.meter_id = detail::text_of(j, "meter", lpath);
      l.rate_register = detail::require(j, "register", lpath).get<int>();
      l.register_name = detail::text_of(j, "register_name", lpath);
      l.tier = j.value("tier", 0);
      l.version = j.value("version", "");
      l.quantity = detail::decimal_of<bill::line_quantity>(j, "quantity", lpath);
      l.unit = detail::text_of(j, "unit", lpath);
      l.unit_price = detail::decimal_of<bill::line_price>(j, "unit_price", lpath);
      l.price_unit = j.value("price_unit", "");
      l.unrounded = detail::decimal_of<bill::exact_money>(j, "unrounded", lpath);
      l.amount = detail::decimal_of<bill::exact_money>(j, "amount", lpath);
      l.rule = rule;
      l.explanation = detail::text_of(j, "explanation", lpath);
      if (j.contains("window")) {
        l.window = local_interval::make(detail::time_of(j["window"], "from", lpath + ".window"),
                                        detail::time_of(j["window"], "to", lpath + ".window"));
      } else {
        for (const auto& [id, w] : meter_windows) {
          if (id == l.meter_id) l.window = w;
        }
      }
      ib.lines.push_back(std::move(l));
    }
    out.push_back(std::move(ib));
  }
  return out;
}

/// Reads a price change (`submeter-price-change-v1`, see the file comment). Refuses another
/// format (errc::unsupported), a price without component/register, a negative price
/// (errc::invalid_argument) and malformed fields (errc::parse).
[[nodiscard]] inline rerate::price_change price_change_from_json(const nlohmann::json& doc) {
  if (!doc.is_object() || doc.value("format", "") != "submeter-price-change-v1") {
    throw error(errc::unsupported, "not a submeter-price-change-v1 document",
                {{"format", doc.is_object() ? doc.value("format", "") : ""}});
  }
  rerate::price_change c;
  c.tariff_id = detail::text_of(doc, "tariff", "");
  c.version = detail::text_of(doc, "version", "");
  c.effective = detail::time_of(doc, "effective", "");
  c.document = doc.value("document", "");
  const auto& prices = detail::require(doc, "prices", "");
  if (!prices.is_array() || prices.empty())
    throw error(errc::parse, "expected a non-empty list of prices", {{"path", "prices"}});
  for (std::size_t i = 0; i < prices.size(); ++i) {
    const std::string path = "prices[" + std::to_string(i) + "]";
    const auto& p = prices[i];
    rerate::price_key key{detail::component_at(p.value("component", "energy"), path + ".component"),
                          detail::require(p, "register", path).get<int>(), p.value("tier", 0)};
    const auto price = detail::decimal_of<energy_price>(p, "price", path);
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
