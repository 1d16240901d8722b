// submeter.ledger: prepaid and postpaid accounts (include/submeter/ledger): an Account posts events
// and returns postings; states, entries, statements and relay decisions come back with Decimal
// values and names as strings ("ok", "alarm1", "open", …).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "submeter/core/error.hpp"
#include "submeter/ledger/closing.hpp"
#include "submeter/ledger/edge.hpp"
#include "submeter/ledger/statement.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

using namespace submeter::ledger;  // NOLINT: this file binds the ledger

local_time when(const std::string& text) { return parse_local_time(text); }

// Money at the edge (issue 16 #11): an amount carries at most 2 places (fen).
money amount_of(py::handle v, const char* what) {
  return require_currency_places(to_decimal<money>(v, what), what);
}

py::dict entry_dict(const entry& e) {
  py::dict d;
  d["seq"] = e.seq;
  d["kind"] = std::string(to_string(e.what.kind));
  d["key"] = e.what.key;
  d["time"] = when_text(e.what.time);
  d["meter"] = e.what.meter_id;
  d["reference"] = e.what.reference;
  d["amount"] = to_py(e.what.amount);
  d["balance_before"] = to_py(e.balance_before);
  d["balance_after"] = to_py(e.balance_after);
  d["arrears_delta"] = to_py(e.arrears_delta);
  if (e.what.kind == event_kind::recharge) {
    d["counter"] = e.what.counter;
    d["channel"] = std::string(to_string(e.what.pay_channel));
  }
  if (e.what.kind == event_kind::reversal) d["target"] = e.what.target;
  if (!e.what.kwh.is_zero()) d["kwh"] = to_py(e.what.kwh);
  if (!e.what.m3.is_zero()) d["m3"] = to_py(e.what.m3);
  return d;
}

/// A posting as a Python object.
struct py_posting {
  std::string status;
  std::string message;
  std::optional<entry> committed;
  std::vector<notification> notifications;
};

py_posting convert(const posting& p) {
  return py_posting{std::string(to_string(p.status)), p.message, p.committed, p.notifications};
}

int minute_of(const std::string& hhmm) {
  const auto t = try_parse_local_time("2000-01-01T" + hhmm);
  if (!t) throw error(errc::parse, "expected HH:MM", {{"text", hhmm}});
  return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(
                              *t - local_time(date::local_days{date::year{2000} / 1 / 1}))
                              .count());
}

// The type name of a Python value, for a TypeError.
std::string type_name(py::handle v) {
  return py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>();
}

/// ("daily", "18:00", "08:00"), ("weekday", 7) or ("days", ["sunday", "holiday"]): a tuple or a
/// list; anything else (a bare str such as 'daily', a number) is a TypeError naming
/// no_cut_windows (issue 16 #14), and a wrong shape or value is submeter.Error.
no_cut_window window_of(py::handle item) {
  constexpr const char* what = "no_cut_windows";
  if (!PyTuple_Check(item.ptr()) && !PyList_Check(item.ptr())) {
    throw py::type_error(std::string(what) +
                         ": each window is a tuple such as ('daily', '18:00', '08:00'), got " +
                         type_name(item));
  }
  const auto w = py::reinterpret_borrow<py::sequence>(item);
  if (w.size() == 0) throw error(errc::parse, "a no-cut window is a tuple");
  const auto at = [&w](std::size_t i) -> py::object { return w[i]; };
  const auto shape = text_of(at(0), what);
  if (shape == "daily" && w.size() == 3) {
    return no_cut_window::daily(minute_of(text_of(at(1), what)), minute_of(text_of(at(2), what)));
  }
  if (shape == "weekday" && w.size() == 2) {
    const py::object day = at(1);
    if (!PyLong_Check(day.ptr()) || PyBool_Check(day.ptr())) {
      throw py::type_error(std::string(what) + ": a weekday is an int 1..7, got " + type_name(day));
    }
    const auto n = PyLong_AsLong(day.ptr());
    if (n == -1 && PyErr_Occurred() != nullptr) PyErr_Clear();
    if (n < 1 || n > 7) {  // as iso_weekday_window refuses, also for numbers beyond unsigned
      throw error(errc::invalid_argument, "an ISO weekday is 1..7",
                  {{"weekday", py::repr(day).cast<std::string>().substr(0, 40)}});
    }
    return no_cut_window::iso_weekday_window(static_cast<unsigned>(n));
  }
  if (shape == "days" && w.size() == 2) {
    const py::object names = at(1);
    if (!PyTuple_Check(names.ptr()) && !PyList_Check(names.ptr()) && !PyAnySet_Check(names.ptr())) {
      throw py::type_error(std::string(what) +
                           ": ('days', kinds) takes a list of day kinds such as ['sunday'], got " +
                           type_name(names));
    }
    calendar::day_kind_set kinds;
    for (const auto& n : names) {
      const auto name = text_of(n, what);
      const auto k = calendar::parse_day_kind(name);
      if (!k) throw error(errc::parse, "unknown day kind", {{"text", name}});
      kinds.insert(*k);
    }
    return no_cut_window::whole_days(kinds);
  }
  throw error(
      errc::parse,
      "a no-cut window is ('daily', 'HH:MM', 'HH:MM'), ('weekday', 1..7) or ('days', [kinds])",
      {{"shape", shape}});
}

