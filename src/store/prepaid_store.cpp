// The live prepaid store (prepaid_store.hpp): the live run, written once over the storage steps
// of a back end (prepaid_backend.hpp: SQLite in prepaid_sqlite.cpp, PostgreSQL in
// prepaid_postgres.cpp), and the cursors' JSON.
#include "store/prepaid_store.hpp"

#include <date/date.h>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/ledger_json.hpp"
#include "store/open_store.hpp"
#include "store/prepaid_backend.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time_text.hpp"
#include "submeter/ledger/history.hpp"
#include "submeter/ledger/live_deduction.hpp"
#include "submeter/ledger/post.hpp"
#include "submeter/site/live_step.hpp"

namespace submeter::store {
namespace {

using nlohmann::json;

json reading_json(const metering::register_reading& r) {
  json rates = json::array();
  for (const auto& v : r.rates) rates.push_back(v ? json(v->to_string(4)) : json());
  return {
      {"time", local_interval::format(r.time)}, {"total", r.total.to_string(4)}, {"rates", rates}};
}

const json& cursor_field(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) {
    throw error(errc::parse, "a stored live cursor lacks a field", {{"field", key}});
  }
  return j.at(key);
}

std::string text_of(const json& j, const char* key) {
  const auto& v = cursor_field(j, key);
  if (!v.is_string()) throw error(errc::parse, "a stored field is not text", {{"field", key}});
  return v.get<std::string>();
}

metering::register_reading reading_from(const json& j) {
  metering::register_reading r;
  r.time = parse_local_time(text_of(j, "time"));
  r.total = energy::parse(text_of(j, "total"));
  const auto& rates = cursor_field(j, "rates");
  if (!rates.is_array() || rates.size() != r.rates.size()) {
    throw error(errc::parse, "a stored reading has the wrong number of rate registers");
  }
  for (std::size_t i = 0; i < r.rates.size(); ++i) {
    if (rates[i].is_string()) r.rates[i] = energy::parse(rates[i].get<std::string>());
  }
  return r;
}

/// The compact cursor text (cursor_to_text): space-separated integers (mantissas, seconds)
/// after the tag "c1", read back by a cursor_tokens.
class cursor_tokens {
 public:
  explicit cursor_tokens(std::string_view t) : t_(t) {}
  std::int64_t integer() {
    while (i_ < t_.size() && t_[i_] == ' ') ++i_;
    const auto begin = i_;
    if (i_ < t_.size() && t_[i_] == '-') ++i_;
    std::int64_t v = 0;
    bool digits = false;
    while (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') {
      const std::int64_t d = t_[i_++] - '0';
      if (v > (std::numeric_limits<std::int64_t>::max() - d) / 10) bad();
      v = v * 10 + d;
      digits = true;
    }
    if (!digits || (i_ < t_.size() && t_[i_] != ' ')) bad();
    return t_[begin] == '-' ? -v : v;
  }
  std::string word() {
    while (i_ < t_.size() && t_[i_] == ' ') ++i_;
    const auto begin = i_;
    while (i_ < t_.size() && t_[i_] != ' ') ++i_;
    if (begin == i_) bad();
    return std::string(t_.substr(begin, i_ - begin));
  }
  std::size_t count(std::size_t at_most) {
    const auto n = integer();
    if (n < 0 || static_cast<std::uint64_t>(n) > at_most) bad();
    return static_cast<std::size_t>(n);
  }
  void end() {
    while (i_ < t_.size() && t_[i_] == ' ') ++i_;
    if (i_ != t_.size()) bad();
  }
  [[noreturn]] static void bad() { throw error(errc::parse, "a stored live cursor is malformed"); }

