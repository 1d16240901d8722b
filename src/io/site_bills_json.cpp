// site.json v2: `bill_numbers`, `tax` and `payment_bills` (site_bills_json.hpp, docs/formats.md
// "Format v2").
#include "io/site_bills_json.hpp"

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/detail.hpp"
#include "io/echo.hpp"
#include "io/json_fields.hpp"
#include "submeter/bill/issue_terms.hpp"
#include "submeter/bill/payment_bill.hpp"
#include "submeter/core/time.hpp"

namespace submeter::io {
namespace {

using json = nlohmann::json;

/// Where a field is: the file, its JSON path and its name, for every error.
struct at {
  const std::string& file;
  std::string path;
  std::string field;

  [[nodiscard]] at key(const std::string& k) const { return {file, path + "." + k, k}; }
  [[nodiscard]] at index(std::size_t i) const {
    return {file, path + "[" + std::to_string(i) + "]", field};
  }
  [[nodiscard]] error fail(errc code, std::string message,
                           const std::vector<context_item>& more = {}) const {
    return site_detail::located(code, std::move(message),
                                {{"file", file}, {"path", path}, {"field", field}}, more);
  }
};

const json& object_at(const json& j, const at& where,
                      std::initializer_list<std::string_view> keys) {
  if (!j.is_object()) {
    throw where.fail(errc::parse, "expected an object, got " + type_name(j));
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const auto k : keys) known = known || it.key() == k;
    if (!known) throw where.key(it.key()).fail(errc::parse, "unknown key");
  }
  return j;
}

const std::string& string_at(const json& j, const at& where) {
  if (!j.is_string()) throw where.fail(errc::parse, "expected a string, got " + type_name(j));
  return j.get_ref<const std::string&>();
}

const json& required(const json& obj, const char* key, const at& where) {
  if (!obj.contains(key)) throw where.key(key).fail(errc::parse, "missing field");
  return obj.at(key);
}

bill::numbering parse_numbers(const json& j, const at& where) {
  object_at(j, where, {"prefix", "digits"});
  std::string prefix;
  if (j.contains("prefix")) prefix = string_at(j.at("prefix"), where.key("prefix"));
  int digits = 4;
  if (j.contains("digits")) {
    const auto d = integer_in(j.at("digits"), 1, 9);
    if (!d) {
      throw where.key("digits").fail(errc::parse, "expected an integer 1..9",
                                     {{"text", describe(j.at("digits"))}});
    }
    digits = static_cast<int>(*d);
  }
  try {
    return bill::numbering::make(std::move(prefix), digits);
  } catch (const error& e) {
    throw where.key("prefix").fail(e.code(), e.message(), e.context());
  }
}

bill::vat_rate parse_rate(const json& j, const at& where) {
  object_at(j, where, {"class", "rate", "from"});
  bill::vat_rate r;
  const auto& name = string_at(required(j, "class", where), where.key("class"));
  const auto c = bill::try_parse_tax_class(name);
  if (!c) {
    throw where.key("class").fail(
        errc::invalid_argument, "unknown tax class",
        {{"text", name},
         {"expected", "electricity, gas, property_fee, rent, service or water"}});
  }
  r.what = *c;
  const auto& rate_text = string_at(required(j, "rate", where), where.key("rate"));
  const auto rate = ratio::try_parse(rate_text);
  if (!rate) {
    throw where.key("rate").fail(errc::parse, "expected an exact decimal string",
                                 {{"text", rate_text}});
  }
  if (rate->is_negative() || !(*rate < ratio::from_integer(1))) {
    throw where.key("rate").fail(errc::invalid_argument,
                                 "a VAT rate is a fraction at least 0 and below 1 (0.13 for 13 %)",
                                 {{"text", rate_text}});
  }
  r.rate = *rate;
  const auto& from_text = string_at(required(j, "from", where), where.key("from"));
  const auto t = from_text.size() == 10 ? try_parse_local_time(from_text + "T00:00")
                                        : std::optional<local_time>{};
  if (!t) {
    throw where.key("from").fail(errc::parse, "expected a date YYYY-MM-DD", {{"text", from_text}});
  }
  r.from = date::floor<date::days>(*t);
  return r;
}

bill::tax_terms parse_tax(const json& j, const at& where, const bill::rounding_rule& rule) {
  object_at(j, where, {"rounding", "rates"});
  auto point = bill::tax_rounding::per_bill;
  if (j.contains("rounding")) {
    const auto& text = string_at(j.at("rounding"), where.key("rounding"));
    if (text == "per_line") {
      point = bill::tax_rounding::per_line;
    } else if (text != "per_bill") {
      throw where.key("rounding").fail(errc::invalid_argument, "unknown tax rounding point",
                                       {{"text", text}, {"expected", "per_bill or per_line"}});
    }
  }
  if (rule.scope != bill::rounding_scope::per_line) {
    throw where.fail(errc::inconsistent,
                     "tax lines need bills rounded per line (rounding.scope per_line)",
                     {{"rounding", rule.describe()}});
  }
  std::vector<bill::vat_rate> rates;
  if (j.contains("rates")) {
    const auto list_at = where.key("rates");
    const auto& list = j.at("rates");
    if (!list.is_array()) {
      throw list_at.fail(errc::parse, "expected an array, got " + type_name(list));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      rates.push_back(parse_rate(list[i], list_at.index(i)));
    }
  }
  try {
    return bill::tax_terms::make(std::move(rates), point);
  } catch (const error& e) {
    throw where.key("rates").fail(e.code(), e.message(), e.context());
  }
}

// PAY-1: a list of component names, each one that may go on a payment bill, none twice.
std::set<bill::component> parse_billed(const json& j, const at& where) {
  if (!j.is_array()) throw where.fail(errc::parse, "expected an array, got " + type_name(j));
  std::set<bill::component> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto item = where.index(i);
    const auto& name = string_at(j[i], item);
    const auto c = bill::try_parse_component(name);
    if (!c || !bill::may_be_billed_separately(*c)) {
      throw item.fail(errc::invalid_argument,
                      c ? "this component is deducted from the balance: it cannot go on a "
                          "payment bill"
                        : "unknown bill component",
                      {{"text", name},
                       {"expected",
                        "adjustment, capacity, common_area, demand, fixed, loss, property_fee, "
                        "rent or water_loss"}});
    }
    if (!out.insert(*c).second) {
      throw item.fail(errc::duplicate, "a component listed twice", {{"text", name}});
    }
  }
  return out;
}

