// submeter.vee: validation and estimation of meter reads (include/submeter/vee): the VEE pass
// (run_vee, which releases the GIL), its options and parameter classes, findings (VEE-1 .. VEE-9,
// EST-4) and estimates (EST-1 .. EST-3), and the rules one by one. Energies go in as Decimal, int
// or str and come out as Decimal; times are local "YYYY-MM-DDTHH:MM[:SS]" strings; interval data
// are lists of values with None where an interval (or a read on the grid) is missing.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/vee/pass.hpp"
#include "submeter/vee/sum_check.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

using namespace submeter::vee;  // NOLINT: this file binds the vee area

py::object energy_or_none(const std::optional<energy>& e) {
  if (!e) return py::none();
  return to_py(*e);
}

std::size_t count_of(long long n, const char* what) {
  if (n < 0) {
    throw error(errc::invalid_argument, std::string(what) + " is a count, not negative",
                {{what, std::to_string(n)}});
  }
  return static_cast<std::size_t>(n);
}

local_interval interval_of(py::handle item, const char* what) {
  const auto pair = items_of(item, 2, what);
  const py::object b = pair[0];
  const py::object e = pair[1];
  return local_interval::make(parse_local_time(text_of(b, what)),
                              parse_local_time(text_of(e, what)));
}

std::vector<local_interval> intervals_of(py::handle items, const char* what) {
  std::vector<local_interval> out;
  for (const auto& item : sequence_of(items, what)) out.push_back(interval_of(item, what));
  return out;
}

py::tuple interval_to_py(const local_interval& i) {
  return py::make_tuple(when_text(i.begin()), when_text(i.end()));
}

std::chrono::minutes step_of(int step_minutes) {
  if (step_minutes < 1 || step_minutes > 24 * 60) {
    throw error(errc::invalid_argument, "an interval is 1..1440 minutes",
                {{"step_minutes", std::to_string(step_minutes)}});
  }
  return std::chrono::minutes{step_minutes};
}

/// Energy mantissas (1e-4), `missing` for None.
std::vector<std::int64_t> mantissas_of(py::handle values, const char* what) {
  std::vector<std::int64_t> out;
  for (const auto& v : sequence_of(values, what)) {
    out.push_back(v.is_none() ? missing : to_decimal<energy>(v, what).mantissa());
  }
  return out;
}

py::list mantissas_to_py(const std::vector<std::int64_t>& values) {
  py::list out;
  for (const auto v : values) {
    if (v == missing) {
      out.append(py::none());
    } else {
      out.append(to_py(energy::from_mantissa(v)));
    }
  }
  return out;
}

void check_register(int register_number) {
  if (register_number < 0 || register_number > metering::max_rate_registers) {
    throw error(errc::invalid_argument, "a register number is 0 (total) or 1..8 (rates)",
                {{"register", std::to_string(register_number)}});
  }
}

rollover_params make_rollover(int integer_digits, int decimals, const py::object& max_use) {
  rollover_params p;
  p.integer_digits = integer_digits;
  p.decimals = decimals;
  if (!max_use.is_none()) p.max_use = to_decimal<energy>(max_use, "max_use");
  (void)p.capacity();  // refuses digits outside 1..14
  if (decimals < 0 || decimals > 4) {
    throw error(errc::invalid_argument, "a register has 0..4 decimals",
                {{"decimals", std::to_string(decimals)}});
  }
  if (p.max_use && p.max_use->is_negative()) {
    throw error(errc::invalid_argument, "max_use is not negative",
                {{"max_use", p.max_use->to_string()}});
  }
  return p;
}

std::string finding_repr(const finding& f) {
  return "<submeter.vee.Finding " + std::string(f.id()) + " " + std::string(to_string(f.what)) +
         " (" + std::string(to_string(f.level)) + ") " + f.meter_id + " " +
         metering::register_name(f.register_number) + " " + when_text(f.time) + ">";
}