/// The Python Account: an in-memory ledger::account.
class py_account {
 public:
  py_account(const std::string& id, const std::vector<std::pair<std::string, std::string>>& meters,
             const std::string& mode, py::handle alarm1, py::handle alarm2,
             py::handle overdraft_limit, py::handle close_limit, py::handle hoarding_limit,
             const py::list& balance_alarms, bool allow_counter_gap, int notice_minutes,
             const py::list& no_cut_windows, const py::object& holidays) {
    std::vector<meter_ref> refs;
    for (const auto& [mid, u] : meters) {
      const auto what = parse_utility(u);
      if (!what) throw error(errc::parse, "a utility is 'electricity' or 'water'", {{"text", u}});
      refs.push_back({mid, *what});
    }
    if (mode != "prepaid" && mode != "postpaid") {
      throw error(errc::parse, "mode is 'prepaid' or 'postpaid'", {{"text", mode}});
    }
    std::optional<money> hoarding;
    if (!hoarding_limit.is_none()) hoarding = amount_of(hoarding_limit, "hoarding_limit");
    std::vector<money> alarms;
    for (auto a : balance_alarms) alarms.push_back(amount_of(a, "balance_alarms"));
    cut_policy cuts;
    cuts.notice = std::chrono::minutes(notice_minutes);
    for (auto w : no_cut_windows) cuts.windows.push_back(window_of(w));
    if (!holidays.is_none()) cuts.holidays = holidays.cast<calendar::holiday_calendar>();
    auto params = account_params::make(
        id, mode == "prepaid" ? account_mode::prepaid : account_mode::postpaid, std::move(refs),
        level_params::make(amount_of(alarm1, "alarm1"), amount_of(alarm2, "alarm2"),
                           amount_of(overdraft_limit, "overdraft_limit"),
                           amount_of(close_limit, "close_limit"), hoarding),
        std::move(alarms),
        allow_counter_gap ? counter_policy::allow_gap : counter_policy::strict_next,
        std::move(cuts));
    acc_ = account::open(std::move(params));
  }

  py_posting post(const event& e) { return convert(acc_.post(e)); }
  const account& get() const { return acc_; }
  account& get() { return acc_; }

 private:
  account acc_ =
      account::open(account_params::make("unset", account_mode::prepaid, {{"unset"}},
                                         level_params::make(money{}, money{}, money{}, money{})));
};

}  // namespace