 private:
  std::string_view t_;
  std::size_t i_ = 0;
};

void put(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out += ' ';
  out.append(buf, r.ptr);
}

/// A reading: its time (seconds), total mantissa, a bit mask of the rate registers present and
/// their mantissas.
void put_reading(std::string& out, const metering::register_reading& r) {
  put(out, r.time.time_since_epoch().count());
  put(out, r.total.mantissa());
  std::int64_t mask = 0;
  for (std::size_t i = 0; i < r.rates.size(); ++i) {
    if (r.rates[i]) mask |= std::int64_t{1} << i;
  }
  put(out, mask);
  for (const auto& v : r.rates) {
    if (v) put(out, v->mantissa());
  }
}

metering::register_reading take_reading(cursor_tokens& in) {
  metering::register_reading r;
  r.time = local_time{std::chrono::seconds{in.integer()}};
  r.total = energy::from_mantissa(in.integer());
  const auto mask = in.integer();
  if (mask < 0 || mask >= (std::int64_t{1} << r.rates.size())) cursor_tokens::bad();
  for (std::size_t i = 0; i < r.rates.size(); ++i) {
    if ((mask >> i) & 1) r.rates[i] = energy::from_mantissa(in.integer());
  }
  return r;
}

/// The stored history of an account, told one key it does not hold: the key of a reading later
/// than its meter's latest recorded reading (chunk::reading_item). An entry under a reading's key
/// is only written by the live step, with the reading's row in live_readings in the same
/// transaction, so no entry can have that key; the lookup is skipped (the entries' UNIQUE
/// (account, key) still refuses a duplicate should anything else have written one).
class history_without final : public ledger::history {
 public:
  history_without(const ledger::history& stored, const std::string& absent)
      : stored_(stored), absent_(absent) {}
  std::optional<ledger::entry> by_key(const std::string& key) const override {
    if (key == absent_) return std::nullopt;
    return stored_.by_key(key);
  }
  std::optional<ledger::entry> by_seq(std::uint64_t seq) const override {
    return stored_.by_seq(seq);
  }
  std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const override {
    return stored_.reversal_of(seq);
  }

 private:
  const ledger::history& stored_;
  const std::string& absent_;
};

/// An account inside the batch's transaction: posts through ledger::post against the stored
/// entries and inserts each committed entry at once (so the history sees it).
class stored_account {
 public:
  stored_account(detail::prepaid_batch& b, ledger::account_params params,
                 ledger::account_state state)
      : b_(&b), params_(std::move(params)), state_(std::move(state)) {}
  [[nodiscard]] const ledger::account_params& params() const noexcept { return params_; }
  [[nodiscard]] const ledger::account_state& state() const noexcept { return state_; }
  ledger::posting post(const ledger::event& e) {
    const auto h = b_->history(params_.id);
    ledger::posting p = absent_key != nullptr
                            ? ledger::post(params_, state_, history_without(*h, *absent_key), e)
                            : ledger::post(params_, state_, *h, e);
    if (p.status == ledger::posting_status::ok && p.committed) {
      b_->insert_entry(params_.id, *p.committed);
    }
    if (ledger::accepted(p.status)) dirty = true;
    return p;
  }
  /// Moves the account into another batch's transaction (kept from the batch before).
  void rebind(detail::prepaid_batch& b) noexcept {
    b_ = &b;
    dirty = false;
  }
  bool dirty = false;
  /// While a reading never given before is posted: its key, which the stored history cannot
  /// hold (history_without); null otherwise.
  const std::string* absent_key = nullptr;

 private:
  detail::prepaid_batch* b_;
  ledger::account_params params_;
  ledger::account_state state_;
};

/// One batch: the accounts and cursors it has read (and changed), in its transaction.
/// The accounts and cursors a committed batch ended with, for the next batch of the same run
/// when nothing else wrote to the store in between (prepaid_batch::unchanged_since_last).
struct kept_state {
  std::map<std::string, stored_account> accounts;
  std::map<std::string, site::live_cursor> cursors;
  std::set<std::string> loaded_cursors;
  /// By meter, the time at or before which a reading may have been given (chunk::latest_of).
  std::map<std::string, std::optional<local_time>> latest;
};

class chunk {
 public:
  chunk(detail::prepaid_batch& b, const command_framer& frame) : b_(b), frame_(frame) {}