estimate make_estimate(const std::string& meter_id, int register_number, const std::string& time,
                       py::handle value, const std::string& method, const std::string& basis) {
  check_register(register_number);
  const auto m = parse_estimate_method(method);
  if (!m) {
    throw error(errc::parse,
                "an estimate's method is \"linear\", \"like_day\" or \"average_of_periods\"",
                {{"method", method}});
  }
  estimate e;
  e.meter_id = meter_id;
  e.register_number = register_number;
  e.time = parse_local_time(time);
  e.value = to_decimal<energy>(value, "value");
  e.method = *m;
  e.basis = basis;
  return e;
}

interval_values view_of(const std::string& start, int step_minutes,
                        const std::vector<std::int64_t>& values) {
  return interval_values::of(parse_local_time(start), step_of(step_minutes), values);
}

void bind_params(py::module_& m) {
  py::class_<rollover_params>(
      m, "RolloverParams",
      "VEE-3: a register's format (digits before and after the point) and the largest use a "
      "rollover may stand for (default 1 % of the capacity).")
      .def(py::init(&make_rollover), py::arg("integer_digits") = 6, py::arg("decimals") = 2,
           py::arg("max_use") = py::none())
      .def_readonly("integer_digits", &rollover_params::integer_digits)
      .def_readonly("decimals", &rollover_params::decimals)
      .def_property_readonly("max_use",
                             [](const rollover_params& p) { return energy_or_none(p.max_use); })
      .def_property_readonly("capacity",
                             [](const rollover_params& p) { return to_py(p.capacity()); })
      .def_property_readonly("largest", [](const rollover_params& p) { return to_py(p.largest()); })
      .def_property_readonly("rollover_limit",
                             [](const rollover_params& p) { return to_py(p.rollover_limit()); })
      .def("__repr__", [](const rollover_params& p) {
        return "<submeter.vee.RolloverParams " + p.largest().to_string(p.decimals) + ">";
      });

  py::class_<spike_params>(m, "SpikeParams",
                           "VEE-4: neighbours each side, the factor in percent, the floor of the "
                           "neighbours' mean and the fewest neighbours judged.")
      .def(py::init([](int neighbours, std::int64_t factor_percent, py::handle floor,
                       int min_neighbours) {
             spike_params p;
             p.neighbours = neighbours;
             p.factor_percent = factor_percent;
             p.floor = to_decimal<energy>(floor, "floor");
             p.min_neighbours = min_neighbours;
             p.validate();
             return p;
           }),
           py::arg("neighbours") = 4, py::arg("factor_percent") = 1000, py::arg("floor") = "0.1",
           py::arg("min_neighbours") = 2)
      .def_readonly("neighbours", &spike_params::neighbours)
      .def_readonly("factor_percent", &spike_params::factor_percent)
      .def_property_readonly("floor", [](const spike_params& p) { return to_py(p.floor); })
      .def_readonly("min_neighbours", &spike_params::min_neighbours);

  py::class_<zero_use_params>(m, "ZeroUseParams",
                              "VEE-6: the shortest run of zero intervals that is a finding.")
      .def(py::init([](long long min_intervals) {
             zero_use_params p;
             p.min_intervals = count_of(min_intervals, "min_intervals");
             if (p.min_intervals == 0) {
               throw error(errc::invalid_argument, "min_intervals is at least 1",
                           {{"min_intervals", "0"}});
             }
             return p;
           }),
           py::arg("min_intervals") = 96)
      .def_readonly("min_intervals", &zero_use_params::min_intervals);

  py::class_<clock_params>(m, "ClockParams",
                           "VEE-8: how far (seconds) the device time may be ahead of reception, "
                           "and behind it (0: not checked).")
      .def(py::init([](long long max_ahead_seconds, long long max_behind_seconds) {
             if (max_ahead_seconds < 0 || max_behind_seconds < 0) {
               throw error(errc::invalid_argument, "clock tolerances are not negative",
                           {{"max_ahead_seconds", std::to_string(max_ahead_seconds)},
                            {"max_behind_seconds", std::to_string(max_behind_seconds)}});
             }
             clock_params p;
             p.max_ahead = std::chrono::seconds{max_ahead_seconds};
             p.max_behind = std::chrono::seconds{max_behind_seconds};
             return p;
           }),
           py::arg("max_ahead_seconds") = 300, py::arg("max_behind_seconds") = 0)
      .def_property_readonly("max_ahead_seconds",
                             [](const clock_params& p) { return p.max_ahead.count(); })
      .def_property_readonly("max_behind_seconds",
                             [](const clock_params& p) { return p.max_behind.count(); });

  py::class_<high_low_params>(m, "HighLowParams",
                              "VEE-5: periods averaged, percent either way, and the smallest "
                              "average judged.")
      .def(py::init([](long long periods, std::int64_t percent, py::handle min_average) {
             high_low_params p;
             p.periods = count_of(periods, "periods");
             p.percent = percent;
             p.min_average = to_decimal<energy>(min_average, "min_average");
             if (p.periods == 0 || percent < 0 || percent > 1000) {
               throw error(
                   errc::invalid_argument, "high/low parameters: periods >= 1, percent 0..1000",
                   {{"periods", std::to_string(periods)}, {"percent", std::to_string(percent)}});
             }
             return p;
           }),
           py::arg("periods") = 3, py::arg("percent") = 50, py::arg("min_average") = 1)
      .def_readonly("periods", &high_low_params::periods)
      .def_readonly("percent", &high_low_params::percent)
      .def_property_readonly("min_average",
                             [](const high_low_params& p) { return to_py(p.min_average); });

  py::class_<estimate_params>(m, "EstimateParams",
                              "EST-1 .. EST-4: the longest linear run, the longest run estimated, "
                              "the periods EST-3 averages, the consecutive estimates allowed.")
      .def(py::init([](long long linear_max_missing, long long max_missing, long long periods,
                       int max_consecutive) {
             estimate_params p;
             p.linear_max_missing = count_of(linear_max_missing, "linear_max_missing");
             p.max_missing = count_of(max_missing, "max_missing");
             p.periods = count_of(periods, "periods");
             if (max_consecutive < 0) {
               throw error(errc::invalid_argument, "max_consecutive is not negative",
                           {{"max_consecutive", std::to_string(max_consecutive)}});
             }
             p.max_consecutive = max_consecutive;
             return p;
           }),
           py::arg("linear_max_missing") = 4, py::arg("max_missing") = 7 * 96,
           py::arg("periods") = 3, py::arg("max_consecutive") = 2)
      .def_readonly("linear_max_missing", &estimate_params::linear_max_missing)
      .def_readonly("max_missing", &estimate_params::max_missing)
      .def_readonly("periods", &estimate_params::periods)
      .def_readonly("max_consecutive", &estimate_params::max_consecutive);

  py::class_<sum_check_params>(m, "SumCheckParams",
                               "VEE-7: the difference allowed, the larger of an absolute one and "
                               "per mille of the register delta.")
      .def(py::init([](py::handle absolute, std::int64_t per_mille) {
             sum_check_params p;
             p.absolute = to_decimal<energy>(absolute, "absolute");
             p.per_mille = per_mille;
             if (p.absolute.is_negative() || per_mille < 0) {
               throw error(errc::invalid_argument, "sum check tolerances are not negative",
                           {{"absolute", p.absolute.to_string()},
                            {"per_mille", std::to_string(per_mille)}});
             }
             return p;
           }),
           py::arg("absolute") = "0.1", py::arg("per_mille") = 5)
      .def_property_readonly("absolute",
                             [](const sum_check_params& p) { return to_py(p.absolute); })
      .def_readonly("per_mille", &sum_check_params::per_mille);

  py::class_<vee_options>(m, "VeeOptions", "The VEE pass's parameters (run_vee).")
      .def(py::init([](int read_interval_minutes, std::int64_t min_grid_coverage_percent,
                       int bound_tolerance_hours, std::optional<rollover_params> register_format,
                       std::optional<spike_params> spikes, std::optional<zero_use_params> zero_use,
                       std::optional<clock_params> clock, std::optional<high_low_params> high_low,
                       std::optional<estimate_params> estimates) {
             if (read_interval_minutes <= 0 || (24 * 60) % read_interval_minutes != 0) {
               throw error(errc::invalid_argument, "the read interval divides a day",
                           {{"read_interval_minutes", std::to_string(read_interval_minutes)}});
             }
             if (min_grid_coverage_percent < 0 || min_grid_coverage_percent > 100) {
               throw error(
                   errc::invalid_argument, "min_grid_coverage_percent is 0..100",
                   {{"min_grid_coverage_percent", std::to_string(min_grid_coverage_percent)}});
             }
             if (bound_tolerance_hours < 0) {
               throw error(errc::invalid_argument, "bound_tolerance_hours is not negative",
                           {{"bound_tolerance_hours", std::to_string(bound_tolerance_hours)}});
             }
             vee_options o;
             o.read_interval = std::chrono::minutes{read_interval_minutes};
             o.min_grid_coverage_percent = min_grid_coverage_percent;
             o.bound_tolerance = std::chrono::hours{bound_tolerance_hours};
             if (register_format) o.register_format = *register_format;
             if (spikes) o.intervals.spikes = *spikes;
             if (zero_use) o.intervals.zero_use = *zero_use;
             if (clock) o.clock = *clock;
             if (high_low) o.high_low = *high_low;
             if (estimates) o.estimates = *estimates;
             return o;
           }),
           py::arg("read_interval_minutes") = 15, py::arg("min_grid_coverage_percent") = 10,
           py::arg("bound_tolerance_hours") = 24, py::arg("register_format") = py::none(),
           py::arg("spikes") = py::none(), py::arg("zero_use") = py::none(),
           py::arg("clock") = py::none(), py::arg("high_low") = py::none(),
           py::arg("estimates") = py::none())
      .def_property_readonly("read_interval_minutes",
                             [](const vee_options& o) { return o.read_interval.count(); })
      .def_readonly("min_grid_coverage_percent", &vee_options::min_grid_coverage_percent)
      .def_property_readonly("bound_tolerance_hours",
                             [](const vee_options& o) { return o.bound_tolerance.count(); })
      .def_readonly("register_format", &vee_options::register_format)
      .def_property_readonly("spikes", [](const vee_options& o) { return o.intervals.spikes; })
      .def_property_readonly("zero_use", [](const vee_options& o) { return o.intervals.zero_use; })
      .def_readonly("clock", &vee_options::clock)
      .def_readonly("high_low", &vee_options::high_low)
      .def_readonly("estimates", &vee_options::estimates);
}

