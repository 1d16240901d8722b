// submeter.tariff, part 2 (register_tariff.cpp calls it): TOU schedules (shipped tables or
// files), interval classification from NumPy int64 mantissas (GIL released), tiered tariffs,
// price versions, fixed charges and the URDB importer.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "convert.hpp"
#include "io/tou_json.hpp"
#include "io/urdb_json.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/tariff/fixed_charge.hpp"
#include "submeter/tariff/interval_usage.hpp"
#include "submeter/tariff/tiers.hpp"
#include "submeter/tariff/tou_schedule.hpp"
#include "submeter/tariff/version_split.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

local_time parse_time(const std::string& text) { return parse_local_time(text); }

tariff::tier_shape shape_from(const std::string& s) {
  for (auto shape : {tariff::tier_shape::pooled, tariff::tier_shape::pro_rata,
                     tariff::tier_shape::per_period, tariff::tier_shape::adder}) {
    if (s == tariff::to_string(shape)) return shape;
  }
  throw error(errc::invalid_argument, "tier shape must be pooled, pro_rata, per_period or adder",
              {{"shape", s}});
}

std::vector<energy> energies(const py::list& values, const char* what) {
  std::vector<energy> out;
  for (const auto& v : values) out.push_back(to_decimal<energy>(v, what));
  return out;
}

metering::register_reading reading_from(const py::dict& d) {
  metering::register_reading r;
  r.time = parse_time(text_of(field_of(d, "time", "reading"), "reading time"));
  r.total = to_decimal<energy>(field_of(d, "total", "reading"), "reading total");
  if (d.contains("registers")) {
    for (const auto& [k, v] : dict_of(d["registers"], "reading registers")) {
      const int n = k.cast<int>();
      if (!metering::is_rate_register(n)) {
        throw error(errc::invalid_argument, "rate registers are numbered 1..8",
                    {{"register", std::to_string(n)}});
      }
      r.rates[static_cast<std::size_t>(n - 1)] = to_decimal<energy>(v, "register reading");
    }
  }
  return r;
}

py::dict tier_rating_dict(const tariff::tiered_rating<energy>& r) {
  py::dict out;
  out["lines"] = r.lines;
  out["after"] = to_py(r.after.pooled);
  py::dict per_register;
  for (int n = 0; n <= metering::max_rate_registers; ++n) {
    const auto v = r.after.per_register[static_cast<std::size_t>(n)];
    if (!v.is_zero()) per_register[py::int_(n)] = to_py(v);
  }
  out["after_per_register"] = per_register;
  py::list tiers;
  for (const auto& q : r.per_tier) tiers.append(to_py(q));
  out["per_tier"] = tiers;
  out["warnings"] = warnings_to_py(r.warnings);
  return out;
}

}  // namespace