  /// Starts from what the batch before ended with (the caller knows it is still what is stored).
  void take(kept_state&& k) {
    accounts_ = std::move(k.accounts);
    for (auto& [id, a] : accounts_) a.rebind(b_);
    cursors = std::move(k.cursors);
    loaded_cursors_ = std::move(k.loaded_cursors);
    latest_ = std::move(k.latest);
  }
  /// What the batch ended with (after write_back).
  [[nodiscard]] kept_state give() && {
    return {std::move(accounts_), std::move(cursors), std::move(loaded_cursors_),
            std::move(latest_)};
  }

  stored_account& account(const std::string& id) {
    auto it = accounts_.find(id);
    if (it != accounts_.end()) return it->second;
    auto loaded = b_.load_account(id);
    if (!loaded) {
      throw error(errc::not_found, "a prepaid account is not in the store", {{"account", id}});
    }
    return accounts_
        .emplace(id, stored_account(b_, std::move(loaded->first), std::move(loaded->second)))
        .first->second;
  }

  void load_cursor(const std::string& meter) {
    if (!loaded_cursors_.insert(meter).second) return;
    if (const auto body = b_.load_cursor(meter)) cursors.emplace(meter, cursor_from_text(*body));
  }

  prepaid_item reading_item(const site::live_plan& plan, const metering::reading& r) {
    prepaid_item item;
    item.meter = r.meter_id;
    item.time = r.time();
    const auto* m = plan.meter(r.meter_id);
    const auto regs = detail::registers_text(r.registers);
    auto& latest = latest_of(r.meter_id);
    // A reading after the meter's latest recorded one was never given: no lookup (the common
    // case, a stream in time order); one at or before it may have been.
    const bool may_be_seen = latest && !(*latest < r.time());
    if (const auto before = may_be_seen ? b_.seen(r.meter_id, r.time()) : std::nullopt) {
      // Given before: nothing changes, whatever the live step would say now.
      const bool same = *before == regs;
      item.status = same ? "duplicate" : "inconsistent";
      if (!same) {
        item.message = "meter " + r.meter_id + " already has a reading at " +
                       local_interval::format(r.time()) + " with other values";
      }
      if (m != nullptr) {
        item.account = plan.accounts()[m->account].id;
        item.after = account(item.account).state();
      }
      return item;
    }
    if (m != nullptr) load_cursor(r.meter_id);
    // Later than its meter's latest recorded reading, so its deduction's key is in no
    // account's history (history_without): not looked up.
    const auto fresh_key = may_be_seen ? std::string() : ledger::reading_key(r.meter_id, r.time());
    stored_account* told = nullptr;
    const auto account_at = [&](std::size_t i) -> stored_account& {
      auto& a = account(plan.accounts()[i].id);
      if (may_be_seen) return a;
      if (told != nullptr && told != &a) told->absent_key = nullptr;
      a.absent_key = &fresh_key;
      told = &a;
      return a;
    };
    struct untell {
      stored_account*& a;
      ~untell() {
        if (a != nullptr) a->absent_key = nullptr;
      }
    } untell_at_exit{told};
    auto out = site::detail::ingest_with(plan, cursors, account_at, r);
    item.account = out.account;
    item.status = std::string(site::to_string(out.status));
    item.message = out.message;
    if (out.status == site::live_status::deducted && out.deduction) {
      item.amount = out.deduction->amount;
    }
    add_days(item, out.days);
    if (!out.account.empty()) item.after = account(out.account).state();
    if (out.status == site::live_status::opened || out.status == site::live_status::deducted ||
        out.status == site::live_status::no_charge) {
      dirty_cursors_[r.meter_id] = out.account;  // written once, at the end of the batch
    }
    b_.record(r.meter_id, r.time(), regs, item.status, out.account, out.message);
    if (!latest || *latest < r.time()) latest = r.time();
    insert_rows(out.rows);
    item.rows = std::move(out.rows);
    return item;
  }