void bind_values(py::module_& m) {
  py::class_<finding>(m, "Finding",
                      "What a rule says about a read or a run of intervals: rule id, severity, "
                      "where (meter, register, time .. until) and the values compared.")
      .def_property_readonly(
          "rule", [](const finding& f) { return std::string(f.id()); },
          "'VEE-1' .. 'VEE-9', 'EST-4'")
      .def_property_readonly(
          "name", [](const finding& f) { return std::string(to_string(f.what)); },
          "'duplicate', 'gap', 'backwards', 'rollover', 'spike', 'high_low', 'zero_use', "
          "'sum_check', 'clock_skew', 'multiplier_change' or 'estimate_cap'")
      .def_property_readonly(
          "severity", [](const finding& f) { return std::string(to_string(f.level)); },
          "'info', 'warning' or 'exception' (not billable as read)")
      .def_readonly("meter_id", &finding::meter_id)
      .def_readonly("register_number", &finding::register_number)
      .def_property_readonly("time", [](const finding& f) { return when_text(f.time); })
      .def_property_readonly("until", [](const finding& f) { return when_text(f.until); })
      .def_property_readonly("value", [](const finding& f) { return energy_or_none(f.value); })
      .def_property_readonly("expected",
                             [](const finding& f) { return energy_or_none(f.expected); })
      .def_readonly("message", &finding::message)
      .def("__repr__", &finding_repr);

  py::class_<estimate>(m, "Estimate",
                       "An estimated register read (EST-1 linear, EST-2 like-day, EST-3 average "
                       "of periods); give earlier ones back to run_vee, never edited.")
      .def(py::init(&make_estimate), py::arg("meter_id"), py::arg("register_number"),
           py::arg("time"), py::arg("value"), py::arg("method") = "average_of_periods",
           py::arg("basis") = "")
      .def_readonly("meter_id", &estimate::meter_id)
      .def_readonly("register_number", &estimate::register_number)
      .def_property_readonly("time", [](const estimate& e) { return when_text(e.time); })
      .def_property_readonly("value", [](const estimate& e) { return to_py(e.value); })
      .def_property_readonly("method",
                             [](const estimate& e) { return std::string(to_string(e.method)); })
      .def_property_readonly("rule",
                             [](const estimate& e) { return std::string(rule_id(e.method)); })
      .def_readonly("basis", &estimate::basis)
      .def("as_value", &estimate::as_value,
           "The store row: a metering.RegisterValue of quality 'estimated', source "
           "'vee_estimate'.")
      .def("__repr__", [](const estimate& e) {
        return "<submeter.vee.Estimate " + std::string(rule_id(e.method)) + " " + e.meter_id + " " +
               metering::register_name(e.register_number) + " " + when_text(e.time) + " " +
               e.value.to_string(2) + ">";
      });

  py::class_<meter_context>(m, "MeterContext",
                            "What the pass knows of a meter beyond its reads: occupied windows "
                            "(VEE-6; None: the whole period), the site's multiplier (VEE-9) and "
                            "its register format.")
      .def(py::init([](const std::string& meter_id, const py::object& occupied,
                       const py::object& multiplier,
                       std::optional<rollover_params> register_format) {
             meter_context c;
             c.meter_id = meter_id;
             if (!occupied.is_none()) {
               c.occupied = intervals_of(occupied, "occupied");
               c.occupied_known = true;
             }
             if (!multiplier.is_none()) c.multiplier = to_decimal<ratio>(multiplier, "multiplier");
             c.register_format = std::move(register_format);
             return c;
           }),
           py::arg("meter_id"), py::arg("occupied") = py::none(),
           py::arg("multiplier") = py::none(), py::arg("register_format") = py::none())
      .def_readonly("meter_id", &meter_context::meter_id)
      .def_property_readonly("occupied",
                             [](const meter_context& c) -> py::object {
                               if (!c.occupied_known) return py::none();
                               py::list out;
                               for (const auto& i : c.occupied) out.append(interval_to_py(i));
                               return py::object(std::move(out));
                             })
      .def_property_readonly("multiplier",
                             [](const meter_context& c) -> py::object {
                               if (!c.multiplier) return py::none();
                               return to_py(*c.multiplier, 0);
                             })
      .def_readonly("register_format", &meter_context::register_format);

  py::class_<multiplier_observation>(m, "MultiplierObservation",
                                     "A multiplier (PT × CT) a source reported for a meter "
                                     "(VEE-9).")
      .def(py::init([](const std::string& meter_id, const std::string& time, py::handle mult) {
             return multiplier_observation{meter_id, parse_local_time(time),
                                           to_decimal<ratio>(mult, "multiplier")};
           }),
           py::arg("meter_id"), py::arg("time"), py::arg("multiplier"))
      .def_readonly("meter_id", &multiplier_observation::meter_id)
      .def_property_readonly("time",
                             [](const multiplier_observation& o) { return when_text(o.time); })
      .def_property_readonly(
          "multiplier", [](const multiplier_observation& o) { return to_py(o.multiplier, 0); });

  py::class_<vee_period>(m, "VeePeriod",
                         "The period judged, [begin, end), and earlier periods as its history "
                         "(oldest first), each a (begin, end) tuple of local times.")
      .def(
          py::init([](const std::string& begin, const std::string& end, const py::object& history) {
            vee_period p;
            p.window = local_interval::make(parse_local_time(begin), parse_local_time(end));
            p.history = intervals_of(history, "history");
            return p;
          }),
          py::arg("begin"), py::arg("end"), py::arg("history") = py::list())
      .def_property_readonly("begin",
                             [](const vee_period& p) { return when_text(p.window.begin()); })
      .def_property_readonly("end", [](const vee_period& p) { return when_text(p.window.end()); })
      .def_property_readonly("history", [](const vee_period& p) {
        py::list out;
        for (const auto& i : p.history) out.append(interval_to_py(i));
        return out;
      });

  py::class_<vee_report>(m, "VeeReport", "What the VEE pass found.")
      .def_readonly("findings", &vee_report::findings, "by meter, time and rule")
      .def_readonly("estimates", &vee_report::estimates, "new estimates, by meter, register, time")
      .def_readonly("exceptions", &vee_report::exceptions,
                    "meters with an exception finding: not billable as read")
      .def_readonly("meters", &vee_report::meters)
      .def_readonly("reads", &vee_report::reads)
      .def("__repr__", [](const vee_report& r) {
        return "<submeter.vee.VeeReport " + std::to_string(r.meters) + " meters, " +
               std::to_string(r.reads) + " reads, " + std::to_string(r.findings.size()) +
               " findings, " + std::to_string(r.estimates.size()) + " estimates, " +
               std::to_string(r.exceptions.size()) + " exceptions>";
      });
}