void register_ledger(py::module_& m) {
  py::class_<notification>(m, "Notification", "An alarm, level change or cut notice.")
      .def_readonly("code", &notification::code)
      .def_readonly("detail", &notification::detail)
      .def("__repr__", [](const notification& n) {
        return "<submeter.ledger.Notification " + n.code + " " + n.detail + ">";
      });

  py::class_<py_posting>(m, "Posting", "The outcome of posting one event to an account.")
      .def_readonly("status", &py_posting::status,
                    "'ok', 'duplicate', or why it was refused ('rejected_stale_counter', …)")
      .def_readonly("message", &py_posting::message)
      .def_property_readonly("entry",
                             [](const py_posting& p) -> py::object {
                               if (!p.committed) return py::none();
                               return entry_dict(*p.committed);
                             })
      .def_readonly("notifications", &py_posting::notifications)
      .def_property_readonly(
          "accepted",
          [](const py_posting& p) { return p.status == "ok" || p.status == "duplicate"; })
      .def("__repr__",
           [](const py_posting& p) { return "<submeter.ledger.Posting " + p.status + ">"; });

  py::class_<statement>(m, "Statement",
                        "A statement over [from, to): opening + Σ buckets = closing.")
      .def_readonly("account_id", &statement::account_id)
      .def_property_readonly("opening_balance",
                             [](const statement& s) { return to_py(s.opening_balance); })
      .def_property_readonly("recharges", [](const statement& s) { return to_py(s.recharges); })
      .def_property_readonly("electricity", [](const statement& s) { return to_py(s.electricity); })
      .def_property_readonly("electricity_kwh",
                             [](const statement& s) { return to_py(s.electricity_use.kwh); })
      .def_property_readonly("water", [](const statement& s) { return to_py(s.water); })
      .def_property_readonly("water_m3", [](const statement& s) { return to_py(s.water_use.m3); })
      .def_property_readonly("fees", [](const statement& s) { return to_py(s.fees); })
      .def_property_readonly("adjustments", [](const statement& s) { return to_py(s.adjustments); })
      .def_property_readonly("refunds", [](const statement& s) { return to_py(s.refunds); })
      .def_property_readonly("reversals", [](const statement& s) { return to_py(s.reversals); })
      .def_property_readonly("settlements", [](const statement& s) { return to_py(s.settlements); })
      .def_property_readonly("closing_balance",
                             [](const statement& s) { return to_py(s.closing_balance); })
      .def_property_readonly("closing_arrears",
                             [](const statement& s) { return to_py(s.closing_arrears); })
      .def_property_readonly("entries", [](const statement& s) {
        py::list out;
        for (const auto& e : s.entries) out.append(entry_dict(e));
        return out;
      });

  py::class_<relay_decision>(m, "RelayDecision", "Whether to cut now, and why (CUT-3).")
      .def_readonly("cut", &relay_decision::cut)
      .def_readonly("closed", &relay_decision::closed)
      .def_readonly("reasons", &relay_decision::reasons);

  py::class_<py_account>(m, "Account",
                         "A prepaid or postpaid account: a fold over recharges, deductions, "
                         "refunds, reversals, adjustments, replacements and closing.")
      .def(py::init<const std::string&, const std::vector<std::pair<std::string, std::string>>&,
                    const std::string&, py::handle, py::handle, py::handle, py::handle, py::handle,
                    const py::list&, bool, int, const py::list&, const py::object&>(),
           py::arg("id"), py::arg("meters"), py::arg("mode") = "prepaid", py::arg("alarm1") = "0",
           py::arg("alarm2") = "0", py::arg("overdraft_limit") = "0", py::arg("close_limit") = "0",
           py::arg("hoarding_limit") = py::none(), py::arg("balance_alarms") = py::list(),
           py::arg("allow_counter_gap") = false, py::arg("notice_minutes") = 0,
           py::arg("no_cut_windows") = py::list(), py::arg("holidays") = py::none())
      .def(
          "recharge",
          [](py_account& a, const std::string& time, const std::string& meter, std::int64_t counter,
             py::handle amount, const std::string& channel_name, const std::string& reference) {
            const auto how = parse_channel(channel_name);
            if (!how) throw error(errc::parse, "unknown payment channel", {{"text", channel_name}});
            return a.post(
                recharge(when(time), meter, counter, amount_of(amount, "amount"), *how, reference));
          },
          py::arg("time"), py::arg("meter"), py::arg("counter"), py::arg("amount"),
          py::arg("channel") = "cash", py::arg("reference") = "")
      .def(
          "deduct",
          [](py_account& a, const std::string& time, const std::string& key, py::handle amount,
             const std::string& meter, py::handle kwh, py::handle m3, py::handle reading,
             const std::string& reference) {
            event e = fee(when(time), key, amount_of(amount, "amount"), reference);
            e.meter_id = meter;
            if (!kwh.is_none()) e.kwh = to_decimal<energy>(kwh, "kwh");
            if (!m3.is_none()) {
              e.m3 = to_decimal<volume>(m3, "m3");
              e.what = utility::water;
            }
            if (!reading.is_none()) e.reading = to_decimal<energy>(reading, "reading");
            validate(e);
            return a.post(e);
          },
          py::arg("time"), py::arg("key"), py::arg("amount"), py::arg("meter") = "",
          py::arg("kwh") = py::none(), py::arg("m3") = py::none(), py::arg("reading") = py::none(),
          py::arg("reference") = "",
          "A deduction: consumption when `meter` is given (kwh or m3), else a fee.")
      .def(
          "charge",
          [](py_account& a, const std::string& time, const std::string& key, py::handle amount,
             const std::string& reference) {
            return a.post(charge(when(time), key, amount_of(amount, "amount"), reference));
          },
          py::arg("time"), py::arg("key"), py::arg("amount"), py::arg("reference") = "")
      .def(
          "refund",
          [](py_account& a, const std::string& time, const std::string& key, py::handle amount) {
            return a.post(refund(when(time), key, amount_of(amount, "amount")));
          },
          py::arg("time"), py::arg("key"), py::arg("amount"))
      .def(
          "reverse",
          [](py_account& a, const std::string& time, const std::string& key, std::uint64_t seq) {
            return a.post(reversal(when(time), key, seq));
          },
          py::arg("time"), py::arg("key"), py::arg("entry"))
      .def(
          "adjust",
          [](py_account& a, const std::string& time, const std::string& key, py::handle amount,
             const std::string& reference) {
            return a.post(adjustment(when(time), key, amount_of(amount, "amount"), reference));
          },
          py::arg("time"), py::arg("key"), py::arg("amount"), py::arg("reference") = "")
      .def(
          "replace_meter",
          [](py_account& a, const std::string& time, const std::string& key,
             const std::string& old_meter, py::handle final_reading, const std::string& new_meter,
             py::handle initial_reading) {
            return a.post(replacement(when(time), key, old_meter,
                                      to_decimal<energy>(final_reading, "final_reading"), new_meter,
                                      to_decimal<energy>(initial_reading, "initial_reading")));
          },
          py::arg("time"), py::arg("key"), py::arg("old_meter"), py::arg("final_reading"),
          py::arg("new_meter"), py::arg("initial_reading"))
      .def(
          "remote",
          [](py_account& a, const std::string& time, const std::string& command,
             const std::string& key) {
            const auto c = parse_remote_command(command);
            if (!c) throw error(errc::parse, "unknown remote command", {{"text", command}});
            return a.post(remote(when(time), *c, key));
          },
          py::arg("time"), py::arg("command"), py::arg("key") = "",
          "A remote relay command; a `key` (the platform's command id) makes a re-sent command a "
          "duplicate.")
      .def(
          "local_restore",
          [](py_account& a, const std::string& time, const std::string& key) {
            return a.post(local_restore(when(time), key));
          },
          py::arg("time"), py::arg("key") = "")
      .def(
          "tick",
          [](py_account& a, const std::string& time, const std::string& key) {
            return a.post(tick(when(time), key));
          },
          py::arg("time"), py::arg("key") = "")
      .def_property_readonly("pending_cut",
                             [](const py_account& a) -> py::object {
                               const auto& p = a.get().state().relay.pending_cut;
                               if (!p) return py::none();
                               return py::str(when_text(*p));
                             })
      .def(
          "close",
          [](py_account& a, const std::string& time, const std::string& key_prefix,
             const std::vector<std::tuple<std::string, py::handle, py::handle>>& finals,
             const std::vector<std::pair<std::string, py::handle>>& charges) {
            std::vector<final_reading> fr;
            for (const auto& [meter, reading, price] : finals) {
              fr.push_back({meter, to_decimal<energy>(reading, "reading"),
                            to_decimal<energy_price>(price, "price")});
            }
            std::vector<closing_line> lines;
            for (const auto& [label, amount] : charges) {
              lines.push_back({label, amount_of(amount, "amount")});
            }
            auto& acc = a.get();
            const auto plan =
                plan_closing(acc.params(), acc.state(), when(time), key_prefix, fr, lines);
            const auto results = acc.post_batch(plan.events);
            for (const auto& r : results) {
              if (!accepted(r.status)) {
                throw error(error_code(r.status), r.message,
                            {{"status", std::string(to_string(r.status))}});
              }
            }
            py::dict d;
            py::list kwh;
            py::list amounts;
            for (const auto& k : plan.final_kwh) kwh.append(to_py(k));
            for (const auto& x : plan.final_energy_amounts) amounts.append(to_py(x));
            d["final_kwh"] = kwh;
            d["final_energy_amounts"] = amounts;
            d["other_charges"] = to_py(plan.other_charges);
            d["arrears_settled"] = to_py(plan.arrears_settled);
            d["refund"] = to_py(plan.refund);
            d["unpaid"] = to_py(plan.unpaid);
            return d;
          },
          py::arg("time"), py::arg("key_prefix") = "close", py::arg("finals") = py::list(),
          py::arg("charges") = py::list(),
          "Closes the account (LIFE-2): final energy, charges, arrears, refund, relay open.")
      .def(
          "statement",
          [](const py_account& a, const std::string& from, const std::string& to) {
            return make_statement(a.get().params().id, a.get().entries(), when(from), when(to));
          },
          py::arg("from_time"), py::arg("to_time"))
      .def(
          "decision",
          [](const py_account& a, const std::string& now) {
            const auto& s = a.get().state();
            return decide(s.relay, s.current, a.get().params().cuts, when(now));
          },
          py::arg("now"))
      .def_property_readonly("id", [](const py_account& a) { return a.get().params().id; })
      .def_property_readonly("balance",
                             [](const py_account& a) { return to_py(a.get().state().balance); })
      .def_property_readonly("available",
                             [](const py_account& a) { return to_py(a.get().state().available()); })
      .def_property_readonly("arrears",
                             [](const py_account& a) { return to_py(a.get().state().arrears()); })
      .def_property_readonly(
          "cumulative_purchased",
          [](const py_account& a) { return to_py(a.get().state().cumulative_purchased); })
      .def_property_readonly(
          "level",
          [](const py_account& a) { return std::string(to_string(a.get().state().current)); })
      .def_property_readonly("relay",
                             [](const py_account& a) {
                               return std::string(to_string(a.get().state().relay.position));
                             })
      .def_property_readonly(
          "lock",
          [](const py_account& a) { return std::string(to_string(a.get().state().relay.lock)); })
      .def_property_readonly("protected",
                             [](const py_account& a) { return a.get().state().relay.is_protected; })
      .def_property_readonly("closed", [](const py_account& a) { return a.get().state().closed; })
      .def_property_readonly("entries", [](const py_account& a) {
        py::list out;
        for (const auto& e : a.get().entries()) out.append(entry_dict(e));
        return out;
      });
}

}  // namespace submeter::python
