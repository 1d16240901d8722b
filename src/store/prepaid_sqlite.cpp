#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/ledger_json.hpp"
#include "store/prepaid_store.hpp"
#include "store/sqlite_statement.hpp"
#include "submeter/core/error.hpp"
#include "submeter/ledger/history.hpp"
#include "submeter/ledger/post.hpp"
#include "submeter/site/live_step.hpp"

namespace submeter::store {
namespace {

using nlohmann::json;
using sqlite::reset_on_exit;
using sqlite::statement;
using sqlite::transaction;

json reading_json(const metering::register_reading& r) {
  json rates = json::array();
  for (const auto& v : r.rates) rates.push_back(v ? json(v->to_string(4)) : json());
  return {
      {"time", local_interval::format(r.time)}, {"total", r.total.to_string(4)}, {"rates", rates}};
}

const json& field(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) {
    throw error(errc::parse, "a stored live cursor lacks a field", {{"field", key}});
  }
  return j.at(key);
}

std::string text_of(const json& j, const char* key) {
  const auto& v = field(j, key);
  if (!v.is_string()) throw error(errc::parse, "a stored field is not text", {{"field", key}});
  return v.get<std::string>();
}

metering::register_reading reading_from(const json& j) {
  metering::register_reading r;
  r.time = parse_local_time(text_of(j, "time"));
  r.total = energy::parse(text_of(j, "total"));
  const auto& rates = field(j, "rates");
  if (!rates.is_array() || rates.size() != r.rates.size()) {
    throw error(errc::parse, "a stored reading has the wrong number of rate registers");
  }
  for (std::size_t i = 0; i < r.rates.size(); ++i) {
    if (rates[i].is_string()) r.rates[i] = energy::parse(rates[i].get<std::string>());
  }
  return r;
}

/// A reading's registers as one text, to recognise the same reading given again.
std::string registers_text(const metering::register_reading& r) {
  std::string t = r.total.to_string(4);
  for (const auto& v : r.rates) t += ";" + (v ? v->to_string(4) : std::string());
  return t;
}

}  // namespace

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
  c.anchor = reading_from(field(j, "anchor"));
  c.last = reading_from(field(j, "last"));
  for (const auto& r : field(j, "at_changes")) c.at_changes.push_back(reading_from(r));
  const auto& counter = field(j, "counter");
  c.counter_at_anchor.pooled = energy::parse(text_of(counter, "pooled"));
  const auto& per = field(counter, "per_register");
  if (!per.is_array() || per.size() != c.counter_at_anchor.per_register.size()) {
    throw error(errc::parse, "a stored tier counter has the wrong number of registers");
  }
  for (std::size_t i = 0; i < per.size(); ++i) {
    c.counter_at_anchor.per_register[i] = energy::parse(per[i].get<std::string>());
  }
  for (const auto& [p, m] : field(j, "deducted").items()) {
    c.deducted[p] = money::parse(m.get<std::string>());
  }
  return c;
}