bill::payment_terms parse_payments(const json& j, const at& where, const bill::rounding_rule& rule,
                                   const std::function<bool(const std::string&)>& is_tenant) {
  object_at(j, where, {"prefix", "digits", "due_days", "components", "tenants"});
  bill::numbering numbers{"PB", 4};
  if (j.contains("prefix") || j.contains("digits")) {
    json n = json::object();
    n["prefix"] = j.contains("prefix") ? j.at("prefix") : json("PB");
    if (j.contains("digits")) n["digits"] = j.at("digits");
    numbers = parse_numbers(n, where);
  }
  int due_days = 15;
  if (j.contains("due_days")) {
    const auto d = integer_in(j.at("due_days"), 0, 366);
    if (!d) {
      throw where.key("due_days")
          .fail(errc::parse, "expected an integer 0..366", {{"text", describe(j.at("due_days"))}});
    }
    due_days = static_cast<int>(*d);
  }
  const auto& components = required(j, "components", where);
  auto billed = parse_billed(components, where.key("components"));
  std::map<std::string, std::set<bill::component>> by_tenant;
  if (j.contains("tenants")) {
    const auto tenants_at = where.key("tenants");
    const auto& tenants = j.at("tenants");
    if (!tenants.is_object()) {
      throw tenants_at.fail(errc::parse, "expected an object, got " + type_name(tenants));
    }
    for (auto it = tenants.begin(); it != tenants.end(); ++it) {
      const auto tenant_at = tenants_at.key(it.key());
      if (!is_tenant(it.key())) {
        throw tenant_at.fail(errc::not_found, "unknown tenant", {{"text", it.key()}});
      }
      by_tenant.emplace(it.key(), parse_billed(it.value(), tenant_at));
    }
  }
  if (rule.scope != bill::rounding_scope::per_line) {
    throw where.fail(errc::inconsistent,
                     "payment bills need bills rounded per line (rounding.scope per_line)",
                     {{"rounding", rule.describe()}});
  }
  return bill::payment_terms::make(std::move(numbers), due_days, std::move(billed),
                                   std::move(by_tenant));
}

}  // namespace

void parse_site_bills_v2(const json& doc, const std::string& file, site::site_parts& out,
                         const std::function<bool(const std::string&)>& is_tenant) {
  const at root{file, "$", ""};
  if (doc.contains("bill_numbers")) {
    out.issue.numbers = parse_numbers(doc.at("bill_numbers"), root.key("bill_numbers"));
  }
  if (doc.contains("tax")) out.issue.tax = parse_tax(doc.at("tax"), root.key("tax"), out.rule);
  if (doc.contains("payment_bills")) {
    out.issue.payments =
        parse_payments(doc.at("payment_bills"), root.key("payment_bills"), out.rule, is_tenant);
  }
}

}  // namespace submeter::io
