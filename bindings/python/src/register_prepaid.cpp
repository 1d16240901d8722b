// submeter.ledger.Prepaid: live prepaid (issue 17) in memory: a site's prepaid tenants as a live
// plan (site::live_opening_of), readings ingested one by one by the pure live step (site::ingest)
// with their statuses, postings and outbox rows, each supply command with its wire frame
// (io::command_frame, from the meters' addresses in the site). A batch runs without the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <date/date.h>

#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "io/command_frame.hpp"
#include "submeter/core/error.hpp"
#include "submeter/site/live_opening.hpp"
#include "submeter/site/live_step.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

/// The live plan and state of a site, with the ids of its accounts, and the site (whose meters'
/// addresses give the command rows their frames).
struct py_prepaid {
  site::site whole_site;
  site::live_opening opening;
  site::live_state state;
  /// Held while the state changes without the GIL (taken inside the released scope, so a
  /// thread waiting for it never holds the GIL the other needs back).
  std::mutex busy;

  explicit py_prepaid(const site::site& s)
      : whole_site(s), opening(site::live_opening_of(s)), state(site::open_state(opening)) {}

  /// Gives the command rows their wire frames ("" for a meter without an address).
  void frame(std::vector<ledger::outbox_row>& rows) const {
    for (auto& r : rows) {
      if (r.command) r.frame = io::command_frame(whole_site, r);
    }
  }

  const ledger::account& account(const std::string& id) const {
    const auto i = opening.plan.account_index(id);
    if (!i) throw error(errc::not_found, "no such prepaid account", {{"account", id}});
    return state.accounts[*i];
  }
};

/// (meter, time, total) or (meter, time, total, [t1, …]): TypeError for another shape,
/// submeter.Error for a bad time or value.
metering::reading reading_of(py::handle item) {
  const auto seq = sequence_of(item, "readings");
  if (seq.size() != 3 && seq.size() != 4) {
    throw py::type_error("a reading is (meter, time, total) or (meter, time, total, [t1, ...])");
  }
  metering::reading r;
  r.meter_id = text_of(seq[0], "meter");
  r.registers.time = parse_local_time(text_of(seq[1], "time"));
  r.registers.total = to_decimal<energy>(seq[2], "total");
  if (seq.size() == 4) {
    const auto rates = sequence_of(seq[3], "rates");
    if (rates.size() > r.registers.rates.size()) {
      throw error(errc::invalid_argument, "a reading has at most 8 rate registers",
                  {{"meter", r.meter_id}, {"rates", std::to_string(rates.size())}});
    }
    for (std::size_t i = 0; i < rates.size(); ++i) {
      if (!rates[i].is_none()) r.registers.rates[i] = to_decimal<energy>(rates[i], "rates");
    }
  }
  return r;
}

/// The days of fixed charges a reading or a tick accrued: {day, key, amount, status, message}.
py::list days_list(const std::vector<site::live_day_deduction>& days) {
  py::list out;
  for (const auto& day : days) {
    py::dict x;
    x["day"] = date::format("%F", day.day);
    x["key"] = day.deduction.key;
    x["amount"] = to_py(day.deduction.amount);
    x["status"] = day.posted.posted.status == ledger::posting_status::ok
                      ? std::string("deducted")
                      : std::string(ledger::to_string(day.posted.posted.status));
    x["message"] = text_to_py(day.posted.posted.message);
    out.append(x);
  }
  return out;
}

py::dict row_dict(const ledger::outbox_row& r) {
  py::dict d;
  d["id"] = r.id;
  d["account"] = r.account;
  d["time"] = when_text(r.time);
  if (r.command) {
    d["command"] = std::string(ledger::to_string(*r.command));
    d["meter"] = r.meter;
    d["utility"] = std::string(ledger::to_string(r.what));
    d["frame"] = r.frame;
  } else {
    d["notice"] = std::string(ledger::to_string(r.about));
    d["detail"] = text_to_py(r.detail);
  }
  return d;
}

py::dict posting_dict(const ledger::posting& p) {
  py::dict d;
  d["status"] = std::string(ledger::to_string(p.status));
  d["message"] = text_to_py(p.message);
  if (p.committed) {
    d["entry"] = p.committed->seq;
    d["key"] = p.committed->what.key;
    d["amount"] = to_py(p.committed->what.amount);
    d["balance_after"] = to_py(p.committed->balance_after);
  }
  return d;
}