  /// A tick of the clock at `t` for the plan's `index`-th account (site::detail::tick_with): its
  /// due cut and its days, with their rows.
  prepaid_item tick_item(const site::live_plan& plan, std::size_t index, local_time t) {
    prepaid_item item;
    item.tick = true;
    item.time = t;
    item.account = plan.accounts()[index].id;
    item.status = "tick";
    for (const auto& m : plan.meters_of(index)) load_cursor(m);
    auto& a = account(item.account);
    auto out = site::detail::tick_with(plan, index, cursors, a, t);
    add_days(item, out.days);
    item.after = a.state();
    insert_rows(out.rows);
    item.rows = std::move(out.rows);
    return item;
  }

  prepaid_item recharge_item(const site::live_recharge& rc) {
    prepaid_item item;
    item.recharge = true;
    item.meter = rc.what.meter_id;
    item.time = rc.what.time;
    item.account = rc.account;
    auto& a = account(rc.account);
    auto p = site::detail::post_live(a, rc.what);
    switch (p.posted.status) {
      case ledger::posting_status::ok:
        item.status = "recharged";
        item.amount = rc.what.amount;
        break;
      case ledger::posting_status::duplicate:
        item.status = "duplicate";
        break;
      default:
        item.status = "refused";
        item.message = p.posted.message;
        break;
    }
    item.after = a.state();
    insert_rows(p.rows);
    item.rows = std::move(p.rows);
    return item;
  }

  /// Writes the accounts and cursors the batch changed, each once.
  void write_back() {
    for (auto& [id, a] : accounts_) {
      if (a.dirty) b_.update_account(id, a.state());
    }
    for (const auto& [meter, account] : dirty_cursors_) {
      const auto& cur = cursors.at(meter);
      b_.save_cursor(meter, account, cur.last.time, cursor_to_text(cur));
    }
  }

  std::map<std::string, site::live_cursor> cursors;

 private:
  /// The days a reading or a tick accrued, as the item lists them.
  static void add_days(prepaid_item& item, const std::vector<site::live_day_deduction>& days) {
    for (const auto& d : days) {
      const auto st = d.posted.posted.status;
      item.days.push_back(
          {date::format("%F", d.day), d.deduction.amount,
           st == ledger::posting_status::ok ? "deducted" : std::string(ledger::to_string(st)),
           d.posted.posted.message});
    }
  }

  /// The time at or before which a reading of `meter` may have been given: its latest recorded
  /// reading's (read from the store the first time); none when it has none.
  std::optional<local_time>& latest_of(const std::string& meter) {
    const auto it = latest_.find(meter);
    if (it != latest_.end()) return it->second;
    std::optional<local_time> latest;
    if (const auto text = b_.latest_recorded(meter)) {
      // Stored times are compared as times; a text that is not a time of years 1000..9999 (which
      // the store's text order would not sort as times) leaves every reading to be looked up.
      latest = try_parse_local_time(*text);
      if (!latest || text->size() != local_time_text_size || (*text)[0] == '0') {
        latest = local_time::max();
      }
    }
    return latest_.emplace(meter, latest).first->second;
  }

  /// Gives the command rows their frames, then writes the rows.
  void insert_rows(std::vector<ledger::outbox_row>& rows) {
    if (frame_) {
      for (auto& r : rows) {
        if (r.command) r.frame = frame_(r);
      }
    }
    b_.insert_rows(rows);
  }

  detail::prepaid_batch& b_;
  const command_framer& frame_;
  std::map<std::string, stored_account> accounts_;
  std::set<std::string> loaded_cursors_;
  std::map<std::string, std::string> dirty_cursors_;
  std::map<std::string, std::optional<local_time>> latest_;
};

}  // namespace

