// site.json (format "submeter-site-v0") → site_document. See docs/formats.md.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/detail.hpp"
#include "io/site_loader.hpp"
#include "submeter/core/quantity.hpp"

namespace submeter::io {
namespace {

using json = nlohmann::json;
using site_detail::located;

/// Where we are in site.json: the file and the JSON path.
class place {
 public:
  place(const std::string& file, std::string path, std::string field)
      : file_(&file), path_(std::move(path)), field_(std::move(field)) {}

  [[nodiscard]] place key(const std::string& k) const { return place(*file_, path_ + "." + k, k); }
  [[nodiscard]] place index(std::size_t i) const {
    return place(*file_, path_ + "[" + std::to_string(i) + "]", field_);
  }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  [[nodiscard]] error fail(errc code, std::string message,
                           const std::vector<context_item>& more = {}) const {
    return located(code, std::move(message), {{"file", *file_}, {"path", path_}, {"field", field_}},
                   more);
  }

 private:
  const std::string* file_;
  std::string path_;
  std::string field_;
};

std::string_view type_name(const json& j) {
  if (j.is_number()) return "a JSON number";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "a boolean";
  if (j.is_null()) return "null";
  if (j.is_array()) return "an array";
  return "an object";
}

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

/// A decimal given as a JSON string ("0.6123"). A JSON number is refused: binary floating point
/// must never hold a price or an amount (NUM-1), and a JSON reader may have rounded it already.
template <class Decimal>
Decimal expect_decimal(const json& j, const place& at) {
  if (j.is_number()) {
    throw at.fail(errc::parse, "expected a decimal string, got a JSON number",
                  {{"hint", "write it as a string, e.g. \"" + j.dump() + "\""}});
  }
  if (!j.is_string()) {
    throw at.fail(errc::parse, "expected a decimal string, got " + std::string(type_name(j)));
  }
  try {
    return Decimal::parse(j.get<std::string>());
  } catch (const error& e) {
    throw at.fail(e.code(), e.message(), e.context());
  }
}

bill::rounding_rule parse_rounding(const json& j, const place& at) {
  expect_object(j, at);
  only_keys(j, at, {"scope", "places", "mode"});
  bill::rounding_rule rule{};
  if (j.contains("scope")) {
    const auto s = expect_string(j.at("scope"), at.key("scope"));
    if (s == "per_line") {
      rule.scope = bill::rounding_scope::per_line;
    } else if (s == "total_only") {
      rule.scope = bill::rounding_scope::total_only;
    } else {
      throw at.key("scope").fail(errc::parse, "expected \"per_line\" or \"total_only\"",
                                 {{"text", s}});
    }
  }
  if (j.contains("places")) {
    const auto& p = j.at("places");
    if (!p.is_number_integer() || p.get<long long>() < 0 || p.get<long long>() > 4) {
      throw at.key("places").fail(errc::parse, "expected an integer 0..4", {{"text", p.dump()}});
    }
    rule.places = static_cast<int>(p.get<long long>());
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

tariff::register_tariff parse_tariff(const json& j, const place& at) {
  expect_object(j, at);
  const auto id = expect_string(require(j, at, "id"), at.key("id"));
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
      only_keys(j, at, {"id", "kind", "description", "prices"});
      const auto& prices_at = at.key("prices");
      const auto& prices = expect_object(require(j, at, "prices"), prices_at);
      only_keys(prices, prices_at, {"sharp", "peak", "flat", "valley"});
      std::vector<tariff::register_price> list;
      for (int n = 1; n <= 4; ++n) {
        const std::string key(tou4_keys[n - 1]);
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
      return tariff::register_tariff::tou(id, std::move(list));
    }
  } catch (const error& e) {
    if (!e.context_value("file").empty()) throw;
    throw at.fail(e.code(), e.message(), e.context());
  }
  throw at.key("kind").fail(
      errc::unsupported, "unknown tariff kind (expected \"flat\" or \"tou4\")", {{"text", kind}});
}

ratio parse_multiplier(const json& j, const place& at) {
  ratio r;
  if (j.is_number_integer()) {
    r = ratio::from_integer(j.get<std::int64_t>());
  } else {
    r = expect_decimal<ratio>(j, at);
  }
  if (r.mantissa() <= 0)
    throw at.fail(errc::invalid_argument, "a multiplier must be > 0", {{"text", j.dump()}});
  return r;
}

/// Builds the document from nlohmann's SAX events, refusing a key given twice in one object (a
/// JSON reader would silently keep the last one) and naming its JSON path. A SAX builder rather
/// than a parser callback: nlohmann 3.11's callback parser rescans a whole array each time one of
/// its objects ends, which is quadratic in the number of tenants and meters.
class checked_builder : public nlohmann::json_sax<json> {
 public:
  checked_builder(json& root, const std::string& file) : root_(&root), file_(&file) {}

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t v, const string_t&) override { return value(v); }
  bool string(string_t& v) override { return value(std::move(v)); }
  bool binary(binary_t& v) override { return value(json::binary(std::move(v))); }

  bool start_object(std::size_t) override {
    open(json::value_t::object, true);
    return true;
  }
  bool key(string_t& k) override {
    auto& top = frames_.back();
    if (!top.keys.insert(k).second) {
      top.key = k;
      throw located(errc::duplicate, "a key is given twice in one object",
                    {{"file", *file_}, {"path", path()}, {"field", k}});
    }
    top.key = k;
    slot_ = &(*open_.back())[k];
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    open(json::value_t::array, false);
    return true;
  }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    if (const auto* pe = dynamic_cast<const json::parse_error*>(&ex)) throw *pe;
    throw std::runtime_error(ex.what());
  }

