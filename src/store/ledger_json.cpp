#include "store/ledger_json.hpp"

#include <cassert>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/json_writer.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time_text.hpp"

namespace submeter::store {
namespace {

using nlohmann::json;
using namespace submeter::ledger;  // NOLINT: a .cpp of the ledger's serialisation

std::string when(local_time t) { return stored_time(t); }

/// Runs `read` on the parsed `text`, turning any nlohmann error (malformed JSON, a field of the
/// wrong type or range) into errc::parse naming what was read: a corrupted row never escapes as
/// an internal error.
template <class F>
auto parse_record(const std::string& text, const char* what, F read) {
  try {
    return read(json::parse(text));
  } catch (const json::exception& e) {
    std::string detail = e.what();
    if (detail.size() > 120) detail = detail.substr(0, 120) + "...";
    throw error(errc::parse, std::string("corrupted ledger record (") + what + ")",
                {{"detail", detail}});
  }
}

const json& field(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) {
    throw error(errc::parse, "missing field in ledger JSON", {{"field", key}});
  }
  return j.at(key);
}
std::string text(const json& j, const char* key) {
  const auto& v = field(j, key);
  if (!v.is_string()) throw error(errc::parse, "expected a string", {{"field", key}});
  return v.get<std::string>();
}
template <class D>
D dec(const json& j, const char* key) {
  return D::parse(text(j, key));
}
template <class D>
D dec_or(const json& j, const char* key, D fallback) {
  return j.contains(key) ? dec<D>(j, key) : fallback;
}
local_time time_of(const json& j, const char* key) { return parse_local_time(text(j, key)); }
template <class E, class Parse>
E enum_of(const json& j, const char* key, Parse parse) {
  const auto v = parse(text(j, key));
  if (!v) throw error(errc::parse, "unknown name", {{"field", key}, {"text", text(j, key)}});
  return *v;
}

json event_json(const event& e) {
  json j{{"kind", std::string(to_string(e.kind))}, {"time", when(e.time)}};
  if (!e.key.empty()) j["key"] = e.key;
  if (!e.meter_id.empty()) j["meter"] = e.meter_id;
  if (e.counter != 0) j["counter"] = e.counter;
  if (e.kind == event_kind::recharge) j["channel"] = std::string(to_string(e.pay_channel));
  if (!e.reference.empty()) j["reference"] = e.reference;
  if (!e.amount.is_zero()) j["amount"] = e.amount.to_string(2);
  if (e.kind == event_kind::deduction) j["utility"] = std::string(to_string(e.what));
  if (!e.kwh.is_zero()) j["kwh"] = e.kwh.to_string(2);
  if (!e.m3.is_zero()) j["m3"] = e.m3.to_string(2);
  if (e.reading) j["reading"] = e.reading->to_string(2);
  if (e.target != 0) j["target"] = e.target;
  if (!e.new_meter_id.empty()) j["new_meter"] = e.new_meter_id;
  if (e.kind == event_kind::remote) j["command"] = std::string(to_string(e.command));
  return j;
}

event event_of(const json& j) {
  event e;
  e.kind = enum_of<event_kind>(j, "kind", [](const std::string& t) { return parse_event_kind(t); });
  e.time = time_of(j, "time");
  if (j.contains("key")) e.key = text(j, "key");
  if (j.contains("meter")) e.meter_id = text(j, "meter");
  if (j.contains("counter")) e.counter = field(j, "counter").get<std::int64_t>();
  if (j.contains("channel")) {
    e.pay_channel =
        enum_of<channel>(j, "channel", [](const std::string& t) { return parse_channel(t); });
  }
  if (j.contains("reference")) e.reference = text(j, "reference");
  e.amount = dec_or<money>(j, "amount", money{});
  if (j.contains("utility")) {
    e.what = enum_of<utility>(j, "utility", [](const std::string& t) { return parse_utility(t); });
  }
  e.kwh = dec_or<energy>(j, "kwh", energy{});
  e.m3 = dec_or<volume>(j, "m3", volume{});
  if (j.contains("reading")) e.reading = dec<energy>(j, "reading");
  if (j.contains("target")) e.target = field(j, "target").get<std::uint64_t>();
  if (j.contains("new_meter")) e.new_meter_id = text(j, "new_meter");
  if (j.contains("command")) {
    e.command = enum_of<remote_command>(
        j, "command", [](const std::string& t) { return parse_remote_command(t); });
  }
  return e;
}

json entry_json(const entry& e) {
  return json{{"seq", e.seq},
              {"event", event_json(e.what)},
              {"balance_before", e.balance_before.to_string(2)},
              {"balance_after", e.balance_after.to_string(2)},
              {"arrears_delta", e.arrears_delta.to_string(2)},
              {"arrears_paid", e.arrears_paid.to_string(2)},
              {"purchased_delta", e.purchased_delta.to_string(2)}};
}

std::optional<relay_lock> parse_lock(const std::string& t) {
  for (int i = 0; i <= static_cast<int>(relay_lock::remote); ++i) {
    if (to_string(static_cast<relay_lock>(i)) == t) return static_cast<relay_lock>(i);
  }
  return std::nullopt;
}
std::optional<level> parse_level(const std::string& t) {
  for (int i = 0; i <= static_cast<int>(level::exhausted); ++i) {
    if (to_string(static_cast<level>(i)) == t) return static_cast<level>(i);
  }
  return std::nullopt;
}

/// Refuses (errc::invalid_argument) a time the ledger cannot keep: one after
/// last_printable_local_time, whose text would not read back (issue 16 #1).
void require_storable(local_time t) {
  if (t > last_printable_local_time) {
    throw error(errc::invalid_argument,
                "a time after 9999-12-31T23:59:59 cannot be kept in the ledger",
                {{"time", local_interval::format(t)}});
  }
}

}  // namespace

