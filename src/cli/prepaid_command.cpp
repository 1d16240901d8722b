// `submeter prepaid run|status|outbox|ack`: live prepaid (issue 17) on the ledger, an SQLite file
// or a PostgreSQL database (store/prepaid_store.hpp, issue 20): each reading deducted as it
// comes, with its status, and the outbox of supply commands and notifications, delivered and
// acknowledged by id.
#include <date/date.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/bill_readings.hpp"
#include "cli/commands.hpp"
#include "cli/prepaid_db.hpp"
#include "cli/time_option.hpp"
#include "ingest/reading_files.hpp"
#include "io/command_frame.hpp"
#include "io/input_file.hpp"
#include "io/site_loader.hpp"
#include "render/json_writer.hpp"
#include "store/open_store.hpp"
#include "store/prepaid_store.hpp"
#include "submeter/core/error.hpp"
#include "submeter/site/live_daily.hpp"
#include "submeter/site/live_opening.hpp"

namespace submeter::cli {

void check_ledger_file(const std::string& db, bool must_exist) {
  if (store::is_postgres_uri(db)) return;
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::status(db, ec);
  if (!fs::exists(st)) {
    if (must_exist) throw error(errc::not_found, "no ledger store at that path", {{"file", db}});
    return;
  }
  if (!fs::is_regular_file(st)) {
    throw error(errc::invalid_argument, "the ledger store is not a regular file", {{"file", db}});
  }
  std::ifstream in(db, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  const auto got = in.gcount();
  if (got == 0 && fs::file_size(db, ec) == 0) return;  // an empty file: SQLite makes it a store
  if (got != 16 || std::string(head, 16) != std::string("SQLite format 3\0", 16)) {
    throw error(errc::unsupported, "the file is not a ledger store",
                {{"file", db}, {"expected", "a submeter ledger (SQLite) file, or a new file"}});
  }
}

namespace {

struct prepaid_options {
  std::string site;
  std::string db;
  std::string readings;
  std::string readings_db;
  std::string account;
  std::string id;
  std::string format = "text";
  /// Readings per transaction; 0: batch_for(the site's prepaid meters).
  std::size_t batch = 0;
  /// prepaid outbox: the site whose meters' addresses give their frames to the command rows
  /// stored without one (written before the store kept frames).
  std::string frames_site;
  /// prepaid run --through: the clock's tick ("YYYY-MM-DD" midnight or "YYYY-MM-DDTHH:MM").
  std::string through;
};

/// The readings of a readings.csv file (any order, any meter): one reading per meter and time.
/// Refuses what ingest::for_each_readings_csv_row refuses and two rows of one meter at one time
/// with other values (naming the file, meter and time). Rows are kept as readings as they are
/// read and merged after one sort (no map per reading: a month of 10,000 meters is 7.4 million).
/// Moves `v[order[i]]` to position i for every i (`order` a permutation of v's positions),
/// following the permutation's cycles: no second copy of `v`. `order` is left undefined.
template <class T>
void permute_in_place(std::vector<T>& v, std::vector<std::uint32_t>& order) {
  constexpr auto done = std::uint32_t(-1);
  for (std::size_t start = 0; start < v.size(); ++start) {
    if (order[start] == done || order[start] == start) continue;
    T held = std::move(v[start]);
    std::size_t at = start;
    while (order[at] != start) {
      const std::size_t from = order[at];
      v[at] = std::move(v[from]);
      order[at] = done;
      at = from;
    }
    v[at] = std::move(held);
    order[at] = done;
  }
}

std::vector<metering::reading> readings_of(const std::string& file) {
  std::vector<metering::reading> rows;
  {
    const auto text = io::read_file(file);
    // One reading a line: reserved once (a 10,000-meter month is 7.4 million readings).
    rows.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
    ingest::for_each_readings_csv_row(
        text, file,
        [&](std::string_view meter, local_time t, std::size_t /*line*/,
            const std::array<std::optional<energy>, metering::max_rate_registers + 1>& values) {
          metering::reading r;
          r.meter_id = std::string(meter);
          r.registers.time = t;
          r.registers.total = *values[0];  // the parser refuses a row without a total
          for (std::size_t k = 1; k < values.size(); ++k) r.registers.rates[k - 1] = values[k];
          rows.push_back(std::move(r));
        });
  }
  // In the order prepaid_store::run takes them (time, then meter, then the file's order), so
  // that it need not sort them again; sorted by position (4 bytes a row) and moved into place,
  // not stable-sorted (a buffer of half the rows).
  std::vector<std::uint32_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(), [&rows](std::uint32_t a, std::uint32_t b) {
    const auto& x = rows[a];
    const auto& y = rows[b];
    if (x.time() != y.time()) return x.time() < y.time();
    if (const int c = x.meter_id.compare(y.meter_id); c != 0) return c < 0;
    return a < b;
  });
  permute_in_place(rows, order);
  // Two rows of one meter at one time (now side by side): one reading when they agree register
  // by register.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto& r = rows[i];
    if (kept == 0 || rows[kept - 1].meter_id != r.meter_id || rows[kept - 1].time() != r.time()) {
      if (kept != i) rows[kept] = std::move(r);
      ++kept;
      continue;
    }
    auto& into = rows[kept - 1].registers;
    const auto conflict = [&](int n) {
      return error(errc::inconsistent, "two rows of one meter at one time with other values",
                   {{"file", file},
                    {"meter", r.meter_id},
                    {"time", local_interval::format(r.time())},
                    {"register", metering::register_name(n)}});
    };
    if (into.total != r.registers.total) throw conflict(0);
    for (std::size_t k = 0; k < into.rates.size(); ++k) {
      const auto& v = r.registers.rates[k];
      if (!v) continue;
      if (into.rates[k] && *into.rates[k] != *v) throw conflict(static_cast<int>(k) + 1);
      into.rates[k] = v;
    }
  }
  rows.resize(kept);
  return rows;
}

/// The transaction size `prepaid run` takes unless told (--batch): 10 readings per prepaid meter,
/// at least 1,000 and at most 100,000. A batch writes each touched account's state and each
/// meter's cursor once, so the cost of a reading is set by readings per meter per batch
/// (docs/performance.md "A month through prepaid run").
std::size_t batch_for(const site::live_opening& o) {
  std::size_t meters = 0;
  for (const auto& a : o.plan.accounts()) meters += a.meters.size();
  return std::clamp<std::size_t>(10 * meters, 1000, 100000);
}

std::string money_text(money m) { return m.to_string(2); }

std::string state_text(const ledger::account_state& s) {
  return "balance " + money_text(s.balance) + ", level " +
         std::string(ledger::to_string(s.current)) + ", relay " +
         std::string(ledger::to_string(s.relay.position));
}

std::string row_text(const ledger::outbox_row& r, const std::string& frame = "") {
  if (r.command) {
    return std::string(ledger::to_string(*r.command)) + " " + r.meter +
           (frame.empty() ? "" : " frame " + frame);
  }
  return std::string(ledger::to_string(r.about)) + (r.detail.empty() ? "" : " " + r.detail);
}

void row_json(render::json_writer& w, const ledger::outbox_row& r, const std::string& frame = "") {
  w.key("id").value(r.id).key("account").value(r.account).key("time").value(
      local_interval::format(r.time));
  if (r.command) {
    w.key("command").value(std::string(ledger::to_string(*r.command)));
    w.key("meter").value(r.meter);
    w.key("utility").value(std::string(ledger::to_string(r.what)));
    if (!frame.empty()) w.key("frame").value(frame);
  } else {
    w.key("notice").value(std::string(ledger::to_string(r.about)));
    w.key("detail").value(r.detail);
  }
}

void run_command(std::ostream& out, const prepaid_options& o) {
  // Everything is read and checked before the store is opened: bad input writes nothing.
  const auto site = io::load_site(o.site);
  const auto opening = site::live_opening_of(site);
  std::optional<local_time> through;
  if (!o.through.empty()) through = time_option(o.through, "--through");
  if (!o.readings.empty() && !o.readings_db.empty()) {
    throw error(errc::invalid_argument,
                "give the readings as --readings FILE or --readings-db STORE, not both",
                {{"readings", o.readings}, {"readings_db", o.readings_db}});
  }
  if (o.readings.empty() && o.readings_db.empty() && !through) {
    throw error(errc::invalid_argument,
                "give the readings as --readings FILE or --readings-db STORE, or a tick of the "
                "clock as --through TIME");
  }
  std::vector<metering::reading> readings;
  if (!o.readings.empty()) {
    readings = readings_of(o.readings);
  } else if (!o.readings_db.empty()) {
    readings = store_readings_of_site(o.site, o.readings_db);
  }
  const std::size_t batch = o.batch != 0 ? o.batch : batch_for(opening);
  check_ledger_file(o.db, false);
  store::prepaid_store s(o.db);
  const auto opened = s.open_accounts(opening);
  // site.json's terms changed since an account was opened: the account takes them now.
  const auto updated = s.update_terms(opening);
  // Items are written as each batch commits, not held (a 10,000-meter month is 7.4 million).
  std::map<std::string, std::size_t> counts;
  std::size_t items = 0;
  std::size_t rows = 0;
  std::size_t days = 0;
  const auto count = [&](const store::prepaid_item& i) {
    ++counts[i.status];
    ++items;
    rows += i.rows.size();
    for (const auto& d : i.days) {
      if (d.status == "deducted") ++days;
    }
  };
  // Each supply command row is stored with its wire frame, from the meter's address in site.json.
  const store::command_framer frame = [&site](const ledger::outbox_row& r) {
    return io::command_frame(site, r);
  };
  if (o.format == "json") {
    render::json_writer w(out);
    w.begin_object().key("accounts_opened").value(static_cast<std::int64_t>(opened));
    w.key("terms_updated").begin_array();
    for (const auto& id : updated) w.value(id);
    w.end_array();
    w.key("items").begin_array();
    const auto item_json = [&](store::prepaid_item&& i) {
      count(i);
      w.begin_object()
          .key("kind")
          .value(i.tick       ? "tick"
                 : i.recharge ? "recharge"
                              : "reading")
          .key("time")
          .value(local_interval::format(i.time))
          .key("meter")
          .value(i.meter)
          .key("account")
          .value(i.account)
          .key("status")
          .value(i.status);
      if (!i.message.empty()) w.key("message").value(i.message);
      if (i.amount) w.key("amount").value(money_text(*i.amount));
      if (!i.days.empty()) {
        // 按日扣费: the days' fixed charges, deducted before the reading's own deduction.
        w.key("days").begin_array();
        for (const auto& d : i.days) {
          w.begin_object()
              .key("day")
              .value(d.day)
              .key("status")
              .value(d.status)
              .key("amount")
              .value(money_text(d.amount));
          if (!d.message.empty()) w.key("message").value(d.message);
          w.end_object();
        }
        w.end_array();
      }
      if (i.after) {
        w.key("balance").value(money_text(i.after->balance));
        w.key("level").value(std::string(ledger::to_string(i.after->current)));
        w.key("relay").value(std::string(ledger::to_string(i.after->relay.position)));
      }
      w.key("outbox").begin_array();
      for (const auto& r : i.rows) {
        w.begin_object();
        row_json(w, r, r.frame);
        w.end_object();
      }
      w.end_array().end_object();
    };
    s.run(opening, std::move(readings), batch, item_json, frame, through);
    w.end_array().key("counts").begin_object();
    for (const auto& [k, n] : counts) w.key(k).value(static_cast<std::int64_t>(n));
    w.end_object().key("outbox_rows").value(static_cast<std::int64_t>(rows));
    if (days != 0) w.key("days_deducted").value(static_cast<std::int64_t>(days));
    w.end_object();
    w.finish();
    return;
  }
  if (opened != 0) out << "opened " << opened << " prepaid accounts from site.json\n";
  if (!updated.empty()) {
    out << "updated the terms of " << updated.size() << " prepaid account"
        << (updated.size() == 1 ? "" : "s") << " from site.json:";
    for (const auto& id : updated) out << ' ' << id;
    out << '\n';
  }
  const auto item_text = [&](store::prepaid_item&& i) {
    count(i);
    out << local_interval::format(i.time) << " ";
    if (i.tick) {
      out << "tick " << i.account << ":";  // the account's due cut and days; no status of its own
      if (i.after) out << " " << state_text(*i.after);
    } else {
      out << (i.recharge ? "recharge " : "reading ") << i.meter
          << (i.account.empty() ? "" : " " + i.account) << ": " << i.status;
    }
    if (i.amount) out << " " << money_text(*i.amount);
    if (i.after && !i.tick) out << ", " << state_text(*i.after);
    if (!i.message.empty()) out << " (" << i.message << ")";
    out << "\n";
    for (const auto& d : i.days) {
      out << "    fixed charges of " << d.day << ": " << d.status << " " << money_text(d.amount);
      if (!d.message.empty()) out << " (" << d.message << ")";
      out << "\n";
    }
    for (const auto& r : i.rows) {
      out << "    outbox " << r.id << ": " << row_text(r, r.frame) << "\n";
    }
  };
  s.run(opening, std::move(readings), batch, item_text, frame, through);
  out << "items " << items << ":";
  const char* sep = " ";
  for (const auto& [k, n] : counts) {
    out << sep << k << " " << n;
    sep = ", ";
  }
  out << "; outbox rows " << rows;
  if (days != 0) out << "; days of fixed charges deducted " << days;
  out << "\n";
}

/// The daily fixed charges (按日扣费) an account's entries hold in one month.
struct daily_fixed_month {
  money deducted;
  std::size_t days = 0;
  std::string last_day;
};

/// The account's daily fixed charges by month ("YYYY-MM"), from its entries' keys
/// (day/<account>/<YYYY-MM-DD>, site/live_daily.hpp).
std::map<std::string, daily_fixed_month> daily_fixed_by_month(
    const std::vector<ledger::entry>& entries, const std::string& account) {
  std::map<std::string, daily_fixed_month> out;
  for (const auto& e : entries) {
    if (e.what.kind != ledger::event_kind::deduction) continue;
    const auto day = site::day_of_key(e.what.key, account);
    if (!day) continue;
    auto& m = out[date::format("%Y-%m", *day)];
    m.deducted += e.what.amount;
    ++m.days;
    m.last_day = std::max(m.last_day, date::format("%F", *day));
  }
  return out;
}

void status_command(std::ostream& out, const prepaid_options& o) {
  check_ledger_file(o.db, true);
  store::prepaid_store s(o.db);
  auto ids = s.ledger().accounts();
  if (!o.account.empty()) {
    if (!std::binary_search(ids.begin(), ids.end(), o.account)) {
      throw error(errc::not_found, "no such account in the ledger store",
                  {{store::is_postgres_uri(o.db) ? "db" : "file", store::printable_place(o.db)},
                   {"account", o.account}});
    }
    ids = {o.account};
  }
  std::map<std::string, std::vector<store::stored_cursor>> by_account;
  for (auto& c : s.cursors()) by_account[c.account].push_back(std::move(c));
  std::unique_ptr<render::json_writer> w;
  if (o.format == "json") {
    w = std::make_unique<render::json_writer>(out);
    w->begin_object().key("accounts").begin_array();
  }
  for (const auto& id : ids) {
    const auto st = s.ledger().state(id);
    const auto& cursors = by_account[id];
    const auto fixed = daily_fixed_by_month(s.ledger().entries(id), id);
    if (w) {
      w->begin_object()
          .key("id")
          .value(id)
          .key("balance")
          .value(money_text(st.balance))
          .key("available")
          .value(money_text(st.available()))
          .key("level")
          .value(std::string(ledger::to_string(st.current)))
          .key("relay")
          .value(std::string(ledger::to_string(st.relay.position)))
          .key("pending_cut")
          .value(st.relay.pending_cut ? local_interval::format(*st.relay.pending_cut) : "");
      w->key("meters").begin_array();
      for (const auto& c : cursors) {
        w->begin_object()
            .key("meter")
            .value(c.meter)
            .key("last_time")
            .value(local_interval::format(c.cursor.last.time))
            .key("last_total")
            .value(c.cursor.last.total.to_string(2))
            .key("deducted")
            .begin_object();
        for (const auto& [p, m] : c.cursor.deducted) w->key(p).value(money_text(m));
        w->end_object().end_object();
      }
      w->end_array();
      if (!fixed.empty()) {
        w->key("daily_fixed_charges").begin_object();
        for (const auto& [p, f] : fixed) {
          w->key(p)
              .begin_object()
              .key("deducted")
              .value(money_text(f.deducted))
              .key("days")
              .value(static_cast<std::int64_t>(f.days))
              .key("last_day")
              .value(f.last_day)
              .end_object();
        }
        w->end_object();
      }
      w->end_object();
      continue;
    }
    out << id << ": " << state_text(st) << ", available " << money_text(st.available());
    if (st.relay.pending_cut) out << ", cut due " << local_interval::format(*st.relay.pending_cut);
    out << "\n";
    for (const auto& c : cursors) {
      out << "  " << c.meter << ": last deducted reading "
          << local_interval::format(c.cursor.last.time) << " " << c.cursor.last.total.to_string(2);
      for (const auto& [p, m] : c.cursor.deducted)
        out << ", deducted " << p << " " << money_text(m);
      out << "\n";
    }
    for (const auto& [p, f] : fixed) {
      out << "  daily fixed charges: deducted " << p << " " << money_text(f.deducted) << " ("
          << f.days << (f.days == 1 ? " day" : " days") << ", last " << f.last_day << ")\n";
    }
  }
  if (w) {
    w->end_array().end_object();
    w->finish();
  }
}

void outbox_command(std::ostream& out, const prepaid_options& o) {
  // The site is read first: a bad site is refused before the store is opened.
  std::optional<site::site> site;
  if (!o.frames_site.empty()) site = io::load_site(o.frames_site);
  // A row's stored frame; a command row stored without one (before the store kept frames)
  // gets it from the site's meter addresses, when --site is given.
  const auto frame = [&](const ledger::outbox_row& r) {
    if (!r.frame.empty() || !site) return r.frame;
    return io::command_frame(*site, r);
  };
  check_ledger_file(o.db, true);
  store::prepaid_store s(o.db);
  const auto rows = s.outbox();
  if (o.format == "json") {
    render::json_writer w(out);
    w.begin_array();
    for (const auto& r : rows) {
      w.begin_object().key("number").value(r.number);
      row_json(w, r.row, frame(r.row));
      w.end_object();
    }
    w.end_array();
    w.finish();
    return;
  }
  for (const auto& r : rows) {
    out << r.number << " " << r.row.id << " " << local_interval::format(r.row.time) << " "
        << r.row.account << ": " << row_text(r.row, frame(r.row)) << "\n";
  }
  out << rows.size() << " pending\n";
}

void ack_command(std::ostream& out, const prepaid_options& o) {
  check_ledger_file(o.db, true);
  store::prepaid_store s(o.db);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto when = local_interval::format(local_time{now.time_since_epoch()}) + "Z";
  const auto r = s.ack(o.id, when);
  out << "acknowledged " << r.number << " " << r.row.id << ": " << row_text(r.row) << "\n";
}

}  // namespace