namespace detail {

std::string registers_text(const metering::register_reading& r) {
  std::string t;
  t.reserve(16 * (r.rates.size() + 1));
  r.total.append_to(t, 4);
  for (const auto& v : r.rates) {
    t += ';';
    if (v) v->append_to(t, 4);
  }
  return t;
}

outbox_columns columns_of(const ledger::outbox_row& r) {
  outbox_columns c;
  c.id = r.id;
  c.account = r.account;
  c.time = stored_time(r.time);
  if (r.command) {
    c.command = std::string(ledger::to_string(*r.command));
    c.meter = r.meter;
  } else {
    c.notice = std::string(ledger::to_string(r.about));
  }
  c.utility = std::string(ledger::to_string(r.what));
  c.detail = r.detail;
  if (r.command && !r.frame.empty()) c.frame = r.frame;
  return c;
}

stored_outbox_row stored_row_of(const outbox_columns& c) {
  stored_outbox_row s;
  s.number = c.number;
  s.row.id = c.id;
  s.row.account = c.account;
  s.row.time = parse_local_time(c.time);
  if (c.command) {
    s.row.command =
        *c.command == "cut" ? ledger::supply_command::cut : ledger::supply_command::restore;
    s.row.meter = c.meter.value_or("");
  } else if (const auto n = ledger::parse_notice(c.notice.value_or(""))) {
    s.row.about = *n;
  }
  s.row.what = ledger::parse_utility(c.utility).value_or(ledger::utility::electricity);
  s.row.detail = c.detail;
  if (s.row.command) s.row.frame = c.frame.value_or("");
  s.acked = c.acked;
  return s;
}

}  // namespace detail

std::string cursor_to_json(const site::live_cursor& c) {
  json changes = json::array();
  for (const auto& r : c.at_changes) changes.push_back(reading_json(r));
  json per = json::array();
  for (const auto& q : c.counter_at_anchor.per_register) per.push_back(q.to_string(4));
  json deducted = json::object();
  for (const auto& [p, m] : c.deducted) deducted[p] = m.to_string(4);
  return json{
      {"period", c.period},
      {"anchor", reading_json(c.anchor)},
      {"last", reading_json(c.last)},
      {"at_changes", changes},
      {"counter", {{"pooled", c.counter_at_anchor.pooled.to_string(4)}, {"per_register", per}}},
      {"deducted", deducted}}
      .dump();
}

site::live_cursor cursor_from_json(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw error(errc::parse, "a stored live cursor is not JSON");
  site::live_cursor c;
  c.period = text_of(j, "period");
  c.anchor = reading_from(cursor_field(j, "anchor"));
  c.last = reading_from(cursor_field(j, "last"));
  for (const auto& r : cursor_field(j, "at_changes")) c.at_changes.push_back(reading_from(r));
  const auto& counter = cursor_field(j, "counter");
  c.counter_at_anchor.pooled = energy::parse(text_of(counter, "pooled"));
  const auto& per = cursor_field(counter, "per_register");
  if (!per.is_array() || per.size() != c.counter_at_anchor.per_register.size()) {
    throw error(errc::parse, "a stored tier counter has the wrong number of registers");
  }
  for (std::size_t i = 0; i < per.size(); ++i) {
    c.counter_at_anchor.per_register[i] = energy::parse(per[i].get<std::string>());
  }
  for (const auto& [p, m] : cursor_field(j, "deducted").items()) {
    c.deducted[p] = money::parse(m.get<std::string>());
  }
  return c;
}

std::string cursor_to_text(const site::live_cursor& c) {
  std::string out = "c1 " + c.period;
  out.reserve(256);
  put_reading(out, c.anchor);
  put_reading(out, c.last);
  put(out, static_cast<std::int64_t>(c.at_changes.size()));
  for (const auto& r : c.at_changes) put_reading(out, r);
  put(out, c.counter_at_anchor.pooled.mantissa());
  for (const auto& q : c.counter_at_anchor.per_register) put(out, q.mantissa());
  put(out, static_cast<std::int64_t>(c.deducted.size()));
  for (const auto& [p, m] : c.deducted) {
    out += ' ';
    out += p;
    put(out, m.mantissa());
  }
  return out;
}

