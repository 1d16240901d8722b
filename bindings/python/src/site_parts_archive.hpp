#pragma once
// The values a site billed in parts (include/submeter/site/shard.hpp) passes between processes,
// as bytes: the parts' quantities (to the reduce), the tenants' shares of the totals (to each
// part), the totals the report needs and the report's folds (to the end). submeter.distributed
// pickles them through these bytes (pybind11 objects are not picklable by themselves).
//
// A private format between workers of one build: it begins with "submeter-parts" and the
// module's version, and a reader refuses (errc::unsupported) bytes from another version, so that
// workers with different builds fail loudly instead of mixing bills. Integers are 8 bytes,
// little-endian; strings and lists are a count and their items. Truncated or damaged bytes are
// refused (errc::invalid_argument).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/bill/compliance.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/site/quantities.hpp"
#include "submeter/site/report.hpp"
#include "submeter/site/totals.hpp"

namespace submeter::python::parts {

/// What a blob holds (checked when it is read).
enum class kind : std::uint8_t { quantities = 1, shares = 2, totals = 3, report = 4 };

class writer {
 public:
  writer(kind k, const std::string& version) {
    text("submeter-parts");
    text(version);
    u64(static_cast<std::uint8_t>(k));
  }
  void u64(std::uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    out_.append(b, 8);
  }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void flag(bool v) { u64(v ? 1 : 0); }
  void text(std::string_view s) {
    u64(s.size());
    out_.append(s.data(), s.size());
  }
  template <class D, int S>
  void number(decimal<D, S> d) {
    i64(d.mantissa());
  }
  void time(local_time t) { i64(t.time_since_epoch().count()); }
  void interval(const local_interval& w) {
    time(w.begin());
    time(w.end());
  }
  void texts(const std::vector<std::string>& list) {
    u64(list.size());
    for (const auto& s : list) text(s);
  }
  void warnings(const std::vector<warning>& ws) {
    u64(ws.size());
    for (const auto& w : ws) {
      text(w.code);
      text(w.message);
      u64(w.context.size());
      for (const auto& c : w.context) {
        text(c.key);
        text(c.value);
      }
    }
  }
  void line(const bill::line& l) {
    u64(static_cast<std::uint64_t>(l.component));
    text(l.meter_id);
    text(l.payer);
    i64(l.rate_register);
    text(l.register_name);
    i64(l.tier);
    text(l.version);
    flag(l.window.has_value());
    if (l.window) interval(*l.window);
    text(l.split_method);
    number(l.quantity);
    text(l.unit);
    number(l.unit_price);
    text(l.price_unit);
    number(l.unrounded);
    number(l.amount);
    u64(static_cast<std::uint64_t>(l.rule.scope));
    i64(l.rule.places);
    u64(static_cast<std::uint64_t>(l.rule.mode));
    text(l.explanation.str());
  }
  void lines(const site::tenant_lines& per_tenant) {
    u64(per_tenant.size());
    for (const auto& ls : per_tenant) {
      u64(ls.size());
      for (const auto& l : ls) line(l);
    }
  }
  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class reader {
 public:
  reader(std::string_view in, kind k, const std::string& version) : in_(in) {
    if (text() != "submeter-parts") damaged("not a part of a site billed in parts");
    const auto v = text();
    if (v != version) {
      throw error(errc::unsupported,
                  "a part of a site was made by another version of submeter: every worker needs "
                  "the same build",
                  {{"made_by", v}, {"this", version}});
    }
    if (u64() != static_cast<std::uint8_t>(k)) damaged("a part of another kind");
  }
  std::uint64_t u64() {
    need(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
      v |= std::uint64_t{static_cast<unsigned char>(in_[at_ + static_cast<std::size_t>(i)])}
           << (8 * i);
    }
    at_ += 8;
    return v;
  }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  int small(std::uint64_t limit) {
    const auto v = u64();
    if (v > limit) damaged("a value out of range");
    return static_cast<int>(v);
  }
  bool flag() { return small(1) == 1; }
  std::size_t count() {
    const auto n = u64();
    if (n > in_.size()) damaged("a count larger than the part");
    return static_cast<std::size_t>(n);
  }
  std::string text() {
    const auto n = count();
    need(n);
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }
  template <class Decimal>
  Decimal number() {
    return Decimal::from_mantissa(i64());
  }
  local_time time() { return local_time{std::chrono::seconds{i64()}}; }
  local_interval interval() {
    const auto b = time();
    const auto e = time();
    return local_interval::make(b, e);
  }
  std::vector<std::string> texts() {
    std::vector<std::string> out(count());
    for (auto& s : out) s = text();
    return out;
  }
  std::vector<warning> warnings() {
    std::vector<warning> out(count());
    for (auto& w : out) {
      w.code = text();
      w.message = text();
      w.context.resize(count());
      for (auto& c : w.context) {
        c.key = text();
        c.value = text();
      }
    }
    return out;
  }
  bill::line line() {
    bill::line l;
    l.component = static_cast<bill::component>(small(bill::all_components.size() - 1));
    l.meter_id = text();
    l.payer = text();
    l.rate_register = static_cast<int>(i64());
    l.register_name = text();
    l.tier = static_cast<int>(i64());
    l.version = text();
    if (flag()) l.window = interval();
    l.split_method = text();
    l.quantity = number<bill::line_quantity>();
    l.unit = text();
    l.unit_price = number<bill::line_price>();
    l.price_unit = text();
    l.unrounded = number<bill::exact_money>();
    l.amount = number<bill::exact_money>();
    const auto scope = static_cast<bill::rounding_scope>(small(1));
    const auto places = static_cast<int>(i64());
    const auto mode = static_cast<rounding>(small(4));
    l.rule = bill::rounding_rule::make(scope, places, mode);
    l.explanation = text();
    return l;
  }
  site::tenant_lines lines() {
    site::tenant_lines out(count());
    for (auto& ls : out) {
      ls.resize(count());
      for (auto& l : ls) l = line();
    }
    return out;
  }
  void end() const {
    if (at_ != in_.size()) damaged("bytes after the end of the part");
  }

 private:
  [[noreturn]] void damaged(const char* what) const {
    throw error(errc::invalid_argument, "a damaged part of a site billed in parts",
                {{"what", what}, {"at", std::to_string(at_)}});
  }
  void need(std::size_t n) const {
    if (in_.size() - at_ < n) damaged("truncated");
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

inline std::string save(const site::site_quantities& q, const std::string& version) {
  writer w(kind::quantities, version);
  w.u64(q.tenants.size());
  for (const auto& t : q.tenants) {
    w.u64(t.tenant_index);
    w.number(t.kwh);
    w.number(t.m3);
    w.interval(t.occupied);
    w.u64(t.meters.size());
    for (const auto& m : t.meters) {
      w.text(m.meter_id);
      w.number(m.total);
    }
  }
  w.u64(q.index.size());
  for (const auto& [id, i] : q.index) {
    w.text(id);
    w.u64(i);
  }
  w.number(q.tenant_kwh);
  w.number(q.tenant_m3);
  w.warnings(q.warnings);
  return w.take();
}

inline site::site_quantities load_quantities(std::string_view bytes, const std::string& version) {
  reader r(bytes, kind::quantities, version);
  site::site_quantities q;
  const auto tenants = r.count();
  q.tenants.reserve(tenants);
  for (std::size_t i = 0; i < tenants; ++i) {
    const auto index = static_cast<std::size_t>(r.u64());
    const auto kwh = r.number<energy>();
    const auto m3 = r.number<volume>();
    const auto occupied = r.interval();
    q.tenants.push_back({index, kwh, m3, occupied, {}});
    auto& t = q.tenants.back();
    t.meters.resize(r.count());
    for (auto& m : t.meters) {
      m.meter_id = r.text();
      m.total = r.number<energy>();
    }
  }
  const auto n = r.count();
  for (std::size_t k = 0; k < n; ++k) {
    auto id = r.text();
    q.index.emplace(std::move(id), static_cast<std::size_t>(r.u64()));
  }
  q.tenant_kwh = r.number<energy>();
  q.tenant_m3 = r.number<volume>();
  q.warnings = r.warnings();
  r.end();
  return q;
}

inline std::string save(const site::tenant_shares& s, const std::string& version) {
  writer w(kind::shares, version);
  w.lines(s.common_area);
  w.lines(s.losses);
  w.lines(s.pass_through);
  return w.take();
}

inline site::tenant_shares load_shares(std::string_view bytes, const std::string& version) {
  reader r(bytes, kind::shares, version);
  site::tenant_shares s;
  s.common_area = r.lines();
  s.losses = r.lines();
  s.pass_through = r.lines();
  r.end();
  return s;
}

inline void optional_energy(writer& w, const std::optional<energy>& e) {
  w.flag(e.has_value());
  if (e) w.number(*e);
}

inline std::optional<energy> optional_energy(reader& r) {
  if (!r.flag()) return std::nullopt;
  return r.number<energy>();
}

inline void save_losses(writer& w, const site::loss_shares& l) {
  w.number(l.landlord_kwh);
  optional_energy(w, l.grid_kwh);
  optional_energy(w, l.loss_kwh);
  w.text(l.method);
  w.u64(l.node_losses.size());
  for (const auto& n : l.node_losses) {
    w.text(n.meter_id);
    w.number(n.quantity);
    w.number(n.children);
    w.number(n.loss);
    w.number(n.percent);
  }
  w.number(l.kept_by_landlord);
  w.lines(l.lines);
  w.warnings(l.warnings);
  w.u64(l.transformers.size());
  for (const auto& x : l.transformers) {
    w.text(x.transformer_id);
    w.text(x.meter_id);
    w.number(x.hours);
    w.number(x.active);
    w.number(x.reactive);
    w.flag(x.reactive_metered);
    w.number(x.k);
    w.number(x.loss.iron);
    w.number(x.loss.copper);
    w.number(x.loss.total);
    w.number(x.loss.beta_squared);
    w.number(x.loss.average_apparent_power);
  }
}

inline void load_losses(reader& r, site::loss_shares& l) {
  l.landlord_kwh = r.number<energy>();
  l.grid_kwh = optional_energy(r);
  l.loss_kwh = optional_energy(r);
  l.method = r.text();
  l.node_losses.resize(r.count());
  for (auto& n : l.node_losses) {
    n.meter_id = r.text();
    n.quantity = r.number<energy>();
    n.children = r.number<energy>();
    n.loss = r.number<energy>();
    n.percent = r.number<allocation::percent>();
  }
  l.kept_by_landlord = r.number<energy>();
  l.lines = r.lines();
  l.warnings = r.warnings();
  l.transformers.resize(r.count());
  for (auto& x : l.transformers) {
    x.transformer_id = r.text();
    x.meter_id = r.text();
    x.hours = r.number<ratio>();
    x.active = r.number<energy>();
    x.reactive = r.number<reactive_energy>();
    x.reactive_metered = r.flag();
    x.k = r.number<ratio>();
    x.loss.iron = r.number<energy>();
    x.loss.copper = r.number<energy>();
    x.loss.total = r.number<energy>();
    x.loss.beta_squared = r.number<ratio>();
    x.loss.average_apparent_power = r.number<power>();
  }
}

inline std::string save(const site::site_totals& t, const std::string& version) {
  writer w(kind::totals, version);
  w.number(t.common.kwh);
  w.lines(t.common.lines);
  save_losses(w, t.losses);
  save_losses(w, t.water);  // format v2 water_losses
  const auto& pt = t.pass_through;
  w.flag(pt.applied);
  w.number(pt.grid_bill);
  w.number(pt.end_user_kwh);
  w.number(pt.tenant_total);
  w.number(pt.landlord_share);
  w.lines(pt.lines);
  return w.take();
}

inline site::site_totals load_totals(std::string_view bytes, const std::string& version) {
  reader r(bytes, kind::totals, version);
  site::site_totals t;
  t.common.kwh = r.number<energy>();
  t.common.lines = r.lines();
  load_losses(r, t.losses);
  load_losses(r, t.water);
  auto& pt = t.pass_through;
  pt.applied = r.flag();
  pt.grid_bill = r.number<money>();
  pt.end_user_kwh = r.number<energy>();
  pt.tenant_total = r.number<money>();
  pt.landlord_share = r.number<money>();
  pt.lines = r.lines();
  r.end();
  return t;
}

inline std::string save(const site::report_part& p, const std::string& version) {
  writer w(kind::report, version);
  w.u64(p.bills);
  w.number(p.total);
  w.u64(p.by_component.size());
  for (const auto& c : p.by_component) {
    w.u64(static_cast<std::uint64_t>(c.component));
    w.number(c.amount);
  }
  w.u64(p.prepaid);
  w.u64(p.postpaid);
  w.u64(p.by_level.size());
  for (const auto& [level, n] : p.by_level) {
    w.u64(static_cast<std::uint64_t>(level));
    w.u64(n);
  }
  w.u64(p.closed);
  w.u64(p.alarms.size());
  for (const auto& a : p.alarms) {
    w.text(a.tenant_id);
    w.text(a.tenant_name);
    w.u64(static_cast<std::uint64_t>(a.level));
    w.flag(a.closed);
    w.number(a.balance);
    w.texts(a.notices);
    w.flag(a.cut);
    w.flag(a.relay_closed);
    w.texts(a.reasons);
  }
  w.number(p.common_recovered);
  w.number(p.loss_recovered);
  w.number(p.tenant_charges);
  w.flag(p.compliance.has_value());
  if (p.compliance) {
    const auto& c = *p.compliance;
    w.text(c.site_id);
    w.text(c.month);
    w.u64(static_cast<std::uint64_t>(c.mode));
    w.number(c.master_bill);
    w.number(c.tenant_total);
    w.number(c.landlord_total);
    w.warnings(c.findings);
    w.flag(c.shares_cover_bill);
  }
  w.warnings(p.unbilled);
  return w.take();
}

inline site::report_part load_report(std::string_view bytes, const std::string& version) {
  reader r(bytes, kind::report, version);
  site::report_part p;
  p.bills = static_cast<std::size_t>(r.u64());
  p.total = r.number<money>();
  p.by_component.resize(r.count());
  for (auto& c : p.by_component) {
    c.component = static_cast<bill::component>(r.small(bill::all_components.size() - 1));
    c.amount = r.number<money>();
  }
  p.prepaid = static_cast<std::size_t>(r.u64());
  p.postpaid = static_cast<std::size_t>(r.u64());
  const auto levels = r.count();
  for (std::size_t k = 0; k < levels; ++k) {
    const auto level = static_cast<ledger::level>(r.small(4));
    p.by_level[level] = static_cast<std::size_t>(r.u64());
  }
  p.closed = static_cast<std::size_t>(r.u64());
  p.alarms.resize(r.count());
  for (auto& a : p.alarms) {
    a.tenant_id = r.text();
    a.tenant_name = r.text();
    a.level = static_cast<ledger::level>(r.small(4));
    a.closed = r.flag();
    a.balance = r.number<money>();
    a.notices = r.texts();
    a.cut = r.flag();
    a.relay_closed = r.flag();
    a.reasons = r.texts();
  }
  p.common_recovered = r.number<money>();
  p.loss_recovered = r.number<money>();
  p.tenant_charges = r.number<money>();
  if (r.flag()) {
    bill::compliance_report c;
    c.site_id = r.text();
    c.month = r.text();
    c.mode = static_cast<bill::settlement_mode>(r.small(1));
    c.master_bill = r.number<money>();
    c.tenant_total = r.number<money>();
    c.landlord_total = r.number<money>();
    c.findings = r.warnings();
    c.shares_cover_bill = r.flag();
    p.compliance = std::move(c);
  }
  p.unbilled = r.warnings();
  r.end();
  return p;
}

}  // namespace submeter::python::parts