void append_stored_time(std::string& out, local_time t) {
  require_storable(t);
  append_local_time(out, t);
}

std::string stored_time(local_time t) {
  std::string out;
  out.reserve(local_time_text_size);
  append_stored_time(out, t);
  return out;
}

namespace {

/// One JSON text written through a pointer into a buffer sized once for the longest text its
/// record can give (the caller's bound), then cut to what was written. The entry's text was about
/// seventy appends to a std::string, each checking its capacity: a tenth of the durable path
/// (docs/performance.md, the fifth round).
class json_text {
 public:
  /// The most bytes decimal() writes: 21 characters of an int64 mantissa with its sign and
  /// point, and the quotes.
  static constexpr std::size_t decimal_bound = 24;
  /// The most bytes integer() writes (20 digits of a uint64, or a sign and 19 digits).
  static constexpr std::size_t integer_bound = 20;
  /// The most bytes time() writes: 19 for years 0..9999, a few more for the years before 0 that
  /// local_interval::format prints with a sign and more digits; the quotes.
  static constexpr std::size_t time_bound = 40;

  explicit json_text(std::size_t bound) : bound_(bound) {
    text_.resize(bound);
    p_ = text_.data();
  }

  /// Bytes that need no escaping: member names and punctuation.
  void raw(std::string_view s) noexcept {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  /// A string, escaped as nlohmann's dump (render::put_json_string, which refuses invalid UTF-8).
  void string(std::string_view s) { p_ = render::put_json_string(p_, s); }
  /// `d.to_string(2)` quoted, written in place (decimal::write_text, the digits of to_string).
  template <class D>
  void decimal(D d) noexcept {
    char buf[D::text_capacity];
    const char* const begin = d.write_text(buf, 2);
    *p_++ = '"';
    raw(std::string_view(begin, static_cast<std::size_t>(buf + D::text_capacity - begin)));
    *p_++ = '"';
  }
  /// An integer in decimal, as nlohmann's dump writes it.
  template <class Int>
  void integer(Int v) noexcept {
    p_ = std::to_chars(p_, p_ + integer_bound, v).ptr;
  }
  /// The stored text of `t` quoted (as append_stored_time: a time after 9999 is refused), written
  /// in place by local_interval::format_into (append_local_time's writer).
  void time(local_time t) {
    require_storable(t);
    char buf[40];
    const std::size_t n = local_interval::format_into(buf, t);
    assert(n + 2 <= time_bound);
    *p_++ = '"';
    raw(std::string_view(buf, n));
    *p_++ = '"';
  }

  /// The text written, the buffer cut to it.
  [[nodiscard]] std::string finish() && {
    const auto size = static_cast<std::size_t>(p_ - text_.data());
    assert(size <= bound_);
    text_.resize(size);
    return std::move(text_);
  }

 private:
  std::string text_;
  char* p_ = nullptr;
  std::size_t bound_;
};

/// The most bytes append_event_json writes for `e`: the member names and punctuation (148 bytes
/// when every member is written), each decimal, integer, time and string at its bound.
std::size_t event_json_bound(const event& e) noexcept {
  using render::json_string_bound;
  return 160 + 4 * json_text::decimal_bound + 2 * json_text::integer_bound + json_text::time_bound +
         json_string_bound(to_string(e.kind).size()) +
         json_string_bound(to_string(e.pay_channel).size()) +
         json_string_bound(to_string(e.command).size()) +
         json_string_bound(to_string(e.what).size()) + json_string_bound(e.key.size()) +
         json_string_bound(e.meter_id.size()) + json_string_bound(e.new_meter_id.size()) +
         json_string_bound(e.reference.size());
}

/// Writes the event's object, the bytes of event_json(e).dump(): nlohmann keeps an object's
/// members sorted by name, so they are written here in that order (amount … utility), each
/// under the condition event_json writes it. Every live deduction and recharge writes one; the
/// tree and its dump were a fifth of the durable path (docs/performance.md).
void append_event_json(json_text& out, const event& e) {
  // Each member's name is given with its comma, which the first member written leaves out.
  bool first = true;
  const auto name = [&](std::string_view member) {
    out.raw(first ? member.substr(1) : member);
    first = false;
  };
  out.raw("{");
  if (!e.amount.is_zero()) {
    name(",\"amount\":");
    out.decimal(e.amount);
  }
  if (e.kind == event_kind::recharge) {
    name(",\"channel\":");
    out.string(to_string(e.pay_channel));
  }
  if (e.kind == event_kind::remote) {
    name(",\"command\":");
    out.string(to_string(e.command));
  }
  if (e.counter != 0) {
    name(",\"counter\":");
    out.integer(e.counter);
  }
  if (!e.key.empty()) {
    name(",\"key\":");
    out.string(e.key);
  }
  name(",\"kind\":");
  out.string(to_string(e.kind));
  if (!e.kwh.is_zero()) {
    out.raw(",\"kwh\":");
    out.decimal(e.kwh);
  }
  if (!e.m3.is_zero()) {
    out.raw(",\"m3\":");
    out.decimal(e.m3);
  }
  if (!e.meter_id.empty()) {
    out.raw(",\"meter\":");
    out.string(e.meter_id);
  }
  if (!e.new_meter_id.empty()) {
    out.raw(",\"new_meter\":");
    out.string(e.new_meter_id);
  }
  if (e.reading) {
    out.raw(",\"reading\":");
    out.decimal(*e.reading);
  }
  if (!e.reference.empty()) {
    out.raw(",\"reference\":");
    out.string(e.reference);
  }
  if (e.target != 0) {
    out.raw(",\"target\":");
    out.integer(e.target);
  }
  out.raw(",\"time\":");
  out.time(e.time);
  if (e.kind == event_kind::deduction) {
    out.raw(",\"utility\":");
    out.string(to_string(e.what));
  }
  out.raw("}");
}

/// The state as a nlohmann tree: what to_json(account_state) writes directly.
json state_json(const account_state& s) {
  json receivables = json::array();
  for (const auto& r : s.receivables) {
    receivables.push_back(
        {{"seq", r.seq}, {"reference", r.reference}, {"outstanding", r.outstanding.to_string(2)}});
  }
  json meters = json::array();
  for (const auto& m : s.meters) {
    json jm{{"id", m.id},
            {"utility", std::string(to_string(m.what))},
            {"last_counter", m.last_counter},
            {"carried", m.carried.to_string(2)},
            {"tier_kwh", m.tier_kwh.to_string(2)},
            {"tier_m3", m.tier_m3.to_string(2)}};
    if (m.last_reading) jm["last_reading"] = m.last_reading->to_string(2);
    meters.push_back(jm);
  }
  json relay{{"position", std::string(to_string(s.relay.position))},
             {"lock", std::string(to_string(s.relay.lock))},
             {"protected", s.relay.is_protected},
             {"pending_lock", std::string(to_string(s.relay.pending_lock))}};
  if (s.relay.pending_cut) relay["pending_cut"] = when(*s.relay.pending_cut);
  json j{{"balance", s.balance.to_string(2)},
         {"frozen", s.frozen.to_string(2)},
         {"cumulative_purchased", s.cumulative_purchased.to_string(2)},
         {"receivables", receivables},
         {"meters", meters},
         {"level", std::string(to_string(s.current))},
         {"relay", relay},
         {"alarms_crossed", s.alarms_crossed},
         {"closed", s.closed},
         {"last_seq", s.last_seq}};
  if (s.last_time) j["last_time"] = when(*s.last_time);
  return j;
}

}  // namespace

namespace detail {
std::string to_json_through_tree(const event& e) { return event_json(e).dump(); }
std::string to_json_through_tree(const entry& e) { return entry_json(e).dump(); }
std::string to_json_through_tree(const account_state& s) { return state_json(s).dump(); }
}  // namespace detail

std::string to_json(const event& e) {
  json_text out(event_json_bound(e));
  append_event_json(out, e);
  return std::move(out).finish();
}

std::string to_json(const entry& e) {
  // entry_json(e).dump(), members in name order; its names and punctuation are 105 bytes.
  json_text out(event_json_bound(e.what) + 128 + 5 * json_text::decimal_bound +
                json_text::integer_bound);
  out.raw("{\"arrears_delta\":");
  out.decimal(e.arrears_delta);
  out.raw(",\"arrears_paid\":");
  out.decimal(e.arrears_paid);
  out.raw(",\"balance_after\":");
  out.decimal(e.balance_after);
  out.raw(",\"balance_before\":");
  out.decimal(e.balance_before);
  out.raw(",\"event\":");
  append_event_json(out, e.what);
  out.raw(",\"purchased_delta\":");
  out.decimal(e.purchased_delta);
  out.raw(",\"seq\":");
  out.integer(e.seq);
  out.raw("}");
  return std::move(out).finish();
}

std::string to_json(const account_params& p) {
  json meters = json::array();
  for (const auto& m : p.meters) {
    meters.push_back({{"id", m.id}, {"utility", std::string(to_string(m.what))}});
  }
  json alarms = json::array();
  for (const auto& a : p.balance_alarms) alarms.push_back(a.to_string(2));
  json windows = json::array();
  for (const auto& w : p.cuts.windows) {
    json days = json::array();
    for (int k = 0; k < calendar::day_kind_count; ++k) {
      const auto kind = static_cast<calendar::day_kind>(k);
      if (w.days.contains(kind)) days.push_back(std::string(calendar::to_string(kind)));
    }
    windows.push_back({{"shape", static_cast<int>(w.kind)},
                       {"start_minute", w.start_minute},
                       {"end_minute", w.end_minute},
                       {"days", days},
                       {"iso_weekday", w.iso_weekday}});
  }
  json holidays = json::array();
  for (const auto& e : p.cuts.holidays.entries()) {
    holidays.push_back({{"date", calendar::format_date(e.day)},
                        {"kind", std::string(calendar::to_string(e.kind))},
                        {"name", e.name}});
  }
  json j{
      {"id", p.id},
      {"mode", std::string(to_string(p.mode))},
      {"meters", meters},
      {"alarm1", p.levels.alarm1.to_string(2)},
      {"alarm2", p.levels.alarm2.to_string(2)},
      {"overdraft_limit", p.levels.overdraft_limit.to_string(2)},
      {"close_limit", p.levels.close_limit.to_string(2)},
      {"balance_alarms", alarms},
      {"counters", p.counters == counter_policy::strict_next ? "strict_next" : "allow_gap"},
      {"notice_minutes", p.cuts.notice.count()},
      {"no_cut_windows", windows},
      {"calendar",
       {{"name", p.cuts.holidays.name()}, {"years", p.cuts.holidays.years()}, {"days", holidays}}}};
  if (p.levels.hoarding_limit) j["hoarding_limit"] = p.levels.hoarding_limit->to_string(2);
  return j.dump();
}

std::string to_json(const account_state& s) {
  // state_json(s).dump(), each object's members in name order, into one buffer (json_text). The
  // state is written again with every posting: the tree and its dump were a ninth of the durable
  // path (docs/performance.md). Names and punctuation: 229 bytes, 85 a meter, 37 a receivable.
  if (s.relay.pending_cut) (void)stored_time(*s.relay.pending_cut);  // refused first, as the tree
  using render::json_string_bound;
  std::size_t bound = 256 + 3 * json_text::decimal_bound + 2 * json_text::integer_bound +
                      2 * json_text::time_bound + json_string_bound(to_string(s.current).size()) +
                      json_string_bound(to_string(s.relay.lock).size()) +
                      json_string_bound(to_string(s.relay.pending_lock).size()) +
                      json_string_bound(to_string(s.relay.position).size());
  for (const auto& m : s.meters) {
    bound += 96 + 4 * json_text::decimal_bound + json_text::integer_bound +
             json_string_bound(m.id.size()) + json_string_bound(to_string(m.what).size());
  }
  for (const auto& r : s.receivables) {
    bound += 48 + json_text::decimal_bound + json_text::integer_bound +
             json_string_bound(r.reference.size());
  }
  json_text out(bound);
  out.raw("{\"alarms_crossed\":");
  out.integer(s.alarms_crossed);
  out.raw(",\"balance\":");
  out.decimal(s.balance);
  out.raw(s.closed ? ",\"closed\":true" : ",\"closed\":false");
  out.raw(",\"cumulative_purchased\":");
  out.decimal(s.cumulative_purchased);
  out.raw(",\"frozen\":");
  out.decimal(s.frozen);
  out.raw(",\"last_seq\":");
  out.integer(s.last_seq);
  if (s.last_time) {
    out.raw(",\"last_time\":");
    out.time(*s.last_time);
  }
  out.raw(",\"level\":");
  out.string(to_string(s.current));
  out.raw(",\"meters\":[");
  for (std::size_t i = 0; i < s.meters.size(); ++i) {
    const auto& m = s.meters[i];
    out.raw(i > 0 ? ",{\"carried\":" : "{\"carried\":");
    out.decimal(m.carried);
    out.raw(",\"id\":");
    out.string(m.id);
    out.raw(",\"last_counter\":");
    out.integer(m.last_counter);
    if (m.last_reading) {
      out.raw(",\"last_reading\":");
      out.decimal(*m.last_reading);
    }
    out.raw(",\"tier_kwh\":");
    out.decimal(m.tier_kwh);
    out.raw(",\"tier_m3\":");
    out.decimal(m.tier_m3);
    out.raw(",\"utility\":");
    out.string(to_string(m.what));
    out.raw("}");
  }
  out.raw("],\"receivables\":[");
  for (std::size_t i = 0; i < s.receivables.size(); ++i) {
    const auto& r = s.receivables[i];
    out.raw(i > 0 ? ",{\"outstanding\":" : "{\"outstanding\":");
    out.decimal(r.outstanding);
    out.raw(",\"reference\":");
    out.string(r.reference);
    out.raw(",\"seq\":");
    out.integer(r.seq);
    out.raw("}");
  }
  out.raw("],\"relay\":{\"lock\":");
  out.string(to_string(s.relay.lock));
  if (s.relay.pending_cut) {
    out.raw(",\"pending_cut\":");
    out.time(*s.relay.pending_cut);
  }
  out.raw(",\"pending_lock\":");
  out.string(to_string(s.relay.pending_lock));
  out.raw(",\"position\":");
  out.string(to_string(s.relay.position));
  out.raw(s.relay.is_protected ? ",\"protected\":true}}" : ",\"protected\":false}}");
  return std::move(out).finish();
}

std::string to_json(const ledger::statement& s) {
  json entries = json::array();
  for (const auto& e : s.entries) entries.push_back(entry_json(e));
  return json{{"format", "submeter-statement-v1"},
              {"account", s.account_id},
              {"from", when(s.from)},
              {"to", when(s.to)},
              {"opening_balance", s.opening_balance.to_string(2)},
              {"recharges", s.recharges.to_string(2)},
              {"electricity",
               {{"kwh", s.electricity_use.kwh.to_string(2)},
                {"amount", s.electricity_use.amount.to_string(2)},
                {"balance_change", s.electricity.to_string(2)}}},
              {"water",
               {{"m3", s.water_use.m3.to_string(2)},
                {"amount", s.water_use.amount.to_string(2)},
                {"balance_change", s.water.to_string(2)}}},
              {"fees", s.fees.to_string(2)},
              {"adjustments", s.adjustments.to_string(2)},
              {"refunds", s.refunds.to_string(2)},
              {"reversals", s.reversals.to_string(2)},
              {"settlements", s.settlements.to_string(2)},
              {"closing_balance", s.closing_balance.to_string(2)},
              {"opening_arrears", s.opening_arrears.to_string(2)},
              {"closing_arrears", s.closing_arrears.to_string(2)},
              {"entries", entries}}
      .dump(2);
}

event event_from_json(const std::string& t) {
  return parse_record(t, "event", [](const json& j) { return event_of(j); });
}

entry entry_from_json(const std::string& t) {
  return parse_record(t, "entry", [](const json& j) {
    entry e;
    e.seq = field(j, "seq").get<std::uint64_t>();
    e.what = event_of(field(j, "event"));
    e.balance_before = dec<money>(j, "balance_before");
    e.balance_after = dec<money>(j, "balance_after");
    e.arrears_delta = dec<money>(j, "arrears_delta");
    e.arrears_paid = dec<money>(j, "arrears_paid");
    e.purchased_delta = dec<money>(j, "purchased_delta");
    return e;
  });
}

account_params params_from_json(const std::string& t) {
  return parse_record(t, "account parameters", [](const json& j) {
    std::vector<meter_ref> meters;
    for (const auto& m : field(j, "meters")) {
      meters.push_back({text(m, "id"), enum_of<utility>(m, "utility", [](const std::string& u) {
                          return parse_utility(u);
                        })});
    }
    std::optional<money> hoarding;
    if (j.contains("hoarding_limit")) hoarding = dec<money>(j, "hoarding_limit");
    const auto levels = level_params::make(dec<money>(j, "alarm1"), dec<money>(j, "alarm2"),
                                           dec<money>(j, "overdraft_limit"),
                                           dec<money>(j, "close_limit"), hoarding);
    std::vector<money> alarms;
    for (const auto& a : field(j, "balance_alarms"))
      alarms.push_back(money::parse(a.get<std::string>()));
    cut_policy cuts;
    cuts.notice = std::chrono::minutes(field(j, "notice_minutes").get<std::int64_t>());
    for (const auto& w : field(j, "no_cut_windows")) {
      no_cut_window win;
      win.kind = static_cast<no_cut_window::shape>(field(w, "shape").get<int>());
      win.start_minute = field(w, "start_minute").get<int>();
      win.end_minute = field(w, "end_minute").get<int>();
      win.iso_weekday = field(w, "iso_weekday").get<unsigned>();
      for (const auto& d : field(w, "days")) {
        const auto k = calendar::parse_day_kind(d.get<std::string>());
        if (!k) throw error(errc::parse, "unknown day kind", {{"text", d.get<std::string>()}});
        win.days.insert(*k);
      }
      cuts.windows.push_back(win);
    }
    const json& cal = field(j, "calendar");
    std::vector<calendar::calendar_entry> days;
    for (const auto& d : field(cal, "days")) {
      const auto day = parse_local_time(text(d, "date") + "T00:00");
      const auto kind = calendar::parse_day_kind(text(d, "kind"));
      if (!kind) throw error(errc::parse, "unknown day kind", {{"text", text(d, "kind")}});
      days.push_back({date::floor<date::days>(day), *kind, text(d, "name")});
    }
    cuts.holidays = calendar::holiday_calendar::make(
        text(cal, "name"), field(cal, "years").get<std::vector<int>>(), std::move(days));
    const auto mode =
        text(j, "mode") == "postpaid" ? account_mode::postpaid : account_mode::prepaid;
    const auto counters = text(j, "counters") == "allow_gap" ? counter_policy::allow_gap
                                                             : counter_policy::strict_next;
    return account_params::make(text(j, "id"), mode, std::move(meters), levels, std::move(alarms),
                                counters, std::move(cuts));
  });
}

account_state state_from_json(const std::string& t) {
  return parse_record(t, "account state", [](const json& j) {
    account_state s;
    s.balance = dec<money>(j, "balance");
    s.frozen = dec<money>(j, "frozen");
    s.cumulative_purchased = dec<money>(j, "cumulative_purchased");
    for (const auto& r : field(j, "receivables")) {
      s.receivables.push_back({field(r, "seq").get<std::uint64_t>(), text(r, "reference"),
                               dec<money>(r, "outstanding")});
    }
    for (const auto& m : field(j, "meters")) {
      meter_state ms;
      ms.id = text(m, "id");
      ms.what =
          enum_of<utility>(m, "utility", [](const std::string& u) { return parse_utility(u); });
      ms.last_counter = field(m, "last_counter").get<std::int64_t>();
      if (m.contains("last_reading")) ms.last_reading = dec<energy>(m, "last_reading");
      ms.carried = dec<energy>(m, "carried");
      ms.tier_kwh = dec<energy>(m, "tier_kwh");
      ms.tier_m3 = dec<volume>(m, "tier_m3");
      s.meters.push_back(std::move(ms));
    }
    s.current = enum_of<level>(j, "level", parse_level);
    const json& r = field(j, "relay");
    s.relay.position =
        text(r, "position") == "open" ? relay_position::open : relay_position::closed;
    s.relay.lock = enum_of<relay_lock>(r, "lock", parse_lock);
    s.relay.is_protected = field(r, "protected").get<bool>();
    s.relay.pending_lock = enum_of<relay_lock>(r, "pending_lock", parse_lock);
    if (r.contains("pending_cut")) s.relay.pending_cut = time_of(r, "pending_cut");
    s.alarms_crossed = field(j, "alarms_crossed").get<std::size_t>();
    s.closed = field(j, "closed").get<bool>();
    s.last_seq = field(j, "last_seq").get<std::uint64_t>();
    if (j.contains("last_time")) s.last_time = time_of(j, "last_time");
    return s;
  });
}

}  // namespace submeter::store