void bind_rules(py::module_& m) {
  m.def(
      "remove_duplicates",
      [](std::vector<metering::register_value> rows) {
        auto d = remove_duplicates(std::move(rows));
        return py::make_tuple(py::cast(std::move(d.values)), py::cast(std::move(d.findings)));
      },
      py::arg("rows"),
      "VEE-1: (the rows without repeats, sorted by meter, register and time, the findings): the "
      "first of each (meter, register, time) kept; the same value again is 'info', another "
      "value an 'exception' (value the one dropped, expected the one kept).");

  m.def(
      "classify_step",
      [](py::handle before, py::handle after, std::optional<rollover_params> register_format) {
        const auto s =
            classify_step(to_decimal<energy>(before, "before"), to_decimal<energy>(after, "after"),
                          register_format.value_or(rollover_params{}));
        const char* kind = s.kind == step_kind::forward    ? "forward"
                           : s.kind == step_kind::rollover ? "rollover"
                                                           : "backwards";
        return py::make_tuple(kind, to_py(s.use));
      },
      py::arg("before"), py::arg("after"), py::arg("register_format") = py::none(),
      "VEE-3: ('forward' | 'rollover' | 'backwards', use) of one step of a register.");

  m.def(
      "find_register_steps",
      [](const std::vector<metering::register_value>& reads,
         std::optional<rollover_params> register_format) {
        return find_register_steps(reads, register_format.value_or(rollover_params{}));
      },
      py::arg("reads"), py::arg("register_format") = py::none(),
      "VEE-3 over one register's reads in time order: a rollover is 'info', a step backwards an "
      "'exception'.");

  m.def(
      "check_clock",
      [](const metering::register_value& read, std::optional<clock_params> params) {
        return check_clock(read, params.value_or(clock_params{}));
      },
      py::arg("read"), py::arg("params") = py::none(),
      "VEE-8: a 'warning' when the device time is too far from the received time; else None.");

  m.def(
      "check_high_low",
      [](const std::string& meter_id, const std::string& period_start, py::handle current,
         const py::object& history, std::optional<high_low_params> params) {
        std::vector<energy> h;
        for (const auto& v : sequence_of(history, "history")) {
          h.push_back(to_decimal<energy>(v, "history"));
        }
        return check_high_low(meter_id, parse_local_time(period_start),
                              to_decimal<energy>(current, "current"), h,
                              params.value_or(high_low_params{}));
      },
      py::arg("meter_id"), py::arg("period_start"), py::arg("current"), py::arg("history"),
      py::arg("params") = py::none(),
      "VEE-5: a 'warning' when the period's use is outside (100 ± percent) % of the average of "
      "the last periods of history (oldest first); else None.");

  m.def(
      "find_multiplier_changes",
      [](std::vector<multiplier_observation> observations, const py::object& configured) {
        std::optional<ratio> c;
        if (!configured.is_none()) c = to_decimal<ratio>(configured, "configured");
        return find_multiplier_changes(std::move(observations), c);
      },
      py::arg("observations"), py::arg("configured") = py::none(),
      "VEE-9: an 'exception' at each change of a meter's multiplier, and where the first differs "
      "from `configured`.");

  m.def(
      "find_gaps",
      [](const std::string& meter_id, const std::string& start, int step_minutes,
         const py::object& values, int register_number) {
        check_register(register_number);
        const auto v = mantissas_of(values, "values");
        return find_gaps(meter_id, view_of(start, step_minutes, v), register_number);
      },
      py::arg("meter_id"), py::arg("start"), py::arg("step_minutes"), py::arg("values"),
      py::arg("register_number") = 0,
      "VEE-2: a 'warning' per run of missing values (None) in interval data from `start`.");

  m.def(
      "find_spikes",
      [](const std::string& meter_id, const std::string& start, int step_minutes,
         const py::object& values, std::optional<spike_params> params) {
        const auto v = mantissas_of(values, "values");
        return find_spikes(meter_id, view_of(start, step_minutes, v),
                           params.value_or(spike_params{}));
      },
      py::arg("meter_id"), py::arg("start"), py::arg("step_minutes"), py::arg("values"),
      py::arg("params") = py::none(),
      "VEE-4: a 'warning' per interval above factor_percent % of its neighbours' mean.");

  m.def(
      "find_zero_runs",
      [](const std::string& meter_id, const std::string& start, int step_minutes,
         const py::object& values, const py::object& occupied,
         std::optional<zero_use_params> params) {
        const auto v = mantissas_of(values, "values");
        return find_zero_runs(meter_id, view_of(start, step_minutes, v),
                              intervals_of(occupied, "occupied"),
                              params.value_or(zero_use_params{}));
      },
      py::arg("meter_id"), py::arg("start"), py::arg("step_minutes"), py::arg("values"),
      py::arg("occupied"), py::arg("params") = py::none(),
      "VEE-6: a 'warning' per run of zero use inside the occupied (begin, end) windows.");

  m.def(
      "check_sum",
      [](const std::string& meter_id, const std::string& start, int step_minutes,
         const py::object& values, py::handle register_delta,
         std::optional<sum_check_params> params) {
        const auto v = mantissas_of(values, "values");
        return check_sum(meter_id, view_of(start, step_minutes, v),
                         to_decimal<energy>(register_delta, "register_delta"),
                         params.value_or(sum_check_params{}));
      },
      py::arg("meter_id"), py::arg("start"), py::arg("step_minutes"), py::arg("values"),
      py::arg("register_delta"), py::arg("params") = py::none(),
      "VEE-7: an 'exception' when Σ intervals differs from the register delta by more than "
      "both tolerances; None otherwise or when an interval is missing.");

  m.def(
      "check_intervals",
      [](const std::string& meter_id, const std::string& start, int step_minutes,
         const py::object& values, const py::object& occupied, std::optional<spike_params> spikes,
         std::optional<zero_use_params> zero_use) {
        const auto v = mantissas_of(values, "values");
        interval_rules rules;
        if (spikes) rules.spikes = *spikes;
        if (zero_use) rules.zero_use = *zero_use;
        return check_intervals(meter_id, view_of(start, step_minutes, v),
                               intervals_of(occupied, "occupied"), rules);
      },
      py::arg("meter_id"), py::arg("start"), py::arg("step_minutes"), py::arg("values"),
      py::arg("occupied"), py::arg("spikes") = py::none(), py::arg("zero_use") = py::none(),
      "VEE-2, VEE-4 and VEE-6 in one pass, in time order.");

  m.def(
      "interval_use",
      [](const py::object& reads, std::optional<rollover_params> register_format) {
        return mantissas_to_py(interval_use(mantissas_of(reads, "reads"),
                                            register_format.value_or(rollover_params{})));
      },
      py::arg("reads"), py::arg("register_format") = py::none(),
      "Cumulative reads on a grid (None where missing) to the use of the intervals between them "
      "(a rollover counted; None where a read is missing or the register went backwards).");

  m.def(
      "estimate_gaps",
      [](const std::string& meter_id, int register_number, const std::string& start,
         int step_minutes, const py::object& reads, std::optional<estimate_params> params,
         std::optional<rollover_params> register_format) {
        check_register(register_number);
        const auto step = step_of(step_minutes);
        if ((24 * 60) % step_minutes != 0) {
          throw error(errc::invalid_argument, "the read interval divides a day",
                      {{"step_minutes", std::to_string(step_minutes)}});
        }
        return estimate_gaps(meter_id, register_number, parse_local_time(start), step,
                             mantissas_of(reads, "reads"), params.value_or(estimate_params{}),
                             register_format.value_or(rollover_params{}));
      },
      py::arg("meter_id"), py::arg("register_number"), py::arg("start"), py::arg("step_minutes"),
      py::arg("reads"), py::arg("params") = py::none(), py::arg("register_format") = py::none(),
      "EST-1 (linear) and EST-2 (like-day) estimates for the runs of missing reads (None) "
      "between actual ones on a grid.");

  m.def(
      "estimate_bound_read",
      [](const std::string& meter_id, int register_number, const std::string& bound,
         const std::string& last_time, py::handle last_read, const py::object& period_use,
         long long period_length_seconds, std::optional<estimate_params> params,
         std::optional<rollover_params> register_format) {
        check_register(register_number);
        std::vector<energy> use;
        for (const auto& v : sequence_of(period_use, "period_use")) {
          use.push_back(to_decimal<energy>(v, "period_use"));
        }
        return estimate_bound_read(
            meter_id, register_number, parse_local_time(bound), parse_local_time(last_time),
            to_decimal<energy>(last_read, "last_read"), use,
            std::chrono::seconds{period_length_seconds}, params.value_or(estimate_params{}),
            register_format.value_or(rollover_params{}));
      },
      py::arg("meter_id"), py::arg("register_number"), py::arg("bound"), py::arg("last_time"),
      py::arg("last_read"), py::arg("period_use"), py::arg("period_length_seconds"),
      py::arg("params") = py::none(), py::arg("register_format") = py::none(),
      "EST-3 (估抄): the register at a billing bound from the last read and the average use of "
      "earlier periods (pro rata); None without any history.");

  m.def(
      "check_estimate_cap",
      [](const std::string& meter_id, const std::string& time, int consecutive,
         std::optional<estimate_params> params) {
        return check_estimate_cap(meter_id, parse_local_time(time), consecutive,
                                  params.value_or(estimate_params{}));
      },
      py::arg("meter_id"), py::arg("time"), py::arg("consecutive"), py::arg("params") = py::none(),
      "EST-4: an 'exception' when more than max_consecutive bounds in a row are estimated.");
}

}  // namespace

void register_vee(py::module_& m) {
  bind_params(m);
  bind_values(m);
  bind_rules(m);

  m.def(
      "run_vee",
      [](std::vector<metering::register_value> rows, const vee_period& period,
         std::optional<vee_options> options, const std::vector<meter_context>& meters,
         const std::vector<multiplier_observation>& multipliers,
         const std::vector<estimate>& earlier) {
        const vee_options o = options.value_or(vee_options{});
        py::gil_scoped_release release;
        return run_vee(std::move(rows), period, o, meters, multipliers, earlier);
      },
      py::arg("rows"), py::arg("period"), py::arg("options") = py::none(),
      py::arg("meters") = std::vector<meter_context>{},
      py::arg("multipliers") = std::vector<multiplier_observation>{},
      py::arg("earlier") = std::vector<estimate>{},
      "The VEE pass over store rows (metering.RegisterValue, any meters and order; include the "
      "history periods' reads) for `period`: duplicates, clock skew, register steps, the "
      "interval rules and EST-1/EST-2 on the read grid, EST-3 at the bounds (capped by EST-4), "
      "high/low and multiplier changes. `earlier` are estimates of earlier passes, used as they "
      "are. The GIL is released while it runs.");
}

}  // namespace submeter::python