 private:
  struct frame {
    bool is_object;
    std::set<std::string> keys;
    std::string key;    // the current key (objects)
    std::size_t index;  // the current element (arrays)
  };

  // Places a value where the parser is: the root, the next array element, or the current key.
  json* place(json&& v) {
    if (open_.empty()) {
      *root_ = std::move(v);
      return root_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      ++frames_.back().index;
      return &parent.back();
    }
    *slot_ = std::move(v);
    return slot_;
  }
  template <class T>
  bool value(T&& v) {
    place(json(std::forward<T>(v)));
    return true;
  }
  void open(json::value_t type, bool is_object) {
    open_.push_back(place(json(type)));
    frames_.push_back({is_object, {}, {}, 0});
  }
  bool close() {
    open_.pop_back();
    frames_.pop_back();
    return true;
  }
  std::string path() const {
    std::string p = "$";
    for (const auto& f : frames_) {
      // An array's index has already moved past the element being read.
      p += f.is_object ? "." + f.key : "[" + std::to_string(f.index == 0 ? 0 : f.index - 1) + "]";
    }
    return p;
  }

  json* root_;
  const std::string* file_;
  std::vector<json*> open_;
  std::vector<frame> frames_;
  json* slot_ = nullptr;
};

}  // namespace

site_document parse_site_json(std::string_view text, const std::string& file) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  json doc;
  try {
    checked_builder builder(doc, file);
    json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const json::parse_error& e) {
    // e.byte is the 1-based offset of the character where parsing failed.
    std::size_t line = 1;
    std::size_t column = 1;
    const std::size_t end = e.byte == 0 ? 0 : std::min<std::size_t>(e.byte - 1, text.size());
    for (std::size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    // nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 2:
    // syntax error while parsing ..."; keep the part after the location.
    std::string detail = e.what();
    const auto colon = detail.find(": ");
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
    throw located(errc::parse, "not valid JSON",
                  {{"file", file},
                   {"line", std::to_string(line)},
                   {"column", std::to_string(column)},
                   {"detail", detail}});
  }
  const place root(file, "$", "");
  expect_object(doc, root);
  only_keys(
      doc, root,
      {"format", "name", "description", "currency", "rounding", "tariffs", "meters", "tenants"});
  const auto format = expect_string(require(doc, root, "format"), root.key("format"));
  if (format != "submeter-site-v0") {
    throw root.key("format").fail(errc::unsupported,
                                  "unknown site format (expected \"submeter-site-v0\")",
                                  {{"text", format}});
  }
  site_document out;
  out.name = expect_string(require(doc, root, "name"), root.key("name"));
  out.currency = expect_string(require(doc, root, "currency"), root.key("currency"));
  if (doc.contains("rounding")) out.rule = parse_rounding(doc.at("rounding"), root.key("rounding"));

  std::map<std::string, std::size_t> tariff_ids;
  const auto tariffs_at = root.key("tariffs");
  const auto& tariffs = expect_array(require(doc, root, "tariffs"), tariffs_at);
  for (std::size_t i = 0; i < tariffs.size(); ++i) {
    auto t = parse_tariff(tariffs[i], tariffs_at.index(i));
    if (!tariff_ids.emplace(t.id(), i).second) {
      throw tariffs_at.index(i).key("id").fail(errc::duplicate, "a tariff id is given twice",
                                               {{"text", t.id()}});
    }
    out.tariffs.push_back(std::move(t));
  }

  std::map<std::string, std::string> meter_tenant;  // meter id -> tenant named on the meter
  std::map<std::string, std::size_t> meter_ids;
  const auto meters_at = root.key("meters");
  const auto& meters = expect_array(require(doc, root, "meters"), meters_at);
  for (std::size_t i = 0; i < meters.size(); ++i) {
    const auto at = meters_at.index(i);
    expect_object(meters[i], at);
    only_keys(meters[i], at, {"id", "multiplier", "tenant", "description"});
    const auto id = expect_string(require(meters[i], at, "id"), at.key("id"));
    ratio multiplier = ratio::from_integer(1);
    if (meters[i].contains("multiplier")) {
      multiplier = parse_multiplier(meters[i].at("multiplier"), at.key("multiplier"));
    }
    if (!meter_ids.emplace(id, i).second) {
      throw at.key("id").fail(errc::duplicate, "a meter id is given twice", {{"text", id}});
    }
    if (meters[i].contains("tenant")) {
      meter_tenant[id] = expect_string(meters[i].at("tenant"), at.key("tenant"));
    }
    out.meters.push_back(metering::meter::make(id, multiplier));
  }

  std::map<std::string, std::string> owner;  // meter id -> tenant listing it
  std::set<std::string> tenant_ids;
  const auto tenants_at = root.key("tenants");
  const auto& tenants = expect_array(require(doc, root, "tenants"), tenants_at);
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    const auto at = tenants_at.index(i);
    expect_object(tenants[i], at);
    only_keys(tenants[i], at, {"id", "name", "tariff", "meters", "description"});
    bill::tenant t;
    t.id = expect_string(require(tenants[i], at, "id"), at.key("id"));
    if (!tenant_ids.insert(t.id).second) {
      throw at.key("id").fail(errc::duplicate, "a tenant id is given twice", {{"text", t.id}});
    }
    t.name = expect_string(require(tenants[i], at, "name"), at.key("name"));
    t.tariff_id = expect_string(require(tenants[i], at, "tariff"), at.key("tariff"));
    if (tariff_ids.count(t.tariff_id) == 0) {
      throw at.key("tariff").fail(errc::not_found, "unknown tariff", {{"text", t.tariff_id}});
    }
    const auto list_at = at.key("meters");
    const auto& list = expect_array(require(tenants[i], at, "meters"), list_at);
    if (list.empty())
      throw list_at.fail(errc::invalid_argument, "a tenant needs at least one meter");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const auto m = expect_string(list[k], list_at.index(k));
      if (meter_ids.count(m) == 0) {
        throw list_at.index(k).fail(errc::not_found, "unknown meter", {{"text", m}});
      }
      const auto [it, fresh] = owner.emplace(m, t.id);
      if (!fresh) {
        throw list_at.index(k).fail(errc::inconsistent, "a meter is billed to two tenants",
                                    {{"meter", m}, {"tenant", it->second}, {"other_tenant", t.id}});
      }
      t.meter_ids.push_back(m);
    }
    out.tenants.push_back(std::move(t));
  }
  // A meter may name its tenant; when it does, that tenant must list it.
  for (const auto& [m, named] : meter_tenant) {
    const auto it = owner.find(m);
    if (it == owner.end() || it->second != named) {
      throw meters_at.index(meter_ids.at(m))
          .key("tenant")
          .fail(errc::inconsistent, "the meter names a tenant that does not list it",
                {{"meter", m},
                 {"tenant", named},
                 {"listed_by", it == owner.end() ? std::string("no tenant") : it->second}});
    }
  }
  return out;
}

}  // namespace submeter::io
