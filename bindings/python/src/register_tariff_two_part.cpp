// submeter.tariff, part 3 (register_tariff.cpp calls it): two-part tariffs (issue 5): capacity and
// demand charges, contract demand, the 260 kWh/kVA factor, ratchets and power-factor adjustment.
// Maximum demand is in register_metering.cpp, the sharing of site lines in
// register_allocation.cpp. Decimal in and out; floats raise TypeError.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/tariff/capacity_charge.hpp"
#include "submeter/tariff/demand_charge.hpp"
#include "submeter/tariff/power_factor.hpp"
#include "submeter/tariff/two_part.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

// A set of component names from Python as the core's components (unknown names refused).
std::set<bill::component> components_from(const std::set<std::string>& names) {
  std::set<bill::component> out;
  for (const auto& n : names) out.insert(bill::parse_component(n));
  return out;
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

void register_tariff_two_part(py::module_& m) {
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
      "adjustment_table",
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
}

}  // namespace submeter::python
