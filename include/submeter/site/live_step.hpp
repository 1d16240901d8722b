#pragma once
/// \file
/// site::ingest: the live prepaid step (issue 17; DESIGN.md "Live"): one reading in, the
/// deduction, alarms, relay decision and outbox rows out, as values.
///
/// `(plan, state, reading) -> outcome`: the reading is rated incrementally (live_rating.hpp),
/// the deduction posted to the meter's prepaid account under `reading/<meter>/<time>` with the
/// levels, balance alarms, trips, no-cut windows and notice of the ledger (ledger/
/// live_deduction.hpp), and the outbox rows returned. `state` changes all or nothing; the same
/// reading again changes nothing and gives no rows (re-running a stream posts nothing). For an
/// account on daily deduction (按日扣费, live_daily.hpp), a reading that crosses local-day
/// boundaries first deducts the fixed charges of each day it ends (`day/<account>/<date>`).
/// Statuses are values: a reading of a meter on a postpaid account (`not_prepaid`) or of a meter
/// the plan does not know (`unknown_meter`) is recorded as such and does not stop a run.
///
/// The plan is opened from a site by live_opening.hpp; the SQLite store runs this step in its
/// transaction (src/store/prepaid_store.hpp), under `submeter prepaid` and Python's
/// `submeter.ledger.Prepaid`. A meter that replaced another after the account was opened (换表,
/// LIFE-1) posts the replacement at its first reading (post_replacement); a price change is split
/// by a meter's interval data when its live_meter has them (live_rating.hpp). Not built yet: daily
/// accrual of charges on cycles longer than a month and of the basic charge by maximum demand
/// (they reach the balance with the month-end true-up).

#include <date/date.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/live_deduction.hpp"
#include "submeter/ledger/outbox.hpp"
#include "submeter/ledger/posting.hpp"
#include "submeter/ledger/state.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/site/live_daily.hpp"
#include "submeter/site/live_rating.hpp"