/// One reading's outcome and its account's state just after it.
struct ingested {
  site::live_outcome outcome;
  std::optional<ledger::account_state> after;
};

py::dict outcome_dict(const metering::reading& r, const ingested& in) {
  const auto& o = in.outcome;
  py::dict d;
  d["meter"] = o.meter;
  d["time"] = when_text(r.time());
  d["account"] = o.account;
  d["status"] = std::string(site::to_string(o.status));
  d["message"] = text_to_py(o.message);
  d["amount"] = o.status == site::live_status::deducted && o.deduction
                    ? to_py(o.deduction->amount)
                    : py::none().cast<py::object>();
  if (in.after) {
    const auto& s = *in.after;
    d["balance"] = to_py(s.balance);
    d["level"] = std::string(ledger::to_string(s.current));
    d["relay"] = std::string(ledger::to_string(s.relay.position));
  }
  py::list postings;
  if (o.posted) {
    if (o.posted->due_cut) postings.append(posting_dict(*o.posted->due_cut));
    postings.append(posting_dict(o.posted->posted));
  }
  d["postings"] = postings;
  // 按日扣费: the days' fixed charges the reading accrued, posted before its own deduction.
  d["days"] = days_list(o.days);
  py::list rows;
  for (const auto& row : o.rows) rows.append(row_dict(row));
  d["outbox"] = rows;
  return d;
}

}  // namespace