class prepaid_store::impl {
 public:
  impl(const std::string& path, const sqlite_options& options) : options_(options) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      const std::string text = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw std::runtime_error("sqlite: cannot open " + path + ": " + text);
    }
    sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
    try {
      sqlite::exec(db_, options.synchronous_full ? "PRAGMA synchronous=FULL;"
                                                 : "PRAGMA synchronous=NORMAL;");
      by_key_ = std::make_unique<statement>(
          db_, "SELECT body FROM entries WHERE account = ?1 AND key = ?2");
      by_seq_ = std::make_unique<statement>(
          db_, "SELECT body FROM entries WHERE account = ?1 AND seq = ?2");
      reversal_ = std::make_unique<statement>(
          db_, "SELECT seq FROM entries WHERE account = ?1 AND reverses = ?2");
      insert_entry_ = std::make_unique<statement>(
          db_,
          "INSERT INTO entries (account, seq, kind, key, time, reverses, balance_after, body) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
      load_account_ =
          std::make_unique<statement>(db_, "SELECT params, state FROM accounts WHERE id = ?1");
      update_account_ = std::make_unique<statement>(
          db_, "UPDATE accounts SET state = ?2, last_seq = ?3 WHERE id = ?1");
      seen_ = std::make_unique<statement>(
          db_, "SELECT registers FROM live_readings WHERE meter = ?1 AND time = ?2");
      record_ = std::make_unique<statement>(
          db_,
          "INSERT INTO live_readings (meter, time, registers, status, account, message) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
      load_cursor_ =
          std::make_unique<statement>(db_, "SELECT body FROM live_cursors WHERE meter = ?1");
      save_cursor_ = std::make_unique<statement>(
          db_,
          "INSERT INTO live_cursors (meter, account, last_time, body) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT(meter) DO UPDATE SET account = ?2, last_time = ?3, body = ?4");
      insert_row_ = std::make_unique<statement>(
          db_,
          "INSERT INTO outbox (id, account, time, command, meter, utility, notice, detail) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    } catch (...) {
      close_all();
      throw;
    }
  }
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
  ~impl() { close_all(); }

  template <class F>
  void with_retries(F&& f) {
    for (int attempt = 0;; ++attempt) {
      try {
        f();
        return;
      } catch (const sqlite::busy&) {
        if (attempt >= options_.busy_retries) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(1 + attempt * 5));
      }
    }
  }

  /// An account inside the current transaction: posts through ledger::post against the entries
  /// table and inserts each committed entry at once (so the history sees it).
  class stored_account {
   public:
    stored_account(impl& s, ledger::account_params params, ledger::account_state state)
        : s_(s), params_(std::move(params)), state_(std::move(state)) {}
    [[nodiscard]] const ledger::account_params& params() const noexcept { return params_; }
    [[nodiscard]] const ledger::account_state& state() const noexcept { return state_; }
    ledger::posting post(const ledger::event& e) {
      const table_history h(s_, params_.id);
      ledger::posting p = ledger::post(params_, state_, h, e);
      if (p.status == ledger::posting_status::ok && p.committed)
        s_.insert_entry(params_.id, *p.committed);
      if (ledger::accepted(p.status)) dirty = true;
      return p;
    }
    bool dirty = false;

   private:
    impl& s_;
    ledger::account_params params_;
    ledger::account_state state_;
  };

  class table_history final : public ledger::history {
   public:
    table_history(impl& s, std::string account) : s_(s), account_(std::move(account)) {}
    std::optional<ledger::entry> by_key(const std::string& key) const override {
      reset_on_exit r{*s_.by_key_};
      s_.by_key_->bind(1, account_).bind(2, key);
      if (!s_.by_key_->step()) return std::nullopt;
      return entry_from_json(s_.by_key_->text(0));
    }
    std::optional<ledger::entry> by_seq(std::uint64_t seq) const override {
      reset_on_exit r{*s_.by_seq_};
      s_.by_seq_->bind(1, account_).bind(2, static_cast<std::int64_t>(seq));
      if (!s_.by_seq_->step()) return std::nullopt;
      return entry_from_json(s_.by_seq_->text(0));
    }
    std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const override {
      reset_on_exit r{*s_.reversal_};
      s_.reversal_->bind(1, account_).bind(2, static_cast<std::int64_t>(seq));
      if (!s_.reversal_->step()) return std::nullopt;
      return static_cast<std::uint64_t>(s_.reversal_->integer(0));
    }

   private:
    impl& s_;
    std::string account_;
  };

  void insert_entry(const std::string& account, const ledger::entry& en) {
    // The columns sqlite_store.cpp writes, so the ledger store reads these entries as its own.
    reset_on_exit r{*insert_entry_};
    insert_entry_->bind(1, account)
        .bind(2, static_cast<std::int64_t>(en.seq))
        .bind(3, std::string(ledger::to_string(en.what.kind)));
    if (en.what.key.empty()) {
      insert_entry_->bind_null(4);
    } else {
      insert_entry_->bind(4, en.what.key);
    }
    insert_entry_->bind(5, local_interval::format(en.what.time));
    if (en.what.kind == ledger::event_kind::reversal) {
      insert_entry_->bind(6, static_cast<std::int64_t>(en.what.target));
    } else {
      insert_entry_->bind_null(6);
    }
    insert_entry_->bind(7, en.balance_after.to_string(2)).bind(8, to_json(en));
    insert_entry_->step();
  }

  /// One transaction: the items [first, last) of the run.
  struct chunk {
    std::map<std::string, stored_account> accounts;
    std::map<std::string, site::live_cursor> cursors;
    std::set<std::string> loaded_cursors;
  };

  stored_account& account(chunk& c, const std::string& id) {
    auto it = c.accounts.find(id);
    if (it != c.accounts.end()) return it->second;
    reset_on_exit r{*load_account_};
    load_account_->bind(1, id);
    if (!load_account_->step()) {
      throw error(errc::not_found, "a prepaid account is not in the store", {{"account", id}});
    }
    return c.accounts
        .emplace(id, stored_account(*this, params_from_json(load_account_->text(0)),
                                    state_from_json(load_account_->text(1))))
        .first->second;
  }

  void load_cursor(chunk& c, const std::string& meter) {
    if (!c.loaded_cursors.insert(meter).second) return;
    reset_on_exit r{*load_cursor_};
    load_cursor_->bind(1, meter);
    if (load_cursor_->step()) c.cursors.emplace(meter, cursor_from_json(load_cursor_->text(0)));
  }

  void insert_rows(const std::vector<ledger::outbox_row>& rows) {
    for (const auto& row : rows) {
      reset_on_exit r{*insert_row_};
      insert_row_->bind(1, row.id).bind(2, row.account).bind(3, local_interval::format(row.time));
      if (row.command) {
        insert_row_->bind(4, std::string(ledger::to_string(*row.command)))
            .bind(5, row.meter)
            .bind_null(7);
      } else {
        insert_row_->bind_null(4).bind_null(5).bind(7, std::string(ledger::to_string(row.about)));
      }
      insert_row_->bind(6, std::string(ledger::to_string(row.what))).bind(8, row.detail);
      insert_row_->step();
    }
  }

  prepaid_item reading_item(const site::live_plan& plan, chunk& c, const metering::reading& r) {
    prepaid_item item;
    item.meter = r.meter_id;
    item.time = r.time();
    const auto* m = plan.meter(r.meter_id);
    const auto regs = registers_text(r.registers);
    {
      reset_on_exit q{*seen_};
      seen_->bind(1, r.meter_id).bind(2, local_interval::format(r.time()));
      if (seen_->step()) {
        // Given before: nothing changes, whatever the live step would say now.
        const bool same = seen_->text(0) == regs;
        item.status = same ? "duplicate" : "inconsistent";
        if (!same) {
          item.message = "meter " + r.meter_id + " already has a reading at " +
                         local_interval::format(r.time()) + " with other values";
        }
        if (m != nullptr) {
          item.account = plan.accounts()[m->account].id;
          item.after = account(c, item.account).state();
        }
        return item;
      }
    }
    if (m != nullptr) load_cursor(c, r.meter_id);
    const auto account_at = [&](std::size_t i) -> stored_account& {
      return account(c, plan.accounts()[i].id);
    };
    auto out = site::detail::ingest_with(plan, c.cursors, account_at, r);
    item.account = out.account;
    item.status = std::string(site::to_string(out.status));
    item.message = out.message;
    if (out.status == site::live_status::deducted && out.deduction) {
      item.amount = out.deduction->amount;
    }
    if (!out.account.empty()) item.after = account(c, out.account).state();
    if (out.status == site::live_status::opened || out.status == site::live_status::deducted ||
        out.status == site::live_status::no_charge) {
      const auto& cur = c.cursors.at(r.meter_id);
      reset_on_exit w{*save_cursor_};
      save_cursor_->bind(1, r.meter_id)
          .bind(2, out.account)
          .bind(3, local_interval::format(cur.last.time))
          .bind(4, cursor_to_json(cur));
      save_cursor_->step();
    }
    {
      reset_on_exit w{*record_};
      record_->bind(1, r.meter_id)
          .bind(2, local_interval::format(r.time()))
          .bind(3, regs)
          .bind(4, item.status);
      if (out.account.empty()) {
        record_->bind_null(5);
      } else {
        record_->bind(5, out.account);
      }
      if (out.message.empty()) {
        record_->bind_null(6);
      } else {
        record_->bind(6, out.message);
      }
      record_->step();
    }
    insert_rows(out.rows);
    item.rows = std::move(out.rows);
    return item;
  }

  prepaid_item recharge_item(chunk& c, const site::live_recharge& rc) {
    prepaid_item item;
    item.recharge = true;
    item.meter = rc.what.meter_id;
    item.time = rc.what.time;
    item.account = rc.account;
    auto& a = account(c, rc.account);
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

  void write_accounts(chunk& c) {
    for (auto& [id, a] : c.accounts) {
      if (!a.dirty) continue;
      reset_on_exit r{*update_account_};
      update_account_->bind(1, id)
          .bind(2, to_json(a.state()))
          .bind(3, static_cast<std::int64_t>(a.state().last_seq));
      update_account_->step();
    }
  }

  sqlite3* db() noexcept { return db_; }

 private:
  void close_all() noexcept {
    by_key_.reset();
    by_seq_.reset();
    reversal_.reset();
    insert_entry_.reset();
    load_account_.reset();
    update_account_.reset();
    seen_.reset();
    record_.reset();
    load_cursor_.reset();
    save_cursor_.reset();
    insert_row_.reset();
    sqlite3_close(db_);
    db_ = nullptr;
  }

  sqlite3* db_ = nullptr;
  sqlite_options options_;
  std::unique_ptr<statement> by_key_, by_seq_, reversal_, insert_entry_, load_account_,
      update_account_, seen_, record_, load_cursor_, save_cursor_, insert_row_;
};

prepaid_store::prepaid_store(const std::string& path, const sqlite_options& options)
    : ledger_(open_sqlite_store(path, options)), impl_(std::make_unique<impl>(path, options)) {}

prepaid_store::~prepaid_store() = default;

std::size_t prepaid_store::open_accounts(const site::live_opening& o) {
  const auto have = ledger_->accounts();
  std::size_t opened = 0;
  for (std::size_t i = 0; i < o.plan.accounts().size(); ++i) {
    const auto& p = o.plan.accounts()[i];
    if (std::binary_search(have.begin(), have.end(), p.id)) continue;
    try {
      ledger_->create_account(p, o.openings[i]);
      ++opened;
    } catch (const error& e) {
      if (e.code() != errc::duplicate) throw;  // another process opened it meanwhile
    }
  }
  return opened;
}

std::vector<prepaid_item> prepaid_store::run(const site::live_opening& o,
                                             std::vector<metering::reading> readings,
                                             std::size_t batch) {
  std::stable_sort(readings.begin(), readings.end(),
                   [](const metering::reading& a, const metering::reading& b) {
                     if (a.time() != b.time()) return a.time() < b.time();
                     return a.meter_id < b.meter_id;
                   });
  // Readings first at an instant, then the recharges due by it; none after the last reading.
  struct step {
    bool recharge;
    std::size_t index;
  };
  std::vector<step> steps;
  std::size_t next_recharge = 0;
  const auto recharges_up_to = [&](std::optional<local_time> t) {
    while (next_recharge < o.recharges.size() &&
           (!t || o.recharges[next_recharge].what.time < *t)) {
      steps.push_back({true, next_recharge++});
    }
  };
  for (std::size_t i = 0; i < readings.size(); ++i) {
    recharges_up_to(readings[i].time());
    steps.push_back({false, i});
  }
  if (!readings.empty()) {
    const auto end = readings.back().time();
    while (next_recharge < o.recharges.size() && !(end < o.recharges[next_recharge].what.time)) {
      steps.push_back({true, next_recharge++});
    }
  }
  std::vector<prepaid_item> items;
  items.reserve(steps.size());
  if (batch == 0) batch = 1;
  for (std::size_t first = 0; first < steps.size(); first += batch) {
    const std::size_t last = std::min(steps.size(), first + batch);
    std::vector<prepaid_item> done;
    impl_->with_retries([&] {
      done.clear();
      impl::chunk c;
      transaction tx(impl_->db());
      for (std::size_t i = first; i < last; ++i) {
        const auto& s = steps[i];
        done.push_back(s.recharge ? impl_->recharge_item(c, o.recharges[s.index])
                                  : impl_->reading_item(o.plan, c, readings[s.index]));
      }
      impl_->write_accounts(c);
      tx.commit();
    });
    for (auto& d : done) items.push_back(std::move(d));
  }
  return items;
}

std::vector<stored_outbox_row> prepaid_store::outbox(bool all) {
  statement q(impl_->db(),
              all ? "SELECT number, id, account, time, command, meter, utility, notice, detail, "
                    "acked FROM outbox ORDER BY number"
                  : "SELECT number, id, account, time, command, meter, utility, notice, detail, "
                    "acked FROM outbox WHERE acked IS NULL ORDER BY number");
  std::vector<stored_outbox_row> out;
  while (q.step()) {
    stored_outbox_row s;
    s.number = q.integer(0);
    s.row.id = q.text(1);
    s.row.account = q.text(2);
    s.row.time = parse_local_time(q.text(3));
    if (!q.is_null(4)) {
      s.row.command =
          q.text(4) == "cut" ? ledger::supply_command::cut : ledger::supply_command::restore;
      s.row.meter = q.text(5);
    } else if (const auto n = ledger::parse_notice(q.text(7))) {
      s.row.about = *n;
    }
    s.row.what = ledger::parse_utility(q.text(6)).value_or(ledger::utility::electricity);
    s.row.detail = q.text(8);
    if (!q.is_null(9)) s.acked = q.text(9);
    out.push_back(std::move(s));
  }
  return out;
}

stored_outbox_row prepaid_store::ack(const std::string& id, const std::string& when) {
  const bool number =
      !id.empty() && id.size() < 19 &&
      std::all_of(id.begin(), id.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  impl_->with_retries([&] {
    transaction tx(impl_->db());
    statement u(impl_->db(),
                number ? "UPDATE outbox SET acked = ?2 WHERE number = ?1 AND acked IS NULL"
                       : "UPDATE outbox SET acked = ?2 WHERE id = ?1 AND acked IS NULL");
    if (number) {
      u.bind(1, static_cast<std::int64_t>(std::stoll(id)));
    } else {
      u.bind(1, id);
    }
    u.bind(2, when);
    u.step();
    tx.commit();
  });
  for (auto& r : outbox(true)) {
    if (number ? std::to_string(r.number) == id : r.row.id == id) return r;
  }
  throw error(errc::not_found, "no such outbox row", {{"id", id}});
}

std::vector<stored_cursor> prepaid_store::cursors() {
  statement q(impl_->db(), "SELECT meter, account, body FROM live_cursors ORDER BY meter");
  std::vector<stored_cursor> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), cursor_from_json(q.text(2))});
  return out;
}

}  // namespace submeter::store
