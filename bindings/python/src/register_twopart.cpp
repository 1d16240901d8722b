// Two-part tariffs (issue 5): maximum demand from interval data, capacity and demand charges,
// contract demand, the 260 kWh/kVA factor, ratchets, power-factor adjustment and the sharing of
// site lines among tenants. Decimal in and out; floats raise TypeError.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "submeter/allocation/share.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/tariff/capacity_charge.hpp"
#include "submeter/tariff/demand_charge.hpp"
#include "submeter/tariff/power_factor.hpp"
#include "submeter/tariff/two_part.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

std::string time_text(local_time t) { return local_interval::format(t).substr(0, 16); }

// A set of component names from Python as the core's components (unknown names refused).
std::set<bill::component> components_from(const std::set<std::string>& names) {
  std::set<bill::component> out;
  for (const auto& n : names) out.insert(bill::parse_component(n));
  return out;
}

metering::demand_window window_from(const std::string& method, int window_minutes,
                                    int slide_minutes) {
  if (method == "sliding") {
    return metering::demand_window::sliding(std::chrono::minutes{window_minutes},
                                            std::chrono::minutes{slide_minutes});
  }
  if (method == "block")
    return metering::demand_window::block(std::chrono::minutes{window_minutes});
  throw error(errc::invalid_argument, "demand method must be \"sliding\" or \"block\"",
              {{"method", method}});
}

metering::demand_unit unit_from(const std::string& unit) {
  if (unit == "kW") return metering::demand_unit::kw;
  if (unit == "kVA") return metering::demand_unit::kva;
  throw error(errc::invalid_argument, "unit must be \"kW\" or \"kVA\"", {{"unit", unit}});
}

metering::interval_series series_from(const std::string& start, int step_minutes,
                                      const py::sequence& values, const std::string& kind,
                                      const std::string& unit) {
  const auto t0 = parse_local_time(start);
  const std::chrono::minutes step{step_minutes};
  if (kind == "power") {
    std::vector<power> v;
    v.reserve(values.size());
    for (const auto& x : values) v.push_back(to_decimal<power>(x, "values"));
    return metering::interval_series::of_power(t0, step, v, unit_from(unit));
  }
  if (kind == "energy") {
    std::vector<energy> v;
    v.reserve(values.size());
    for (const auto& x : values) v.push_back(to_decimal<energy>(x, "values"));
    return metering::interval_series::of_energy(t0, step, v, unit_from(unit));
  }
  throw error(errc::invalid_argument, "values must be \"power\" or \"energy\"", {{"kind", kind}});
}

tariff::excess_rule excess_from(const std::string& name) {
  for (const auto r : {tariff::excess_rule::variant_ii, tariff::excess_rule::variant_i,
                       tariff::excess_rule::pre_2016, tariff::excess_rule::pre_2016_with_band}) {
    if (name == tariff::to_string(r)) return r;
  }
  throw error(errc::invalid_argument,
              "excess rule must be variant_ii, variant_i, pre_2016 or pre_2016_with_band",
              {{"excess_rule", name}});
}

date::year_month year_month_from(const std::string& text) {
  const auto t = try_parse_local_time(text + "-01T00:00");
  if (text.size() != 7 || !t) {
    throw error(errc::parse, "not a month (expected YYYY-MM)", {{"text", "\"" + text + "\""}});
  }
  const auto ymd = local_date(*t);
  return ymd.year() / ymd.month();
}

int cos_hundredths_from(py::handle cos) {
  const auto r = to_decimal<ratio>(cos, "cos_phi");
  if (r.mantissa() % 10000000 != 0) {
    throw error(errc::invalid_argument, "cos φ has 2 decimals (PF-2)",
                {{"cos_phi", r.to_string(2)}});
  }
  return static_cast<int>(r.mantissa() / 10000000);
}

}  // namespace