void register_prepaid(py::module_& m) {
  py::class_<py_prepaid>(
      m, "Prepaid",
      "Live prepaid in memory (issue 17): a site's prepaid tenants, each reading deducted as it "
      "comes by the pure live step, with its status, postings and outbox rows.")
      .def(py::init<const site::site&>(), py::arg("site"),
           "Opens every prepaid tenant of `site` (submeter.site.Site) with its opening balance and "
           "levels; its other meters are not prepaid.")
      .def(
          "ingest",
          [](py_prepaid& p, py::handle readings) {
            std::vector<metering::reading> batch;
            for (const auto item : sequence_of(readings, "readings")) {
              batch.push_back(reading_of(item));
            }
            std::vector<ingested> outcomes;
            outcomes.reserve(batch.size());
            {
              py::gil_scoped_release release;
              const std::lock_guard<std::mutex> lock(p.busy);
              for (const auto& r : batch) {
                ingested in{site::ingest(p.opening.plan, p.state, r), std::nullopt};
                p.frame(in.outcome.rows);
                if (!in.outcome.account.empty()) in.after = p.account(in.outcome.account).state();
                outcomes.push_back(std::move(in));
              }
            }
            py::list out;
            for (std::size_t i = 0; i < batch.size(); ++i) {
              out.append(outcome_dict(batch[i], outcomes[i]));
            }
            return out;
          },
          py::arg("readings"),
          "Runs the live step over `readings` in the order given: (meter, time, total) or (meter, "
          "time, total, [t1, ...]) with exact decimal values. Returns one dict per reading: "
          "meter, time, account, status ('opened', 'deducted', 'late', 'backwards', "
          "'not_prepaid', 'unknown_meter', ...), message, amount (deducted, else None), balance, "
          "level and relay (when on an account), postings, days (an account on daily deduction: "
          "the days whose fixed charges the reading deducted, each {day, key, amount, status, "
          "message}) and outbox rows (a supply command's "
          "row with its wire frame, hex, '' when the site gives its meter no address).")
      .def(
          "recharge",
          [](py_prepaid& p, const std::string& account, const std::string& time,
             std::int64_t counter, py::handle amount, const std::string& reference) {
            const auto& a = p.account(account);
            const auto e = ledger::recharge(parse_local_time(time), a.params().meters.front().id,
                                            counter, to_decimal<money>(amount, "amount"),
                                            ledger::channel::cash, reference);
            const std::lock_guard<std::mutex> lock(p.busy);
            auto r = site::post_event(p.opening.plan, p.state, account, e);
            p.frame(r.rows);
            py::dict d;
            d["postings"] = py::list();
            if (r.due_cut) d["postings"].cast<py::list>().append(posting_dict(*r.due_cut));
            d["postings"].cast<py::list>().append(posting_dict(r.posted));
            py::list rows;
            for (const auto& row : r.rows) rows.append(row_dict(row));
            d["outbox"] = rows;
            d["status"] = std::string(ledger::to_string(r.posted.status));
            d["balance"] = to_py(a.state().balance);
            return d;
          },
          py::arg("account"), py::arg("time"), py::arg("counter"), py::arg("amount"),
          py::arg("reference") = "",
          "Posts a cash recharge live: a cut due first, then the recharge, with their outbox rows "
          "(recharge_received, restore when it lifts the level, with its frame).")
      .def(
          "tick",
          [](py_prepaid& p, const std::string& time) {
            const auto t = parse_local_time(time);
            std::vector<site::live_tick> ticks;
            std::vector<money> balances;
            {
              py::gil_scoped_release release;
              const std::lock_guard<std::mutex> lock(p.busy);
              ticks = site::tick(p.opening.plan, p.state, t);
              for (auto& k : ticks) {
                p.frame(k.rows);
                balances.push_back(p.account(k.account).state().balance);
              }
            }
            py::list out;
            for (std::size_t i = 0; i < ticks.size(); ++i) {
              const auto& k = ticks[i];
              py::dict d;
              d["account"] = k.account;
              d["time"] = local_interval::format(k.time);
              d["cut"] = k.cut;
              d["days"] = days_list(k.days);
              py::list rows;
              for (const auto& row : k.rows) rows.append(row_dict(row));
              d["outbox"] = rows;
              d["balance"] = to_py(balances[i]);
              out.append(d);
            }
            return out;
          },
          py::arg("time"),
          "A tick of the clock at `time` ('YYYY-MM-DDTHH:MM'), no reading: for every account, a "
          "cut that fell due by then executed and, on daily deduction, the days that ended by "
          "then deducted. Returns one dict per account: account, time, cut (bool), days (as "
          "ingest's), outbox rows and balance. Ticking again at the same time posts nothing.")
      .def_property_readonly(
          "accounts",
          [](const py_prepaid& p) {
            std::vector<std::string> ids;
            for (const auto& a : p.opening.plan.accounts()) ids.push_back(a.id);
            return ids;
          },
          "The prepaid accounts' ids (tenant ids), in the site's order.")
      .def(
          "balance",
          [](py_prepaid& p, const std::string& id) {
            const std::lock_guard<std::mutex> lock(p.busy);
            return to_py(p.account(id).state().balance);
          },
          py::arg("account"), "The account's balance (Decimal).")
      .def(
          "deducted",
          [](py_prepaid& p, const std::string& meter, const std::string& period) {
            const std::lock_guard<std::mutex> lock(p.busy);
            const auto it = p.state.cursors.find(meter);
            return to_py(it == p.state.cursors.end() ? money{} : it->second.deducted_in(period));
          },
          py::arg("meter"), py::arg("period"),
          "Σ live deductions of `meter` in `period` ('YYYY-MM').")
      .def(
          "daily_deducted",
          [](py_prepaid& p, const std::string& account, const std::string& period) {
            const std::lock_guard<std::mutex> lock(p.busy);
            p.account(account);  // refuses an unknown account
            return to_py(site::daily_deducted_in(p.opening.plan, p.state, account, period));
          },
          py::arg("account"), py::arg("period"),
          "Σ the daily fixed charges (按日扣费) deducted live from `account` in `period` "
          "('YYYY-MM'): with the meters' deductions, what the month-end true-up subtracts.")
      .def(
          "true_up",
          [](py_prepaid& p, const std::string& meter, const std::string& period,
             py::handle billed) {
            const auto amount = to_decimal<money>(billed, "billed");
            const std::lock_guard<std::mutex> lock(p.busy);
            return to_py(site::true_up(p.state, meter, period, amount));
          },
          py::arg("meter"), py::arg("period"), py::arg("billed"),
          "The month-end true-up: `billed` (the meter's part of the monthly bill) minus Σ live "
          "deductions of `period`.")
      .def("__repr__", [](const py_prepaid& p) {
        return "<Prepaid " + std::to_string(p.opening.plan.accounts().size()) + " accounts, " +
               std::to_string(p.state.cursors.size()) + " meters read>";
      });
}

}  // namespace submeter::python