namespace submeter::site {

/// One prepaid meter of a live plan: how it is rated and the account it is deducted from.
struct live_plan_meter {
  /// How its readings are rated.
  live_meter rating;
  /// Index of the account in live_plan::accounts().
  std::size_t account = 0;
  /// What it measures (a water meter is rated by a water ladder).
  ledger::utility what = ledger::utility::electricity;
  /// The meter it replaced (换表, LIFE-1: site.json's `replaces`), on the same account; empty for
  /// none. Its first reading posts the replacement when the account still has the old meter.
  std::string replaces;
};

/// What the live step knows of a site: its prepaid accounts (ledger parameters: PP-1 levels,
/// balance alarms, CUT-3 notice and no-cut windows), how each prepaid meter is rated, and the
/// meters it knows that are not prepaid. Built by make(), so every reference resolves.
class live_plan {
 public:
  /// Refuses (submeter::error): an account that is not prepaid, or given twice
  /// (errc::invalid_argument, errc::duplicate); a rated meter that no account lists, that two
  /// accounts list, or whose utility differs from its account's (errc::inconsistent); a meter
  /// both rated and postpaid (errc::duplicate). Each names the account or meter.
  /// `daily`: the accounts on daily deduction (by account id) and the fixed charges they accrue
  /// by day (live_daily.hpp); refuses (errc::not_found) an id that is not one of `accounts`.
  /// `replaced`: new meter → the meter it replaced (LIFE-1); refuses (errc::inconsistent) a
  /// replacement whose meters are not both rated on one account, or of one utility.
  [[nodiscard]] static live_plan make(std::vector<ledger::account_params> accounts,
                                      std::vector<live_meter> meters,
                                      std::set<std::string> postpaid_meters = {},
                                      std::map<std::string, live_daily_charges> daily = {},
                                      const std::map<std::string, std::string>& replaced = {}) {
    live_plan p;
    p.daily_.resize(accounts.size());
    for (auto& [id, d] : daily) {
      std::optional<std::size_t> at;
      for (std::size_t i = 0; i < accounts.size(); ++i) {
        if (accounts[i].id == id) at = i;
      }
      if (!at) {
        throw error(errc::not_found, "daily fixed charges name an account the plan does not have",
                    {{"account", id}});
      }
      p.daily_[*at] = std::move(d);
    }
    for (std::size_t i = 0; i < accounts.size(); ++i) {
      if (accounts[i].mode != ledger::account_mode::prepaid) {
        throw error(errc::invalid_argument, "a live plan holds prepaid accounts only",
                    {{"account", accounts[i].id}});
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (accounts[j].id == accounts[i].id) {
          throw error(errc::duplicate, "an account is given twice", {{"account", accounts[i].id}});
        }
      }
    }
    for (auto& m : meters) {
      std::optional<std::size_t> owner;
      ledger::utility what = ledger::utility::electricity;
      for (std::size_t i = 0; i < accounts.size(); ++i) {
        for (const auto& ref : accounts[i].meters) {
          if (ref.id != m.id()) continue;
          if (owner) {
            throw error(errc::inconsistent, "a meter is on two accounts",
                        {{"meter", m.id()},
                         {"account", accounts[*owner].id},
                         {"other_account", accounts[i].id}});
          }
          owner = i;
          what = ref.what;
        }
      }
      if (!owner) {
        throw error(errc::inconsistent, "a rated meter is on no account", {{"meter", m.id()}});
      }
      if ((what == ledger::utility::water) != m.is_water()) {
        throw error(errc::inconsistent, "a water meter needs a water ladder and the reverse",
                    {{"meter", m.id()},
                     {"account", accounts[*owner].id},
                     {"utility", std::string(ledger::to_string(what))}});
      }
      if (postpaid_meters.count(m.id()) != 0) {
        throw error(errc::duplicate, "a meter is both prepaid and postpaid", {{"meter", m.id()}});
      }
      const std::string id = m.id();
      if (!p.meters_.emplace(id, live_plan_meter{std::move(m), *owner, what, {}}).second) {
        throw error(errc::duplicate, "a meter is rated twice", {{"meter", id}});
      }
    }
    for (const auto& [new_id, old_id] : replaced) {
      const auto n = p.meters_.find(new_id);
      const auto o = p.meters_.find(old_id);
      if (n == p.meters_.end() || o == p.meters_.end() || n->second.account != o->second.account ||
          n->second.what != o->second.what || new_id == old_id) {
        throw error(errc::inconsistent,
                    "a replacing meter and the meter it replaces must be rated on one account, "
                    "for one utility",
                    {{"meter", new_id}, {"replaces", old_id}});
      }
      n->second.replaces = old_id;
    }
    p.account_meters_.resize(accounts.size());
    for (const auto& [id, m] : p.meters_) p.account_meters_[m.account].push_back(id);
    p.accounts_ = std::move(accounts);
    p.postpaid_ = std::move(postpaid_meters);
    return p;
  }

  /// The prepaid accounts, in the order given.
  [[nodiscard]] const std::vector<ledger::account_params>& accounts() const noexcept {
    return accounts_;
  }
  /// The prepaid meter `id`, or nullptr.
  [[nodiscard]] const live_plan_meter* meter(const std::string& id) const noexcept {
    const auto it = meters_.find(id);
    return it == meters_.end() ? nullptr : &it->second;
  }
  /// True for a meter the site knows on a postpaid account.
  [[nodiscard]] bool is_postpaid(const std::string& id) const noexcept {
    return postpaid_.count(id) != 0;
  }
  /// The daily fixed charges of the plan's `account`-th account (按日扣费), or nullptr when it is
  /// not on daily deduction.
  [[nodiscard]] const live_daily_charges* daily(std::size_t account) const noexcept {
    return account < daily_.size() && daily_[account] ? &*daily_[account] : nullptr;
  }
  /// The rated meters of the plan's `account`-th account, by id (empty for an index it does not
  /// have).
  [[nodiscard]] const std::vector<std::string>& meters_of(std::size_t account) const noexcept {
    static const std::vector<std::string> none;
    return account < account_meters_.size() ? account_meters_[account] : none;
  }
  /// The index of account `id`, or nullopt.
  [[nodiscard]] std::optional<std::size_t> account_index(const std::string& id) const noexcept {
    for (std::size_t i = 0; i < accounts_.size(); ++i) {
      if (accounts_[i].id == id) return i;
    }
    return std::nullopt;
  }