void register_twopart(py::module_& m) {
  py::class_<metering::demand_peak>(m, "DemandPeak", "A maximum demand and its window (TP-3).")
      .def_property_readonly("demand",
                             [](const metering::demand_peak& p) { return to_py(p.demand, 0); })
      .def_property_readonly(
          "window_sum",
          [](const metering::demand_peak& p) {
            return to_py(power::from_mantissa(p.window_sum), 0);
          },
          "Σ of the window's interval values (kW, or kWh for energy data): exact")
      .def_property_readonly(
          "window_begin", [](const metering::demand_peak& p) { return time_text(p.window_begin); })
      .def_property_readonly("window_end",
                             [](const metering::demand_peak& p) { return time_text(p.window_end); })
      .def_readonly("windows_evaluated", &metering::demand_peak::windows_evaluated)
      .def_property_readonly(
          "unit", [](const metering::demand_peak& p) { return std::string(to_string(p.unit)); })
      .def("__repr__", [](const metering::demand_peak& p) {
        return "<submeter.DemandPeak " + p.demand.to_string(0) + " " +
               std::string(to_string(p.unit)) + " at " + time_text(p.window_end) + ">";
      });

  m.def(
      "max_demand",
      [](const std::string& start, int step_minutes, const py::sequence& values,
         const std::string& method, int window_minutes, int slide_minutes, const std::string& kind,
         const std::string& unit) {
        const auto s = series_from(start, step_minutes, values, kind, unit);
        return metering::max_demand(s, window_from(method, window_minutes, slide_minutes));
      },
      py::arg("start"), py::arg("step_minutes"), py::arg("values"), py::arg("method") = "sliding",
      py::arg("window_minutes") = 15, py::arg("slide_minutes") = 1, py::arg("kind") = "power",
      py::arg("unit") = "kW",
      "TP-3: the maximum demand of interval data from `start` (local 'YYYY-MM-DDTHH:MM'), one "
      "value every `step_minutes` (average kW, or kWh per interval with kind='energy').");

  m.def(
      "max_demand_array",
      [](const std::string& start, int step_minutes, py::array values, const std::string& method,
         int window_minutes, int slide_minutes, const std::string& kind, const std::string& unit) {
        if (values.dtype().kind() != 'i' || values.itemsize() != 8 || values.ndim() != 1) {
          throw py::type_error(
              "values must be a 1-D numpy.int64 array of mantissas (1e-4 kW, or 1e-4 kWh)");
        }
        if (kind != "power" && kind != "energy") {
          throw error(errc::invalid_argument, "values must be \"power\" or \"energy\"",
                      {{"kind", kind}});
        }
        const auto contiguous = py::array_t<std::int64_t, py::array::c_style>::ensure(values);
        const auto t0 = parse_local_time(start);
        const auto w = window_from(method, window_minutes, slide_minutes);
        const auto u = unit_from(unit);
        const auto* data = contiguous.data();
        const auto n = static_cast<std::size_t>(contiguous.size());
        py::gil_scoped_release release;
        if (kind == "power") {
          std::vector<power> v(n);
          for (std::size_t i = 0; i < n; ++i) v[i] = power::from_mantissa(data[i]);
          return metering::max_demand(
              metering::interval_series::of_power(t0, std::chrono::minutes{step_minutes}, v, u), w);
        }
        std::vector<energy> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = energy::from_mantissa(data[i]);
        return metering::max_demand(
            metering::interval_series::of_energy(t0, std::chrono::minutes{step_minutes}, v, u), w);
      },
      py::arg("start"), py::arg("step_minutes"), py::arg("values"), py::arg("method") = "sliding",
      py::arg("window_minutes") = 15, py::arg("slide_minutes") = 1, py::arg("kind") = "power",
      py::arg("unit") = "kW",
      "max_demand over a numpy.int64 array of mantissas (1e-4 kW, or 1e-4 kWh with "
      "kind='energy'); the GIL is released while it runs.");

  m.def(
      "max_demand_of_lines",
      [](const std::string& start, int step_minutes, const std::vector<py::sequence>& lines,
         const std::string& method, int window_minutes, int slide_minutes) {
        std::vector<metering::interval_series> s;
        for (const auto& l : lines) s.push_back(series_from(start, step_minutes, l, "power", "kW"));
        const auto d =
            metering::max_demand_of_lines(s, window_from(method, window_minutes, slide_minutes));
        return py::make_tuple(d.lines, to_py(d.billing_demand, 0));
      },
      py::arg("start"), py::arg("step_minutes"), py::arg("lines"), py::arg("method") = "sliding",
      py::arg("window_minutes") = 15, py::arg("slide_minutes") = 1,
      "TP-5: (per-line peaks, billing demand = Σ of the lines' maxima).");

  m.def(
      "peaks_for_sharing",
      [](const std::string& start, int step_minutes, const py::sequence& site,
         const std::vector<py::sequence>& tenants, const std::string& method, int window_minutes,
         int slide_minutes) {
        const auto s = series_from(start, step_minutes, site, "power", "kW");
        std::vector<metering::interval_series> ts;
        for (const auto& t : tenants)
          ts.push_back(series_from(start, step_minutes, t, "power", "kW"));
        const auto p =
            metering::peaks_for_sharing(s, ts, window_from(method, window_minutes, slide_minutes));
        py::dict d;
        d["site"] = p.site;
        py::list coincident;
        for (const auto& c : p.coincident) coincident.append(to_py(c, 0));
        d["coincident"] = coincident;
        d["own"] = p.own;
        return d;
      },
      py::arg("start"), py::arg("step_minutes"), py::arg("site"), py::arg("tenants"),
      py::arg("method") = "sliding", py::arg("window_minutes") = 15, py::arg("slide_minutes") = 1,
      "TP-10: the site's peak, each tenant's demand in that window (coincident) and each "
      "tenant's own peak: {'site', 'coincident', 'own'}.");

  m.def(
      "capacity_line",
      [](const std::string& meter_id, py::handle kva, py::handle price,
         std::optional<std::int64_t> days) {
        return tariff::capacity_line(meter_id, to_decimal<power>(kva, "kva"),
                                     to_decimal<power_price>(price, "price"), bill::rounding_rule{},
                                     days);
      },
      py::arg("meter_id"), py::arg("kva"), py::arg("price"), py::arg("days") = py::none(),
      "TP-2/TP-8: kVA × yuan/kVA·month, prorated by days used (1/30 a day) when `days` is given.");

  m.def(
      "prorated_basic_charge",
      [](const std::string& component, const std::string& meter_id, py::handle monthly,
         std::int64_t days) {
        return tariff::prorated_basic_charge(bill::parse_component(component), meter_id,
                                             to_decimal<bill::exact_money>(monthly, "monthly"),
                                             days, bill::rounding_rule{});
      },
      py::arg("component"), py::arg("meter_id"), py::arg("monthly"), py::arg("days"),
      "TP-8: monthly × min(days, 30) / 30, rounded once half-up to 0.01.");

  m.def(
      "contract_demand",
      [](py::handle declared, py::handle transformer_kva, py::handle hv_motor_kw) {
        const auto c =
            tariff::contract_demand::make(to_decimal<power>(declared, "declared"),
                                          to_decimal<power>(transformer_kva, "transformer_kva"),
                                          to_decimal<power>(hv_motor_kw, "hv_motor_kw"));
        py::dict d;
        d["declared"] = to_py(c.declared, 0);
        d["floor"] = to_py(c.floor, 0);
        d["contract"] = to_py(c.contract, 0);
        d["raised"] = c.raised;
        d["warnings"] = warnings_to_py(c.warnings);
        return d;
      },
      py::arg("declared"), py::arg("transformer_kva"), py::arg("hv_motor_kw") = 0,
      "TP-4: the contract demand floored at 40 % of (kVA + HV-motor kW), with a warning when "
      "raised.");

  m.def(
      "demand_line",
      [](const std::string& meter_id, py::handle max_demand, py::handle contract, py::handle price,
         const std::string& excess_rule, py::handle price_factor) {
        std::optional<power> c;
        if (!contract.is_none()) c = to_decimal<power>(contract, "contract");
        return tariff::demand_line(meter_id, to_decimal<power>(max_demand, "max_demand"), c,
                                   to_decimal<power_price>(price, "price"), bill::rounding_rule{},
                                   excess_from(excess_rule),
                                   to_decimal<ratio>(price_factor, "price_factor"));
      },
      py::arg("meter_id"), py::arg("max_demand"), py::arg("contract"), py::arg("price"),
      py::arg("excess_rule") = "variant_ii", py::arg("price_factor") = 1,
      "TP-6: the demand charge against a contract (None: D × p), one line rounded once.");

  m.def(
      "high_load_factor",
      [](const std::vector<py::object>& kwh, py::handle contract_kva) {
        std::vector<energy> e;
        for (const auto& k : kwh) e.push_back(to_decimal<energy>(k, "kwh"));
        const auto f = tariff::high_load_factor(e, to_decimal<power>(contract_kva, "contract_kva"));
        py::dict d;
        d["total_kwh"] = to_py(f.total_kwh, 0);
        d["kwh_per_kva"] = to_py(f.kwh_per_kva, 0);
        d["qualifies"] = f.qualifies;
        d["price_factor"] = to_py(f.price_factor, 1);
        return d;
      },
      py::arg("metering_point_kwh"), py::arg("contract_kva"),
      "TP-7: kWh per kVA ≥ 260 earns 90 % of the demand price.");

  m.def(
      "ratchet_demand",
      [](py::handle minimum, int lookback_months, const std::vector<py::object>& percent_by_month,
         const std::vector<bool>& current_counts, const std::string& current,
         py::handle current_peak, const std::map<std::string, py::object>& history) {
        if (percent_by_month.size() != 12 || current_counts.size() != 12) {
          throw error(errc::invalid_argument, "12 percentages and 12 flags are needed");
        }
        std::array<ratio, 12> pct{};
        std::array<bool, 12> cur{};
        for (std::size_t i = 0; i < 12; ++i) {
          pct[i] = to_decimal<ratio>(percent_by_month[i], "percent_by_month");
          cur[i] = current_counts[i];
        }
        const auto r =
            tariff::ratchet::make(to_decimal<power>(minimum, "minimum"), lookback_months, pct, cur);
        std::vector<tariff::month_peak> h;
        for (const auto& [k, v] : history)
          h.push_back({year_month_from(k), to_decimal<power>(v, "history")});
        const auto b = tariff::ratchet_demand(r, year_month_from(current),
                                              to_decimal<power>(current_peak, "current_peak"), h);
        return py::make_tuple(
            to_py(b.demand, 0), b.basis,
            b.from_month ? py::object(py::str(bill::billing_period::of(*b.from_month).label()))
                         : py::object(py::none()));
      },
      py::arg("minimum"), py::arg("lookback_months"), py::arg("percent_by_month"),
      py::arg("current_counts"), py::arg("current"), py::arg("current_peak"), py::arg("history"),
      "Ratchet: (billing demand, basis, month) = max(minimum, % × look-back peaks, current peak); "
      "percentages are fractions (0.95); history maps 'YYYY-MM' to peaks.");

  m.def(
      "cos_phi",
      [](py::handle wp, py::handle wq_import, py::handle wq_export) {
        std::optional<reactive_energy> ex;
        if (!wq_export.is_none()) ex = to_decimal<reactive_energy>(wq_export, "wq_export");
        return to_py(tariff::cos_phi(to_decimal<energy>(wp, "wp"),
                                     to_decimal<reactive_energy>(wq_import, "wq_import"), ex),
                     2);
      },
      py::arg("wp"), py::arg("wq_import"), py::arg("wq_export") = py::none(),
      "PF-2: cos φ from kWh and kvarh, exact, half-up to 2 decimals.");

  m.def(
      "pf_adjustment_percent",
      [](const std::string& standard, py::handle cos) {
        const int bp = tariff::adjustment_basis_points(tariff::parse_pf_standard(standard),
                                                       cos_hundredths_from(cos));
        return make_decimal(tariff::percent_text(bp));
      },
      py::arg("standard"), py::arg("cos_phi"),
      "PF-3: the adjustment in percent (+ surcharge, − reduction).");

  m.def(
      "pf_adjustment_table",
      [](const std::string& standard) {
        py::list rows;
        for (const auto& r : tariff::adjustment_table(tariff::parse_pf_standard(standard))) {
          rows.append(py::make_tuple(
              to_py(ratio::from_mantissa(std::int64_t{r.cos_hundredths} * 10000000), 2),
              make_decimal(tariff::percent_text(r.basis_points))));
        }
        return rows;
      },
      py::arg("standard"), "PF-3: [(cos φ, percent)] from 1.00 down to 0.30.");

  m.def(
      "power_factor_line",
      [](const std::string& meter_id, py::handle base, const std::string& standard,
         py::handle cos) {
        return tariff::power_factor_line(meter_id, to_decimal<bill::exact_money>(base, "base"),
                                         tariff::parse_pf_standard(standard),
                                         cos_hundredths_from(cos), bill::rounding_rule{});
      },
      py::arg("meter_id"), py::arg("base"), py::arg("standard"), py::arg("cos_phi"),
      "PF-4: base × percent, half-up to 0.01, as a 'power_factor' line.");

  m.def(
      "power_factor_line_from_lines",
      [](const std::string& meter_id, const std::vector<bill::line>& lines, py::handle wp,
         py::handle wq_import, py::handle wq_export, const std::string& standard,
         std::optional<std::set<std::string>> base) {
        std::optional<reactive_energy> ex;
        if (!wq_export.is_none()) ex = to_decimal<reactive_energy>(wq_export, "wq_export");
        return tariff::power_factor_line(meter_id, lines, to_decimal<energy>(wp, "wp"),
                                         to_decimal<reactive_energy>(wq_import, "wq_import"), ex,
                                         tariff::parse_pf_standard(standard), bill::rounding_rule{},
                                         base ? components_from(*base) : tariff::default_pf_base());
      },
      py::arg("meter_id"), py::arg("lines"), py::arg("wp"), py::arg("wq_import"),
      py::arg("wq_export") = py::none(), py::arg("standard") = "0.90", py::arg("base") = py::none(),
      "PF-2 + PF-4: cos φ from kWh/kvarh and the base from `lines` by component (default "
      "capacity, demand, energy, tier_adder).");

  m.def(
      "max_demand_by_register",
      [](const std::string& start, int step_minutes, const py::sequence& values,
         const std::vector<int>& registers, const std::string& method, int window_minutes,
         int slide_minutes, const std::string& kind) {
        const auto s = series_from(start, step_minutes, values, kind, "kW");
        std::vector<std::uint8_t> regs;
        for (const int r : registers) {
          if (r < 0 || r > metering::max_rate_registers) {
            throw error(errc::invalid_argument, "a rate register is numbered 1..8 (0 for none)",
                        {{"register", std::to_string(r)}});
          }
          regs.push_back(static_cast<std::uint8_t>(r));
        }
        const auto peaks = metering::max_demand_by_register(
            s, window_from(method, window_minutes, slide_minutes), regs);
        py::dict d;
        for (std::size_t r = 1; r < peaks.size(); ++r) {
          if (peaks[r]) d[py::int_(r)] = *peaks[r];
        }
        return d;
      },
      py::arg("start"), py::arg("step_minutes"), py::arg("values"), py::arg("registers"),
      py::arg("method") = "sliding", py::arg("window_minutes") = 15, py::arg("slide_minutes") = 1,
      py::arg("kind") = "power",
      "Maximum demand per rate register (1..8, one per interval; 0 for none): {register: "
      "DemandPeak}; a window counts for the register in force when it closes.");

  m.def(
      "graduated_demand_lines",
      [](const std::string& meter_id, int rate_register, const std::string& register_name,
         py::handle demand, const std::vector<std::pair<py::object, py::object>>& tiers) {
        std::vector<tariff::demand_tier> ts;
        for (const auto& [up_to, price] : tiers) {
          std::optional<power> u;
          if (!up_to.is_none()) u = to_decimal<power>(up_to, "up_to");
          ts.push_back({u, to_decimal<power_price>(price, "price")});
        }
        return tariff::graduated_demand_lines(meter_id, rate_register, register_name,
                                              to_decimal<power>(demand, "demand"), ts,
                                              bill::rounding_rule{});
      },
      py::arg("meter_id"), py::arg("rate_register"), py::arg("register_name"), py::arg("demand"),
      py::arg("tiers"),
      "Stepped demand prices: tiers = [(up_to kW or None, yuan/kW·month), …], last unbounded.");

  m.def(
      "rate_two_part",
      [](const std::string& meter_id, const std::string& basis, py::handle capacity_kva,
         py::handle capacity_price, py::handle demand_price, py::handle declared_contract,
         py::handle hv_motor_kw, const std::string& excess_rule, bool high_load_discount,
         std::optional<std::string> pf_standard, std::optional<std::set<std::string>> pf_base,
         py::handle max_demand, const std::vector<py::object>& metering_point_kwh,
         py::handle active_kwh, py::handle reactive_import, py::handle reactive_export,
         std::optional<std::int64_t> days_used, const std::vector<bill::line>& energy_lines) {
        tariff::two_part_tariff t;
        if (basis == "capacity") {
          t.basis = tariff::basic_charge_basis::capacity;
        } else if (basis == "demand") {
          t.basis = tariff::basic_charge_basis::demand;
        } else {
          throw error(errc::invalid_argument, "basis must be \"capacity\" or \"demand\"",
                      {{"basis", basis}});
        }
        t.capacity_kva = to_decimal<power>(capacity_kva, "capacity_kva");
        t.capacity_price = to_decimal<power_price>(capacity_price, "capacity_price");
        t.demand_price = to_decimal<power_price>(demand_price, "demand_price");
        if (!declared_contract.is_none())
          t.declared_contract = to_decimal<power>(declared_contract, "declared_contract");
        t.hv_motor_kw = to_decimal<power>(hv_motor_kw, "hv_motor_kw");
        t.excess = excess_from(excess_rule);
        t.high_load_discount = high_load_discount;
        if (pf_standard) t.pf = tariff::parse_pf_standard(*pf_standard);
        if (pf_base) t.pf_base = components_from(*pf_base);
        tariff::two_part_usage u;
        u.max_demand = to_decimal<power>(max_demand, "max_demand");
        for (const auto& k : metering_point_kwh)
          u.metering_point_kwh.push_back(to_decimal<energy>(k, "metering_point_kwh"));
        u.active_kwh = to_decimal<energy>(active_kwh, "active_kwh");
        u.reactive_import = to_decimal<reactive_energy>(reactive_import, "reactive_import");
        if (!reactive_export.is_none())
          u.reactive_export = to_decimal<reactive_energy>(reactive_export, "reactive_export");
        u.days_used = days_used;
        const auto r = tariff::rate_two_part(meter_id, t, u, energy_lines, bill::rounding_rule{});
        return py::make_tuple(r.lines, warnings_to_py(r.warnings));
      },
      py::arg("meter_id"), py::kw_only(), py::arg("basis"), py::arg("capacity_kva") = 0,
      py::arg("capacity_price") = 0, py::arg("demand_price") = 0,
      py::arg("declared_contract") = py::none(), py::arg("hv_motor_kw") = 0,
      py::arg("excess_rule") = "variant_ii", py::arg("high_load_discount") = true,
      py::arg("pf_standard") = py::none(), py::arg("pf_base") = py::none(),
      py::arg("max_demand") = 0, py::arg("metering_point_kwh") = std::vector<py::object>{},
      py::arg("active_kwh") = 0, py::arg("reactive_import") = 0,
      py::arg("reactive_export") = py::none(), py::arg("days_used") = py::none(),
      py::arg("energy_lines") = std::vector<bill::line>{},
      "A month of a two-part tariff for one user (site or tenant): (lines, warnings) with the "
      "basic charge (capacity or demand) and, with a pf_standard, the power-factor line.");

  m.def(
      "share_lines",
      [](const std::vector<bill::line>& site_lines, const std::vector<std::string>& tenants,
         const std::vector<py::object>& weights, const std::string& basis) {
        std::vector<bill::line_quantity> w;
        for (const auto& x : weights) w.push_back(to_decimal<bill::line_quantity>(x, "weights"));
        return allocation::share_site_lines(site_lines, tenants, w, basis);
      },
      py::arg("site_lines"), py::arg("tenants"), py::arg("weights"), py::arg("basis"),
      "TP-10: each site line split among tenants by weights (largest remainder; parts add up).");
}

}  // namespace submeter::python