site::live_cursor cursor_from_text(const std::string& text) {
  if (!text.empty() && text.front() == '{') return cursor_from_json(text);  // before issue 17's v4
  cursor_tokens in(text);
  if (in.word() != "c1") cursor_tokens::bad();
  site::live_cursor c;
  c.period = in.word();
  c.anchor = take_reading(in);
  c.last = take_reading(in);
  const auto changes = in.count(text.size());
  for (std::size_t i = 0; i < changes; ++i) c.at_changes.push_back(take_reading(in));
  c.counter_at_anchor.pooled = energy::from_mantissa(in.integer());
  for (auto& q : c.counter_at_anchor.per_register) q = energy::from_mantissa(in.integer());
  const auto months = in.count(text.size());
  for (std::size_t i = 0; i < months; ++i) {
    auto p = in.word();
    c.deducted[std::move(p)] = money::from_mantissa(in.integer());
  }
  in.end();
  return c;
}

namespace {

std::unique_ptr<detail::prepaid_backend> backend_at(const std::string& where) {
  if (is_postgres_uri(where)) {
    require_postgres_built("db");
#ifdef SUBMETER_HAVE_POSTGRES
    return detail::postgres_prepaid_backend(where);
#endif
  }
  return detail::sqlite_prepaid_backend(where, {});
}

}  // namespace

prepaid_store::prepaid_store(const std::string& where) : backend_(backend_at(where)) {}

prepaid_store::prepaid_store(const std::string& path, const sqlite_options& options)
    : backend_(detail::sqlite_prepaid_backend(path, options)) {}

prepaid_store::prepaid_store(std::unique_ptr<detail::prepaid_backend> backend)
    : backend_(std::move(backend)) {}

prepaid_store::~prepaid_store() = default;

ledger_store& prepaid_store::ledger() { return backend_->ledger(); }

std::size_t prepaid_store::open_accounts(const site::live_opening& o) {
  auto& l = backend_->ledger();
  const auto have = l.accounts();
  std::size_t opened = 0;
  for (std::size_t i = 0; i < o.plan.accounts().size(); ++i) {
    const auto& p = o.plan.accounts()[i];
    if (std::binary_search(have.begin(), have.end(), p.id)) continue;
    try {
      l.create_account(p, o.openings[i]);
      ++opened;
    } catch (const error& e) {
      if (e.code() != errc::duplicate) throw;  // another process opened it meanwhile
    }
  }
  return opened;
}

std::vector<std::string> prepaid_store::update_terms(const site::live_opening& o) {
  auto& l = backend_->ledger();
  const auto have = l.accounts();
  std::vector<std::string> updated;
  for (const auto& p : o.plan.accounts()) {
    if (!std::binary_search(have.begin(), have.end(), p.id)) continue;
    const auto stored = l.params(p.id);
    const auto wanted = with_terms(stored, p);
    if (to_json(wanted) == to_json(stored)) continue;
    l.update_terms(wanted);  // the back ends read terms with their text (params_cache)
    updated.push_back(p.id);
  }
  return updated;
}

std::vector<prepaid_item> prepaid_store::run(const site::live_opening& o,
                                             std::vector<metering::reading> readings,
                                             std::size_t batch, const command_framer& frame,
                                             std::optional<local_time> through) {
  std::vector<prepaid_item> items;
  items.reserve(readings.size());
  run(
      o, std::move(readings), batch, [&](prepaid_item&& i) { items.push_back(std::move(i)); },
      frame, through);
  return items;
}