void register_tariff_tou(py::module_& m) {
  py::class_<tariff::tou_schedule>(m, "TouSchedule",
                                   "A validated time-of-use schedule (up to 8 rate registers).")
      .def_property_readonly("name", &tariff::tou_schedule::name)
      .def_property_readonly("registers",
                             [](const tariff::tou_schedule& s) {
                               py::dict d;
                               for (const auto& r : s.registers().registers())
                                 d[py::int_(r.number)] = r.name;
                               return d;
                             })
      .def(
          "register_at",
          [](const tariff::tou_schedule& s, const std::string& time,
             const calendar::holiday_calendar& holidays) {
            const auto t = parse_time(time);
            const auto day = date::floor<date::days>(t);
            const auto minute = static_cast<int>((t - local_time{day}) / std::chrono::minutes{1});
            return s.table_for(day, holidays).register_at(minute);
          },
          py::arg("time"), py::arg("calendar"),
          "The rate register in force at a local time 'YYYY-MM-DD HH:MM'.")
      .def(
          "classify",
          [](const tariff::tou_schedule& s, const std::string& start, int step_minutes,
             py::array values, const calendar::holiday_calendar& holidays) {
            if (values.dtype().kind() != 'i' || values.itemsize() != 8 || values.ndim() != 1) {
              throw py::type_error(
                  "values must be a 1-D numpy.int64 array of energy mantissas (1e-4 kWh)");
            }
            const auto contiguous = py::array_t<std::int64_t, py::array::c_style>::ensure(values);
            const auto n = static_cast<std::int64_t>(contiguous.size());
            tariff::classified_usage used;
            {
              py::gil_scoped_release release;
              const auto w = tariff::window_classifier::make(s, holidays, calendar::day_marks{},
                                                             parse_time(start),
                                                             std::chrono::minutes{step_minutes}, n);
              used = w.classify(contiguous.data());
            }
            py::dict d;
            for (const auto& r : s.registers().registers()) {
              d[py::int_(r.number)] = to_py(used.by_register[static_cast<std::size_t>(r.number)]);
            }
            return d;
          },
          py::arg("start"), py::arg("step_minutes"), py::arg("values"), py::arg("calendar"),
          "Sums interval energies (numpy.int64 mantissas at 1e-4 kWh, labelled by their start) "
          "per rate register; an interval that crosses a boundary is shared pro rata. The GIL "
          "is released while it runs.");
  m.def(
      "load_tou_schedule",
      [](const py::object& path) { return io::load_tou_schedule(path_text(path)); },
      py::arg("path"), "A TOU schedule from a submeter-tou-v1 JSON file.");

  py::class_<tariff::tiered_tariff<energy>>(m, "TieredTariff", "A tiered (阶梯) energy tariff.")
      .def_property_readonly("id", &tariff::tiered_tariff<energy>::id)
      .def_property_readonly("shape",
                             [](const tariff::tiered_tariff<energy>& t) {
                               return std::string(tariff::to_string(t.shape()));
                             })
      .def(
          "rate",
          [](const tariff::tiered_tariff<energy>& t, const py::list& use, py::handle before,
             int days, const std::string& meter_id, const std::string& scope, int places,
             const std::string& mode, py::object billing_demand) {
            std::vector<tariff::register_use<energy>> u;
            for (const auto& item : use) {
              const auto pair = items_of(item, 2, "use");
              u.push_back({py::object(pair[0]).cast<int>(), to_decimal<energy>(pair[1], "use")});
            }
            tariff::tier_counter<energy> c;
            c.pooled = to_decimal<energy>(before, "before");
            std::optional<power> demand;
            if (!billing_demand.is_none())
              demand = to_decimal<power>(billing_demand, "billing_demand");
            return tier_rating_dict(
                t.rate(meter_id, u, c, days, rounding_rule_from(scope, places, mode), demand));
          },
          py::arg("use"), py::arg("before") = 0, py::arg("days") = 30, py::kw_only(),
          py::arg("meter_id") = "M", py::arg("scope") = "per_line", py::arg("places") = 2,
          py::arg("mode") = "half_up", py::arg("billing_demand") = py::none(),
          "Rates [(register, kWh), …] in time order from the counter `before`; a per_kw ladder "
          "needs `billing_demand` (kW). Returns {lines, after, after_per_register, per_tier, "
          "warnings}.")
      .def(
          "rate_by_day",
          [](const tariff::tiered_tariff<energy>& t, const py::list& reads,
             const std::string& meter_id, const std::string& scope, int places,
             const std::string& mode) {
            std::vector<tariff::timed_use<energy>> u;
            for (const auto& item : reads) {
              const auto r = items_of(item, 4, "reads");
              u.push_back({py::object(r[0]).cast<int>(),
                           local_interval::make(parse_local_time(text_of(r[1], "reads")),
                                                parse_local_time(text_of(r[2], "reads"))),
                           to_decimal<energy>(r[3], "use")});
            }
            return tier_rating_dict(
                t.rate_by_day(meter_id, u, rounding_rule_from(scope, places, mode)));
          },
          py::arg("reads"), py::kw_only(), py::arg("meter_id") = "M", py::arg("scope") = "per_line",
          py::arg("places") = 2, py::arg("mode") = "half_up",
          "Rates [(register, 'from', 'to', kWh), …] against a daily ladder (the counter restarts "
          "at each midnight; a reading spanning days is split by elapsed time and warned about).");
  m.def(
      "tiered_tariff",
      [](std::string id, const std::string& shape, const py::list& bounds, const py::dict& prices,
         py::object adders, const std::string& basis) {
        tariff::bound_basis b = tariff::bound_basis::absolute;
        if (basis == "per_day") {
          b = tariff::bound_basis::per_day;
        } else if (basis == "per_kw") {
          b = tariff::bound_basis::per_kw;
        } else if (basis == "daily") {
          b = tariff::bound_basis::daily;
        } else if (basis != "absolute") {
          throw error(errc::invalid_argument, "basis must be absolute, per_day, per_kw or daily",
                      {{"basis", basis}});
        }
        const auto ladder = tariff::tier_ladder<energy>::make(energies(bounds, "bound"), b);
        std::vector<tariff::register_tier_prices<energy>> regs;
        for (const auto& [k, v] : prices) {
          tariff::register_tier_prices<energy> r;
          r.rate_register = k.cast<int>();
          for (const auto& p : sequence_of(v, "prices"))
            r.prices.push_back(to_decimal<energy_price>(p, "price"));
          if (shape == "per_period") r.ladder = ladder;
          regs.push_back(std::move(r));
        }
        const auto s = shape_from(shape);
        if (s == tariff::tier_shape::adder) {
          std::vector<energy_price> a;
          for (const auto& x : sequence_of(adders, "adders"))
            a.push_back(to_decimal<energy_price>(x, "adder"));
          return tariff::tiered_tariff<energy>::adder(std::move(id), ladder, regs, a);
        }
        if (s == tariff::tier_shape::per_period)
          return tariff::tiered_tariff<energy>::per_period(std::move(id), regs);
        return tariff::tiered_tariff<energy>::shared(std::move(id), s, ladder, regs);
      },
      py::arg("id"), py::arg("shape"), py::arg("bounds"), py::arg("prices"),
      py::arg("adders") = py::none(), py::arg("basis") = "absolute",
      "A tiered tariff: shape pooled | pro_rata | per_period | adder (no default, tariffs.md "
      "§1.4); bounds are cumulative kWh; prices {register: [price per tier]} (adder: one price "
      "per register, plus adders per tier).");

  py::class_<tariff::version_history>(m, "VersionHistory",
                                      "Immutable TOU price versions, each effective at an instant.")
      .def_property_readonly("ids",
                             [](const tariff::version_history& h) {
                               std::vector<std::string> ids;
                               for (const auto& v : h.versions()) ids.push_back(v.id);
                               return ids;
                             })
      .def(
          "rate",
          [](const tariff::version_history& h, const py::dict& from, const py::dict& to,
             const py::list& reads, const std::string& meter_id, py::handle multiplier,
             const std::string& scope, int places, const std::string& mode) {
            const auto meter =
                metering::meter::make(meter_id, to_decimal<ratio>(multiplier, "multiplier"));
            const auto usage =
                metering::usage(meter, reading_from(from), reading_from(to), rounding::half_up);
            std::vector<metering::register_reading> more;
            for (const auto& r : reads) more.push_back(reading_from(dict_of(r, "reads")));
            return tariff::rate_versions(h, usage, rounding_rule_from(scope, places, mode), more);
          },
          py::arg("from_reading"), py::arg("to_reading"), py::arg("reads") = py::list(),
          py::kw_only(), py::arg("meter_id") = "M", py::arg("multiplier") = 1,
          py::arg("scope") = "per_line", py::arg("places") = 2, py::arg("mode") = "half_up",
          "Rates a meter between two readings ({time, total, registers}), split at each version "
          "change by a reading at the instant in `reads` if any, else by days.");
  m.def(
      "version_history",
      [](const py::dict& registers, const py::list& versions) {
        std::vector<tariff::rate_register> regs;
        for (const auto& [k, v] : registers) regs.push_back({k.cast<int>(), v.cast<std::string>()});
        const auto set = tariff::register_set::make(regs);
        std::vector<tariff::price_version> list;
        for (const auto& item : versions) {
          const auto t = items_of(item, 3, "versions");
          std::vector<std::pair<int, energy_price>> prices;
          for (const auto& [k, v] : dict_of(t[2], "versions"))
            prices.emplace_back(k.cast<int>(), to_decimal<energy_price>(v, "price"));
          list.push_back({text_of(t[0], "versions"), parse_time(text_of(t[1], "versions")),
                          tariff::register_prices::make(set, prices), ""});
        }
        return tariff::version_history::make(set, std::move(list));
      },
      py::arg("registers"), py::arg("versions"),
      "Price versions from {register: name} and [(id, 'YYYY-MM-DD HH:MM', {register: price})].");

  py::class_<tariff::fixed_charge>(m, "FixedCharge", "A fixed charge per day/month/quarter/year.")
      .def_property_readonly("name", &tariff::fixed_charge::name)
      .def(
          "amount",
          [](const tariff::fixed_charge& c, const std::string& from, const std::string& to) {
            return to_py(c.amount(local_interval::make(parse_time(from), parse_time(to))), 2);
          },
          py::arg("start"), py::arg("end"), "The exact charge for [start, end).")
      .def(
          "charge",
          [](const tariff::fixed_charge& c, const std::string& from, const std::string& to,
             const std::string& meter_id, const std::string& scope, int places,
             const std::string& mode) {
            return c.charge(meter_id, local_interval::make(parse_time(from), parse_time(to)),
                            rounding_rule_from(scope, places, mode));
          },
          py::arg("start"), py::arg("end"), py::kw_only(), py::arg("meter_id") = "",
          py::arg("scope") = "per_line", py::arg("places") = 2, py::arg("mode") = "half_up");
  m.def(
      "fixed_charge",
      [](std::string name, py::handle rate, const std::string& cycle, const std::string& proration,
         const std::string& days) {
        tariff::charge_cycle c = tariff::charge_cycle::month;
        if (cycle == "day")
          c = tariff::charge_cycle::day;
        else if (cycle == "quarter")
          c = tariff::charge_cycle::quarter;
        else if (cycle == "year")
          c = tariff::charge_cycle::year;
        else if (cycle != "month")
          throw error(errc::invalid_argument, "cycle: day, month, quarter or year",
                      {{"cycle", cycle}});
        tariff::proration p = tariff::proration::calendar;
        if (proration == "thirty_day_month")
          p = tariff::proration::thirty_day_month;
        else if (proration == "per_year_day")
          p = tariff::proration::per_year_day;
        else if (proration != "calendar")
          throw error(errc::invalid_argument,
                      "proration: calendar, thirty_day_month or per_year_day",
                      {{"proration", proration}});
        if (days != "elapsed" && days != "touched")
          throw error(errc::invalid_argument, "days: elapsed or touched", {{"days", days}});
        return tariff::fixed_charge::make(
            std::move(name), to_decimal<money>(rate, "rate"), c, p,
            days == "touched" ? tariff::day_count::touched : tariff::day_count::elapsed);
      },
      py::arg("name"), py::arg("rate"), py::arg("cycle") = "month",
      py::arg("proration") = "calendar", py::arg("days") = "elapsed");

  m.def(
      "import_urdb",
      [](const py::object& path, const std::string& shape) {
        auto r = io::load_urdb_rate(path_text(path), shape_from(shape));
        return py::make_tuple(r.energy_schedule, r.energy_tariff);
      },
      py::arg("path"), py::arg("shape"),
      "Imports a URDB record's energy schedule and tiers: (TouSchedule, TieredTariff).");
}

}  // namespace submeter::python
