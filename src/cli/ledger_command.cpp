// `submeter ledger …`: open accounts, recharge, refund, reverse, statements and closing, on the
// SQLite or PostgreSQL store (src/store, open_ledger_store). Every money value is an exact decimal
// string.
#include "cli/ledger_command.hpp"

#include <chrono>
#include <ctime>
#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "store/ledger_json.hpp"
#include "store/open_store.hpp"
#include "store/sqlite_store.hpp"
#include "submeter/bill/payment_bill.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time_text.hpp"
#include "submeter/ledger/closing.hpp"
#include "submeter/ledger/edge.hpp"
#include "submeter/ledger/keys.hpp"
#include "submeter/ledger/statement.hpp"
#include "submeter/meters/cjt188/valve.hpp"
#include "submeter/meters/dlt645/request.hpp"
#include "submeter/meters/hex.hpp"

namespace submeter::cli {
namespace {

using namespace submeter::ledger;  // NOLINT: this file is the ledger's command line

struct options {
  std::string db;
  std::string account;
  std::string time;
  std::vector<std::string> meters;
  bool postpaid = false;
  bool allow_gap = false;
  std::string alarm1 = "0", alarm2 = "0", overdraft_limit = "0", close_limit = "0";
  std::string hoarding_limit;
  std::vector<std::string> balance_alarms;
  std::string meter;
  std::int64_t counter = 0;
  std::string amount;
  std::string channel_name = "cash";
  std::string reference;
  std::string key;
  std::uint64_t entry = 0;
  std::string from, to;
  std::string format = "text";
  std::vector<std::string> finals;
  std::string price;
  std::vector<std::string> charges;
  std::string dlt645_address;
  std::string cjt188_address;
  std::int64_t max_ahead_hours = 24;
};

/// A local time given on the command line, named by its option when refused.
local_time time_of(const std::string& text, const char* option) {
  try {
    return parse_local_time(text);
  } catch (const error& e) {
    throw e.with("option", option);
  }
}

/// An amount given on the command line: at most 2 places (issue 16 #11).
money amount_of(const std::string& text, const char* option) { return parse_amount(text, option); }

/// The time an event is posted at: --time, at most --max-ahead hours after this machine's local
/// clock (issue 16 #4: a far-future time would hold the account there).
local_time event_time(const options& o) {
  return require_not_ahead(time_of(o.time, "--time"), local_now(),
                           std::chrono::hours{o.max_ahead_hours}, "--time");
}

std::pair<std::string, std::string> split_at(const std::string& text, char sep, const char* what) {
  const auto pos = text.rfind(sep);
  if (pos == std::string::npos || pos == 0 || pos + 1 == text.size()) {
    throw error(errc::parse, std::string("expected ") + what, {{"text", text}});
  }
  return {text.substr(0, pos), text.substr(pos + 1)};
}

std::string describe(const posting& p) {
  std::string text = std::string(to_string(p.status));
  if (p.committed) {
    text += ": entry " + std::to_string(p.committed->seq) + ", balance " +
            p.committed->balance_before.to_string(2) + " -> " +
            p.committed->balance_after.to_string(2);
  }
  for (const auto& n : p.notifications) {
    text += "\n  notice: " + n.code + (n.detail.empty() ? "" : " " + n.detail);
  }
  return text + "\n";
}

std::string state_line(const account_state& s) {
  return "balance " + s.balance.to_string(2) + ", available " + s.available().to_string(2) +
         ", arrears " + s.arrears().to_string(2) + ", level " + std::string(to_string(s.current)) +
         ", relay " + std::string(to_string(s.relay.position)) + " (" +
         std::string(to_string(s.relay.lock)) + ")" + (s.closed ? ", closed" : "") + "\n";
}

std::string post_one(const options& o, const event& e) {
  auto s = store::open_ledger_store(o.db);
  const auto r = s->post({{o.account, e}});
  return describe(r.postings.at(0)) + state_line(s->state(o.account));
}

std::string open_account(const options& o) {
  std::vector<meter_ref> meters;
  for (const auto& m : o.meters) {
    if (const auto colon = m.find(':'); colon != std::string::npos) {
      const auto u = parse_utility(m.substr(colon + 1));
      if (!u)
        throw error(errc::parse, "a meter is ID or ID:electricity or ID:water", {{"text", m}});
      meters.push_back({m.substr(0, colon), *u});
    } else {
      meters.push_back({m, utility::electricity});
    }
  }
  std::optional<money> hoarding;
  if (!o.hoarding_limit.empty()) hoarding = amount_of(o.hoarding_limit, "--hoarding-limit");
  std::vector<money> alarms;
  for (const auto& a : o.balance_alarms) alarms.push_back(amount_of(a, "--balance-alarm"));
  const auto params = account_params::make(
      o.account, o.postpaid ? account_mode::postpaid : account_mode::prepaid, std::move(meters),
      level_params::make(amount_of(o.alarm1, "--alarm1"), amount_of(o.alarm2, "--alarm2"),
                         amount_of(o.overdraft_limit, "--overdraft-limit"),
                         amount_of(o.close_limit, "--close-limit"), hoarding),
      std::move(alarms), o.allow_gap ? counter_policy::allow_gap : counter_policy::strict_next);
  auto s = store::open_ledger_store(o.db);
  s->create_account(params, opening_state(params));
  return "opened " + o.account + " (" + std::string(to_string(params.mode)) + ", " +
         std::to_string(params.meters.size()) + " meters)\n";
}

std::string statement_text(const statement& st) {
  const auto row = [](const std::string& label, money m) {
    std::string pad(label.size() < 28 ? 28 - label.size() : 0, ' ');
    return label + pad + bill::group_thousands(m.to_string(2)) + "\n";
  };
  std::string t = "Statement " + st.account_id + "  " + local_interval::format(st.from) + " .. " +
                  local_interval::format(st.to) + "\n";
  t += row("Opening balance", st.opening_balance);
  t += row("Recharges", st.recharges);
  t += row("Electricity (" + st.electricity_use.kwh.to_string(2) + " kWh)", st.electricity);
  t += row("Water (" + st.water_use.m3.to_string(2) + " m3)", st.water);
  t += row("Fees and bills", st.fees);
  t += row("Adjustments", st.adjustments);
  t += row("Reversals", st.reversals);
  t += row("Arrears settled", st.settlements);
  t += row("Refunds", st.refunds);
  t += row("Closing balance", st.closing_balance);
  t += row("Arrears at close of range", st.closing_arrears);
  t += std::to_string(st.entries.size()) + " entries\n";
  return t;
}

std::string statement_of(const options& o) {
  store::sqlite_options read_only;
  read_only.read_only = true;  // a statement writes nothing (issue 16 #18: a read-only ledger)
  auto s = store::is_postgres_uri(o.db) ? store::open_ledger_store(o.db)
                                         : store::open_sqlite_store(o.db, read_only);
  const auto opening = s->opening(o.account);
  const auto st = make_statement(o.account, s->entries(o.account), time_of(o.from, "--from"),
                                 time_of(o.to, "--to"), opening.balance, opening.arrears());
  return o.format == "json" ? store::to_json(st) + "\n" : statement_text(st);
}

std::string close_account(const options& o) {
  auto s = store::open_ledger_store(o.db);
  const auto params = s->params(o.account);
  const auto state = s->state(o.account);
  std::vector<final_reading> finals;
  for (const auto& f : o.finals) {
    const auto [meter, reading] = split_at(f, '=', "METER=READING");
    if (o.price.empty()) {
      throw error(errc::invalid_argument, "--price is needed with --final", {{"final", f}});
    }
    finals.push_back({meter, energy::parse(reading), energy_price::parse(o.price)});
  }
  std::vector<closing_line> lines;
  for (const auto& c : o.charges) {
    const auto [label, amount] = split_at(c, '=', "LABEL=AMOUNT");
    lines.push_back({label, amount_of(amount, "--charge")});
  }
  const auto t = event_time(o);
  const auto plan = plan_closing(params, state, t, "close/" + o.account, finals, lines);
  std::vector<store::posting_request> batch;
  for (const auto& e : plan.events) batch.push_back({o.account, e});
  (void)s->post(batch);
  std::string out = "closed " + o.account + "\n";
  for (std::size_t i = 0; i < finals.size(); ++i) {
    out += "final energy " + finals[i].meter_id + ": " + plan.final_kwh[i].to_string(2) +
           " kWh = " + plan.final_energy_amounts[i].to_string(2) + "\n";
  }
  out += "other charges " + plan.other_charges.to_string(2) + "\n";
  out += "arrears settled " + plan.arrears_settled.to_string(2) + "\n";
  out += "refund " + plan.refund.to_string(2) + "\n";
  out += "unpaid " + plan.unpaid.to_string(2) + "\n";
  out += state_line(s->state(o.account));
  const auto opening = s->opening(o.account);
  const auto entries = s->entries(o.account);
  const auto from = entries.empty() ? t : entries.front().what.time;
  out += statement_text(make_statement(o.account, entries, from, t + std::chrono::minutes(1),
                                       opening.balance, opening.arrears()));
  return out;
}

std::string hex_of(const std::vector<std::uint8_t>& bytes) {
  return meters::to_hex(meters::byte_span{bytes.data(), bytes.size()});
}

/// The relay action the account's state calls for (PP-4): open → 跳闸; 保电 → 保电; a relay the
/// user may close → 合闸允许; otherwise closed → 直接合闸.
meters::dlt645::relay_action relay_action_for(const account_state& s) {
  using meters::dlt645::relay_action;
  if (s.relay.position == relay_position::open) {
    return s.relay.lock == relay_lock::restorable ? relay_action::close_permitted
                                                  : relay_action::trip;
  }
  if (s.relay.is_protected) return relay_action::keep_power;
  return relay_action::close_now;
}

/// Posts a tick at --time (a due cut is executed and recorded), then prints the decision, its
/// reasons and, on request, the DL/T 645 relay-control or CJ/T 188 valve frame for it.
std::string decide_now(const options& o) {
  auto s = store::open_ledger_store(o.db);
  const auto now = event_time(o);
  std::string out;
  if (!s->state(o.account).closed)
    out += describe(s->post({{o.account, tick(now)}}).postings.at(0));
  const auto st = s->state(o.account);
  const auto d = decide(st.relay, st.current, s->params(o.account).cuts, now);
  out += state_line(st);
  for (const auto& reason : d.reasons) out += "reason: " + reason + "\n";
  const auto action = relay_action_for(st);
  out += "relay command: " +
         std::string(
             action == meters::dlt645::relay_action::trip              ? "trip (跳闸)"
             : action == meters::dlt645::relay_action::close_permitted ? "allow close (合闸允许)"
             : action == meters::dlt645::relay_action::keep_power      ? "keep power (保电)"
                                                                  : "close now (直接合闸)") +
         "\n";
  if (!o.dlt645_address.empty()) {
    const auto to = meters::dlt645::address::parse(o.dlt645_address);
    if (!to) {
      throw error(errc::parse, "not a DL/T 645 address (12 digits)", {{"text", o.dlt645_address}});
    }
    // Valid for one day from now; password level 02 and operator code zero (meter defaults).
    const auto until = date::floor<date::days>(now) + date::days(1);
    const date::year_month_day ymd{until};
    meters::clock_value valid{meters::clock_fields::date_time,
                              static_cast<int>(ymd.year()),
                              static_cast<int>(static_cast<unsigned>(ymd.month())),
                              static_cast<int>(static_cast<unsigned>(ymd.day())),
                              0,
                              0,
                              0,
                              -1};
    out += "dlt645 frame: " +
           hex_of(meters::dlt645::relay_control(*to, {0x02, 0x00, 0x00, 0x00}, {0, 0, 0, 0}, action,
                                                valid)) +
           "\n";
  }
  if (!o.cjt188_address.empty()) {
    const auto to = meters::cjt188::address::parse(o.cjt188_address);
    if (!to) {
      throw error(errc::parse, "not a CJ/T 188 address (14 hex digits)",
                  {{"text", o.cjt188_address}});
    }
    const auto valve = action == meters::dlt645::relay_action::trip
                           ? meters::cjt188::valve_command::close
                           : meters::cjt188::valve_command::open;
    out += "cjt188 frame: " +
           hex_of(meters::cjt188::valve_request(
               meters::cjt188::standard_2004,
               static_cast<std::uint8_t>(meters::cjt188::meter_type::cold_water), *to, 0, valve)) +
           "\n";
  }
  return out;
}

}  // namespace

void add_ledger_command(CLI::App& app, context& ctx) {
  auto o = std::make_shared<options>();
  auto* ledger =
      app.add_subcommand("ledger", "Prepaid and postpaid accounts kept in SQLite or PostgreSQL");
  ledger->require_subcommand(1);
  const auto common = [&](CLI::App* sub, bool with_time) {
    sub->add_option("--db", o->db, "The ledger: an SQLite file, or a postgresql:// URI")
        ->required();
    sub->add_option("--account", o->account, "Account id")->required();
    if (with_time) {
      sub->add_option("--time", o->time, "Local time, YYYY-MM-DDTHH:MM")->required();
      add_max_ahead_option(sub, o->max_ahead_hours);
    }
  };
  auto* open = ledger->add_subcommand("open", "Open an account");
  common(open, false);
  open->add_option("--meter", o->meters, "Meter id, or ID:water")->required();
  open->add_flag("--postpaid", o->postpaid, "Bills become receivables (default: prepaid)");
  open->add_flag("--allow-counter-gap", o->allow_gap, "Accept purchase counters that skip");
  open->add_option("--alarm1", o->alarm1, "报警金额1");
  open->add_option("--alarm2", o->alarm2, "报警金额2");
  open->add_option("--overdraft-limit", o->overdraft_limit, "透支金额门限");
  open->add_option("--close-limit", o->close_limit, "合闸允许金额");
  open->add_option("--hoarding-limit", o->hoarding_limit, "囤积金额");
  open->add_option("--balance-alarm", o->balance_alarms, "Balance alarm thresholds, decreasing");

  auto* recharge_cmd = ledger->add_subcommand("recharge", "Post a recharge (purchase counter)");
  common(recharge_cmd, true);
  recharge_cmd->add_option("--meter", o->meter, "Meter the counter belongs to")->required();
  recharge_cmd->add_option("--counter", o->counter, "Purchase counter 购电次数")->required();
  recharge_cmd->add_option("--amount", o->amount, "Yuan, e.g. 100.00")->required();
  recharge_cmd->add_option("--channel", o->channel_name, "How it was paid")
      ->check(CLI::IsMember({"cash", "wechat_pay", "alipay", "unionpay", "card", "third_party"}));
  recharge_cmd->add_option("--reference", o->reference, "Payment reference")->required();

  auto* refund_cmd = ledger->add_subcommand("refund", "Post a refund 退费");
  common(refund_cmd, true);
  refund_cmd->add_option("--amount", o->amount, "Yuan")->required();
  refund_cmd->add_option("--key", o->key, "Idempotency key")->required();
  refund_cmd->add_option("--reference", o->reference, "Note");

  auto* reverse_cmd = ledger->add_subcommand("reverse", "Reverse an entry 冲正");
  common(reverse_cmd, true);
  reverse_cmd->add_option("--entry", o->entry, "Sequence number of the entry")->required();
  reverse_cmd->add_option("--key", o->key, "Idempotency key")->required();
  reverse_cmd->add_option("--reference", o->reference, "Note");

  auto* statement_cmd = ledger->add_subcommand("statement", "Statement for a date range");
  common(statement_cmd, false);
  statement_cmd->add_option("--from", o->from, "Start, local time (inclusive)")->required();
  statement_cmd->add_option("--to", o->to, "End, local time (exclusive)")->required();
  statement_cmd->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));

  auto* close_cmd = ledger->add_subcommand("close", "Close an account 销户 (LIFE-2)");
  common(close_cmd, true);
  close_cmd->add_option("--final", o->finals, "METER=READING, the final reading");
  close_cmd->add_option("--price", o->price, "Energy price for the final readings, yuan/kWh");
  close_cmd->add_option("--charge", o->charges, "LABEL=AMOUNT charged to the close date");

  auto* decide_cmd =
      ledger->add_subcommand("decide", "Execute a due cut, print the relay decision and frame");
  common(decide_cmd, true);
  decide_cmd->add_option("--dlt645-address", o->dlt645_address,
                         "Also print the DL/T 645 relay-control frame for this meter address");
  decide_cmd->add_option("--cjt188-address", o->cjt188_address,
                         "Also print the CJ/T 188 valve frame for this water meter address");

  const auto run = [o, open, recharge_cmd, refund_cmd, reverse_cmd, statement_cmd, decide_cmd]() {
    if (*open) return open_account(*o);
    if (*recharge_cmd) {
      const auto how = parse_channel(o->channel_name);
      return post_one(
          *o, recharge(event_time(*o), o->meter, o->counter, amount_of(o->amount, "--amount"),
                       how.value_or(channel::cash), o->reference));
    }
    if (*refund_cmd) {
      return post_one(
          *o, refund(event_time(*o), o->key, amount_of(o->amount, "--amount"), o->reference));
    }
    if (*reverse_cmd) {
      // A reversal asked for before the account's last event is dated at it (reversal_time).
      const auto asked = event_time(*o);
      const auto at = reversal_time(store::open_ledger_store(o->db)->state(o->account), asked);
      return post_one(*o, reversal(at, o->key, o->entry, o->reference));
    }
    if (*statement_cmd) return statement_of(*o);
    if (*decide_cmd) return decide_now(*o);
    return close_account(*o);
  };
  ctx.add(*ledger, [run](std::ostream& out) { out << run(); });
}