void add_prepaid_command(CLI::App& app, context& ctx) {
  auto o = std::make_shared<prepaid_options>();
  auto* pp = app.add_subcommand("prepaid", "Live prepaid: deduct per reading, the outbox");
  pp->require_subcommand(1);
  auto* run = pp->add_subcommand("run", "Deduct a readings file's readings live, in time order");
  run->add_option("site-dir", o->site, "Directory holding site.json and readings.csv")->required();
  run->add_option("--db", o->db,
                  "The ledger: an SQLite file (created when new) or a postgresql:// URI")
      ->required();
  run->add_option("--readings", o->readings, "Readings in the readings.csv format, any order");
  run->add_option("--readings-db", o->readings_db,
                  "Or the actual reads of the site's meters in this readings store");
  run->add_option("--through", o->through,
                  "Then the clock ticks at this time (YYYY-MM-DD or YYYY-MM-DDTHH:MM): cuts due "
                  "by then executed, days of fixed charges ended by then deducted");
  run->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  run->add_option("--batch", o->batch,
                  "Readings per transaction (default: 10 per prepaid meter, 1000 to 100000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  ctx.add(*run, [o](std::ostream& out) { run_command(out, *o); });
  auto* status = pp->add_subcommand("status", "Balance, level, relay and meters' last readings");
  status->add_option("--db", o->db, "The ledger: an SQLite file or a postgresql:// URI")
      ->required();
  status->add_option("--account", o->account, "One account only");
  status->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  ctx.add(*status, [o](std::ostream& out) { status_command(out, *o); });
  auto* outbox = pp->add_subcommand("outbox", "The outbox rows not yet acknowledged");
  outbox->add_option("--db", o->db, "The ledger: an SQLite file or a postgresql:// URI")
      ->required();
  outbox->add_option("--site", o->frames_site,
                     "Site directory whose meters' addresses (comm) give their frames to command "
                     "rows stored without one");
  outbox->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  ctx.add(*outbox, [o](std::ostream& out) { outbox_command(out, *o); });
  auto* ack = pp->add_subcommand("ack", "Acknowledge an outbox row by id or number");
  ack->add_option("--db", o->db, "The ledger: an SQLite file or a postgresql:// URI")->required();
  ack->add_option("--id", o->id, "The row's id (T-1/6/0) or number")->required();
  ctx.add(*ack, [o](std::ostream& out) { ack_command(out, *o); });
}

}  // namespace submeter::cli