 private:
  live_plan() = default;
  std::vector<ledger::account_params> accounts_;
  std::map<std::string, live_plan_meter> meters_;
  std::set<std::string> postpaid_;
  std::vector<std::optional<live_daily_charges>> daily_;
  std::vector<std::vector<std::string>> account_meters_;
};

/// The live state of a plan: its accounts (kept in memory: state and entries) and the rating
/// cursor of every meter read so far. A store keeps the same durably.
struct live_state {
  /// In the plan's order.
  std::vector<ledger::account> accounts;
  /// Meter id → cursor.
  std::map<std::string, live_cursor> cursors;
};

/// The opening state of `plan`: every account opened (ledger::account::open), no meter read.
[[nodiscard]] inline live_state open_state(const live_plan& plan) {
  live_state s;
  for (const auto& p : plan.accounts()) s.accounts.push_back(ledger::account::open(p));
  return s;
}

/// What the live step did with one reading.
enum class live_status : std::uint8_t {
  deducted,       ///< rated and the money due posted (a deduction entry)
  no_charge,      ///< rated, nothing due (no use, a sub-fen increase): the cursor moved
  opened,         ///< the meter's first reading: it starts the meter's cursor
  duplicate,      ///< already processed: nothing changes (re-running a stream)
  late,           ///< older than the last deducted reading: kept for the bill, not deducted
  backwards,      ///< a register went backwards: refused, notified, never a negative deduction
  inconsistent,   ///< not rateable as it stands (see the message)
  refused,        ///< the account refused the deduction (closed, …; see the message)
  not_prepaid,    ///< a meter on a postpaid account: recorded, not deducted
  unknown_meter,  ///< a meter the plan does not know: recorded, not deducted
};

/// The status's name as printed ("deducted", "not_prepaid", …).
[[nodiscard]] constexpr std::string_view to_string(live_status s) noexcept {
  switch (s) {
    case live_status::deducted:
      return "deducted";
    case live_status::no_charge:
      return "no_charge";
    case live_status::opened:
      return "opened";
    case live_status::duplicate:
      return "duplicate";
    case live_status::late:
      return "late";
    case live_status::backwards:
      return "backwards";
    case live_status::inconsistent:
      return "inconsistent";
    case live_status::refused:
      return "refused";
    case live_status::not_prepaid:
      return "not_prepaid";
    case live_status::unknown_meter:
      return "unknown_meter";
  }
  return "unknown";
}

/// A day's fixed charges deducted live (按日扣费, live_daily.hpp): the day, the event and what
/// posting it did.
struct live_day_deduction {
  date::year_month_day day;
  ledger::event deduction;
  ledger::live_posting posted;
};

/// Everything one reading did: its status, the account, the rating (when rated), the daily
/// fixed charges it accrued, the deduction event and what posting it did, and the outbox rows to
/// deliver.
struct live_outcome {
  /// What happened to the reading.
  live_status status = live_status::unknown_meter;
  /// The reading's meter.
  std::string meter;
  /// The account's id; empty for an unknown or postpaid meter.
  std::string account;
  /// A sentence naming the values for every status but deducted, no_charge, opened (an opened
  /// replacing meter's names the meter it replaced).
  std::string message;
  /// The rating (deducted, no_charge).
  std::optional<live_rating> rating;
  /// The deduction event and its postings (deducted, refused).
  std::optional<ledger::event> deduction;
  std::optional<ledger::live_posting> posted;
  /// LIFE-1: the replacement a replacing meter's first reading posted (opened, or refused when
  /// the account refused it), with its posting; its rows are in `rows`.
  std::optional<ledger::event> replacement;
  std::optional<ledger::live_posting> replacement_posted;
  /// The days whose fixed charges the reading accrued (DAY-1), oldest first, each posted before
  /// the reading's own deduction; a day deducted before (another meter of the account crossed
  /// its boundary) is not listed.
  std::vector<live_day_deduction> days;
  /// The outbox rows, in order (the days' first; empty for a duplicate).
  std::vector<ledger::outbox_row> rows;
};

/// What a tick of the clock did to one account (tick_with): the cut that fell due by its time,
/// executed, and the days of fixed charges it accrued (DAY-1), with their outbox rows.
struct live_tick {
  /// The account.
  std::string account;
  /// The tick's time.
  local_time time{};
  /// True when a cut due by `time` was executed (CUT-3: deferred out of a no-cut window, or past
  /// its notice).
  bool cut = false;
  /// The days accrued, oldest first; a day deducted before is not listed.
  std::vector<live_day_deduction> days;
  /// The outbox rows, in order (the cut's first).
  std::vector<ledger::outbox_row> rows;
};

namespace detail {

/// The time an event due at `t` is posted at on account `a`: `t`, or the account's last event's
/// time when that is later (a ledger's events never go back in time: a reading, a day's end or
/// a replacement older than an event already posted, e.g. a recharge, is posted at that event's
/// time). `Account` as for execute_due_cuts.
template <class Account>
[[nodiscard]] local_time post_time(const Account& a, local_time t) {
  const auto& last = a.state().last_time;
  return last && t < *last ? *last : t;
}

/// Executes a cut that fell due by `t` (a tick), with its rows; nothing when none is due.
/// `Account` is ledger::account or any account with params(), state() and post(event) (a store's
/// account inside its transaction).
template <class Account>
void execute_due_cuts(Account& a, local_time t, live_outcome& out) {
  const auto& s = a.state();
  if (!s.relay.pending_cut || s.closed || (s.last_time && t < *s.last_time)) return;
  const auto before = s.relay;
  auto p = a.post(ledger::tick(t));
  for (auto& r : ledger::outbox_of(a.params(), p, before, a.state())) out.rows.push_back(r);
}

/// ledger::post_live on any `Account` (see execute_due_cuts).
template <class Account>
[[nodiscard]] ledger::live_posting post_live(Account& a, const ledger::event& e) {
  return ledger::detail::post_live_with(
      a.params(), [&]() -> const ledger::account_state& { return a.state(); },
      [&](const ledger::event& x) { return a.post(x); }, e);
}

/// 换表 (LIFE-1) on the live path: the first reading of meter `m`, which replaced
/// `m.replaces` after its account was opened (the account has the old meter, not the new one),
/// posts ledger::replacement before the new meter's cursor opens: the old meter's final reading
/// is the last the live step knows of it (its cursor's, else the account's), so nothing it
/// deducted is deducted again and its undeducted use since is left to the month-end true-up; the
/// new meter's initial reading is this reading's total. Key `replacement/<old>/<new>`, at the
/// reading's time (or the account's last event's, when later). False (status refused, the
/// account's message) when the account refuses it: the cursor is not opened, so the next reading
/// of the meter tries again.
template <class Account>
[[nodiscard]] bool post_replacement(const live_plan_meter& m,
                                    const std::map<std::string, live_cursor>& cursors,
                                    Account& account, const metering::reading& r,
                                    live_outcome& out) {
  const auto* old_state = account.state().meter(m.replaces);
  const auto old_cursor = cursors.find(m.replaces);
  energy final_reading;
  if (old_cursor != cursors.end()) {
    final_reading = old_cursor->second.last.total;
  } else if (old_state != nullptr && old_state->last_reading) {
    final_reading = *old_state->last_reading;
  }
  auto e = ledger::replacement(post_time(account, r.time()),
                               "replacement/" + m.replaces + "/" + r.meter_id, m.replaces,
                               final_reading, r.meter_id, r.registers.total);
  auto p = post_live(account, e);
  out.rows = p.rows;
  const auto status = p.posted.status;
  out.replacement = std::move(e);
  out.replacement_posted = std::move(p);
  if (status == ledger::posting_status::ok || status == ledger::posting_status::duplicate) {
    out.message = "meter " + r.meter_id + " replaces " + m.replaces + " on account " + out.account +
                  " (LIFE-1)";
    return true;
  }
  out.status = live_status::refused;
  out.message = out.replacement_posted->posted.message;
  return false;
}

/// Deducts the fixed charges of every day ending in (from, to] from `a` (DAY-1..DAY-3), each
/// posted live at its day's end (or at the account's last event, when later), with its rows.
template <class Account>
void accrue_days(Account& a, const live_daily_charges& d, local_time from, local_time to,
                 live_outcome& out) {
  for (const auto& day : days_ended(d, from, to)) {
    const money amount = daily_charge(d, day);
    if (amount.sign() <= 0) continue;
    const local_time end{date::sys_days{day}.time_since_epoch() + date::days(1)};
    auto e = daily_deduction(a.params().id, d, day, amount, post_time(a, end));
    auto p = post_live(a, e);
    for (auto& row : p.rows) out.rows.push_back(std::move(row));
    if (p.posted.status == ledger::posting_status::duplicate) continue;
    out.days.push_back({day, std::move(e), std::move(p)});
  }
}

/// A tick of the clock at `t` for the plan's `index`-th account `a`, no reading (tick): executes
/// a cut that fell due by `t` and, on daily deduction, accrues the days that ended by `t` since
/// the least advanced of its meters' cursors (those of `cursors`), as a reading of that meter at
/// `t` would (DAY-1..DAY-3: a day deducted before, by a reading or an earlier tick, is a
/// duplicate and not listed). An account none of whose meters was read accrues no day (no day
/// before its first reading). `Account` as for execute_due_cuts.
template <class Account>
[[nodiscard]] live_tick tick_with(const live_plan& plan, std::size_t index,
                                  const std::map<std::string, live_cursor>& cursors, Account& a,
                                  local_time t) {
  live_tick out;
  out.account = a.params().id;
  out.time = t;
  live_outcome o;
  const auto before = a.state().relay.pending_cut;
  execute_due_cuts(a, t, o);
  out.cut = before && !a.state().relay.pending_cut;
  std::optional<local_time> from;
  for (const auto& m : plan.meters_of(index)) {
    const auto c = cursors.find(m);
    if (c != cursors.end() && (!from || c->second.last.time < *from)) from = c->second.last.time;
  }
  if (const auto* daily = plan.daily(index); daily != nullptr && from) {
    accrue_days(a, *daily, *from, t, o);
  }
  out.days = std::move(o.days);
  out.rows = std::move(o.rows);
  return out;
}

/// The live step (ingest) over any account: `account_at(i)` gives the plan's i-th account (an
/// `Account` as for execute_due_cuts), `cursors` the meters' cursors. What ingest does, for a
/// store that keeps accounts and cursors in its own transaction.
template <class AccountAt>
[[nodiscard]] live_outcome ingest_with(const live_plan& plan,
                                       std::map<std::string, live_cursor>& cursors,
                                       AccountAt&& account_at, const metering::reading& r) {
  live_outcome out;
  out.meter = r.meter_id;
  const live_plan_meter* m = plan.meter(r.meter_id);
  if (m == nullptr) {
    out.status =
        plan.is_postpaid(r.meter_id) ? live_status::not_prepaid : live_status::unknown_meter;
    out.message = "meter " + r.meter_id +
                  (out.status == live_status::not_prepaid ? " is on a postpaid account"
                                                          : " is not in the plan");
    return out;
  }
  auto& account = account_at(m->account);
  out.account = account.params().id;
  const auto cursor = cursors.find(r.meter_id);
  if (cursor == cursors.end()) {
    if (!m->replaces.empty() && account.state().meter(r.meter_id) == nullptr &&
        !post_replacement(*m, cursors, account, r, out)) {
      return out;
    }
    cursors.emplace(r.meter_id, open_cursor(r.registers));
    out.status = live_status::opened;
    return out;
  }
  live_rating rating = rate_live(m->rating, cursor->second, r.registers);
  switch (rating.status) {
    case live_rating_status::duplicate:
      out.status = live_status::duplicate;
      return out;
    case live_rating_status::late:
      out.status = live_status::late;
      out.message = std::move(rating.message);
      return out;
    case live_rating_status::inconsistent:
      out.status = live_status::inconsistent;
      out.message = std::move(rating.message);
      return out;
    case live_rating_status::backwards: {
      out.status = live_status::backwards;
      out.message = rating.message;
      ledger::outbox_row row;
      row.id = out.account + "/" + ledger::reading_key(r.meter_id, r.time()) + "/" +
               std::string(to_string(ledger::notice::reading_backwards));
      row.account = out.account;
      row.time = r.time();
      row.about = ledger::notice::reading_backwards;
      row.detail = std::move(rating.message);
      out.rows.push_back(std::move(row));
      return out;
    }
    case live_rating_status::rated:
      break;
  }
  if (const auto* d = plan.daily(m->account)) {
    accrue_days(account, *d, cursor->second.last.time, r.time(), out);
  }
  const local_time at = detail::post_time(account, r.time());
  if (rating.due.sign() <= 0) {
    execute_due_cuts(account, at, out);
    cursor->second = rating.next;
    out.status = live_status::no_charge;
    out.rating = std::move(rating);
    return out;
  }
  const ledger::covered_readings covers{r.meter_id, rating.from.time, rating.from.total,
                                        rating.to.time, rating.to.total};
  auto e = ledger::live_deduction(covers, m->what, rating.quantity, rating.due, at);
  auto p = detail::post_live(account, e);
  for (const auto& row : p.rows) out.rows.push_back(row);
  out.deduction = std::move(e);
  const auto status = p.posted.status;
  out.posted = std::move(p);
  if (status == ledger::posting_status::ok || status == ledger::posting_status::duplicate) {
    cursor->second = rating.next;
    out.status =
        status == ledger::posting_status::ok ? live_status::deducted : live_status::duplicate;
    out.rating = std::move(rating);
    return out;
  }
  out.status = live_status::refused;
  out.message = out.posted->posted.message;
  return out;
}

}  // namespace detail

/// The live step for one reading (see the file comment). Never throws for a reading: every
/// outcome is a status. Readings may come in any order; a stream is best given in time order
/// (an older reading than the meter's last is `late`).
[[nodiscard]] inline live_outcome ingest(const live_plan& plan, live_state& state,
                                         const metering::reading& r) {
  return detail::ingest_with(
      plan, state.cursors, [&](std::size_t i) -> ledger::account& { return state.accounts[i]; }, r);
}

/// A tick of the clock at `t` (no reading: a scheduler's, e.g. every midnight and every morning
/// at the end of the no-cut windows): for every account of `plan`, in order, the cut that fell
/// due by `t` executed and, on daily deduction, the days that ended by `t` accrued
/// (detail::tick_with). So a deferred cut is executed at its time and a silent meter's account
/// is charged its days without waiting for a reading. Ticking again at the same time (or
/// re-running a stream with its ticks) posts nothing new.
[[nodiscard]] inline std::vector<live_tick> tick(const live_plan& plan, live_state& state,
                                                 local_time t) {
  std::vector<live_tick> out;
  for (std::size_t i = 0; i < plan.accounts().size(); ++i) {
    out.push_back(detail::tick_with(plan, i, state.cursors, state.accounts[i], t));
  }
  return out;
}

/// A recharge (or any other ledger event: a remote command, 保电, a refund) posted live to
/// account `account_id`: a due cut first, then the event, with their outbox rows
/// (recharge_received, restore when it closes the relay, pending_cut_cancelled). Refuses
/// (errc::not_found) an account the plan does not have; a refused posting is a value in the
/// result.
[[nodiscard]] inline ledger::live_posting post_event(const live_plan& plan, live_state& state,
                                                     const std::string& account_id,
                                                     const ledger::event& e) {
  const auto i = plan.account_index(account_id);
  if (!i) throw error(errc::not_found, "no such prepaid account", {{"account", account_id}});
  return ledger::post_live(state.accounts[*i], e);
}

/// Σ the daily fixed charges (按日扣费) deducted from account `account_id` in `period`
/// ("YYYY-MM"): with the meters' deductions, what the month-end true-up subtracts (DAY-4).
/// Zero for an account the state does not have or that is not on daily deduction.
[[nodiscard]] inline money daily_deducted_in(const live_plan& plan, const live_state& state,
                                             const std::string& account_id,
                                             const std::string& period) {
  const auto i = plan.account_index(account_id);
  if (!i || *i >= state.accounts.size()) return money{};
  return daily_deducted_in(state.accounts[*i].entries(), account_id, period);
}

/// The month-end true-up of meter `meter_id` for `period` ("YYYY-MM"): the monthly bill's amount
/// for the meter (`billed`) minus Σ live deductions of the period. Positive: still to deduct;
/// negative: a credit. Zero when the last deducted reading of the period is the one the bill
/// ends on and no price version was published after the fact. Σ live deductions + true-up =
/// billed, to the fen, by construction.
[[nodiscard]] inline money true_up(const live_state& state, const std::string& meter_id,
                                   const std::string& period, money billed) {
  const auto it = state.cursors.find(meter_id);
  return billed - (it == state.cursors.end() ? money{} : it->second.deducted_in(period));
}

}  // namespace submeter::site