local_time local_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  if (localtime_r(&t, &tm) == nullptr) throw std::runtime_error("cannot read the local clock");
  const date::year_month_day day{date::year{tm.tm_year + 1900},
                                 date::month{static_cast<unsigned>(tm.tm_mon + 1)},
                                 date::day{static_cast<unsigned>(tm.tm_mday)}};
  return local_time{date::local_days{day}} + std::chrono::hours{tm.tm_hour} +
         std::chrono::minutes{tm.tm_min} + std::chrono::seconds{tm.tm_sec};
}

void add_max_ahead_option(CLI::App* sub, std::int64_t& hours) {
  sub->add_option("--max-ahead", hours,
                  "Refuse a posting time more than this many hours after the local clock")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{24 * 366 * 10}))
      ->default_val(24);
}

std::string post_bills(const std::string& db, const std::string& period_label, local_time at,
                       const std::vector<site::tenant_bill>& bills, std::int64_t max_ahead_hours,
                       bool all_or_nothing) {
  // The bills are posted at the period's end: a month that has not ended is not posted.
  (void)require_not_ahead(at, local_now(), std::chrono::hours{max_ahead_hours}, "--period");
  auto s = store::open_ledger_store(db);
  std::vector<store::posting_request> batch;
  for (const auto& b : bills) {
    // PAY-5: the lines on payment bills and credit notes are not deducted; a payment bill is not
    // posted (`submeter pay` posts its payment), a credit note is a credit of its own.
    const money deducted = bill::deducted_part(b.total, b.documents);
    if (deducted.sign() > 0) {
      batch.push_back({b.tenant_id, fee(at, bill_key(b.tenant_id, period_label), deducted,
                                        "bill " + period_label + " " + b.tenant_id)});
    }
    for (const auto& d : b.documents) {
      if (d.kind == bill::document_kind::credit_note) {
        batch.push_back({b.tenant_id, adjustment(at, credit_note_key(b.tenant_id, period_label),
                                                 -d.total, "credit note " + d.number)});
      }
    }
  }
  // One batch first (one transaction, the fast path). When an account refuses its bill, the batch
  // is rolled back; then, unless --all-or-nothing, each bill is posted on its own so one bad
  // account does not block the others (issue 16 #4), and the refusal is reported on its line.
  std::vector<std::optional<ledger::posting>> postings(batch.size());
  std::vector<std::string> refusals(batch.size());
  std::size_t applied = 0, duplicates = 0, refused = 0;
  try {
    const auto r = s->post(batch);
    for (std::size_t i = 0; i < batch.size(); ++i) postings[i] = r.postings[i];
    applied = r.applied;
    duplicates = r.duplicates;
  } catch (const error&) {
    if (all_or_nothing) throw;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      try {
        const auto r = s->post({batch[i]});
        postings[i] = r.postings.at(0);
        applied += r.applied;
        duplicates += r.duplicates;
      } catch (const error& e) {
        refusals[i] = std::string(to_string(e.code())) + ": " + e.message();
        ++refused;
      }
    }
  }
  std::string out = "posted " + std::to_string(applied) + " bills for " + period_label + " (" +
                    std::to_string(duplicates) + " already posted";
  if (refused > 0) out += ", " + std::to_string(refused) + " refused";
  out += ")\n";
  for (std::size_t i = 0; i < batch.size(); ++i) {
    out += batch[i].account_id + ": ";
    if (batch[i].what.kind != event_kind::deduction) out += batch[i].what.reference + " ";
    out += batch[i].what.amount.to_string(2) + ", ";
    if (!postings[i]) {
      out += "refused (" + refusals[i] + ")\n";
      continue;
    }
    const auto& p = *postings[i];
    out += std::string(to_string(p.status));
    if (p.committed) out += ", balance " + p.committed->balance_after.to_string(2);
    for (const auto& n : p.notifications) out += ", notice " + n.code;
    out += "\n";
  }
  // PAY-5: the payment bills, which are not deducted: paid with `submeter pay`.
  for (const auto& b : bills) {
    for (const auto& d : b.documents) {
      if (d.kind != bill::document_kind::payment_bill) continue;
      out += b.tenant_id + ": payment bill " + d.number + " " + d.total.to_string(2) + ", due " +
             local_time_text(d.due).substr(0, 10) + ", not deducted\n";
    }
  }
  return out;
}

}  // namespace submeter::cli