void prepaid_store::run(const site::live_opening& o, std::vector<metering::reading> readings,
                        std::size_t batch, const std::function<void(prepaid_item&&)>& sink,
                        const command_framer& frame, std::optional<local_time> through) {
  const auto by_time = [](const metering::reading& a, const metering::reading& b) {
    if (a.time() != b.time()) return a.time() < b.time();
    return a.meter_id < b.meter_id;
  };
  // Already in order when they come from `prepaid run` (a stable sort would allocate a buffer of
  // half the readings for nothing).
  if (!std::is_sorted(readings.begin(), readings.end(), by_time)) {
    std::stable_sort(readings.begin(), readings.end(), by_time);
  }
  // Readings first at an instant, then the recharges due by it; none after the last reading
  // (or after `through`). The clock's tick at `through`: after the readings and recharges up to
  // it, one step per account.
  enum class kind : std::uint8_t { reading, recharge, tick };
  struct step {
    kind what;
    std::size_t index;
  };
  std::vector<step> steps;
  std::size_t next_recharge = 0;
  const auto recharges_up_to = [&](std::optional<local_time> t) {
    while (next_recharge < o.recharges.size() &&
           (!t || o.recharges[next_recharge].what.time < *t)) {
      steps.push_back({kind::recharge, next_recharge++});
    }
  };
  const auto recharges_through = [&](local_time end) {
    while (next_recharge < o.recharges.size() && !(end < o.recharges[next_recharge].what.time)) {
      steps.push_back({kind::recharge, next_recharge++});
    }
  };
  bool ticked = false;
  const auto tick = [&] {
    recharges_through(*through);
    for (std::size_t a = 0; a < o.plan.accounts().size(); ++a) steps.push_back({kind::tick, a});
    ticked = true;
  };
  for (std::size_t i = 0; i < readings.size(); ++i) {
    if (through && !ticked && *through < readings[i].time()) tick();
    recharges_up_to(readings[i].time());
    steps.push_back({kind::reading, i});
  }
  if (!readings.empty()) recharges_through(readings.back().time());
  if (through && !ticked) tick();
  if (batch == 0) batch = 1;
  kept_state kept;
  for (std::size_t first = 0; first < steps.size(); first += batch) {
    const std::size_t last = std::min(steps.size(), first + batch);
    // The accounts the batch posts to, sorted: the PostgreSQL back end locks them first.
    std::set<std::string> touched;
    for (std::size_t i = first; i < last; ++i) {
      const auto& s = steps[i];
      if (s.what == kind::recharge) {
        touched.insert(o.recharges[s.index].account);
      } else if (s.what == kind::tick) {
        touched.insert(o.plan.accounts()[s.index].id);
      } else if (const auto* m = o.plan.meter(readings[s.index].meter_id)) {
        touched.insert(o.plan.accounts()[m->account].id);
      }
    }
    std::vector<prepaid_item> done;
    kept_state after;
    backend_->in_batch(
        std::vector<std::string>(touched.begin(), touched.end()), [&](detail::prepaid_batch& b) {
          done.clear();
          chunk c(b, frame);
          // The accounts and cursors as the last batch left them, unless another
          // writer committed since (then, and on a retry, read from the store).
          if (b.unchanged_since_last()) c.take(std::move(kept));
          kept = {};
          for (std::size_t i = first; i < last; ++i) {
            const auto& s = steps[i];
            done.push_back(s.what == kind::recharge ? c.recharge_item(o.recharges[s.index])
                           : s.what == kind::tick   ? c.tick_item(o.plan, s.index, *through)
                                                    : c.reading_item(o.plan, readings[s.index]));
          }
          c.write_back();
          after = std::move(c).give();
        });
    kept = std::move(after);  // committed: the next batch may start from it
    for (auto& d : done) sink(std::move(d));
  }
}

std::vector<stored_outbox_row> prepaid_store::outbox(bool all) { return backend_->outbox(all); }

stored_outbox_row prepaid_store::ack(const std::string& id, const std::string& when) {
  const bool number =
      !id.empty() && id.size() < 19 &&
      std::all_of(id.begin(), id.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (auto r = backend_->ack(id, number, when)) return std::move(*r);
  throw error(errc::not_found, "no such outbox row", {{"id", id}});
}

std::vector<stored_cursor> prepaid_store::cursors() { return backend_->cursors(); }

}  // namespace submeter::store
