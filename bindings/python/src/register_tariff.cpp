// submeter.tariff: register tariffs (flat_tariff(), tou_tariff(), RegisterTariff.rate()) here;
// TOU schedules, tiers, versions and fixed charges in register_tariff_tou.cpp; two-part tariffs
// and power factor in register_tariff_two_part.cpp.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "convert.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/metering/register_reading.hpp"
#include "submeter/tariff/register_tariff.hpp"

namespace py = pybind11;

namespace submeter::python {

void register_tariff_tou(py::module_& m);
void register_tariff_two_part(py::module_& m);

bill::rounding_rule rounding_rule_from(const std::string& scope, int places,
                                       const std::string& mode) {
  bill::rounding_scope s = bill::rounding_scope::per_line;
  if (scope == "total_only") {
    s = bill::rounding_scope::total_only;
  } else if (scope != "per_line") {
    throw error(errc::invalid_argument, "rounding scope must be \"per_line\" or \"total_only\"",
                {{"scope", scope}});
  }
  for (const auto m : {rounding::half_up, rounding::half_even, rounding::toward_zero,
                       rounding::floor, rounding::ceil}) {
    if (mode == to_string(m)) return bill::rounding_rule::make(s, places, m);
  }
  throw error(errc::invalid_argument, "unknown rounding mode", {{"mode", mode}});
}

void register_tariff(py::module_& m) {
  py::class_<tariff::register_tariff>(m, "RegisterTariff",
                                      "A v0 register tariff: flat (on the total) or TOU (per rate "
                                      "register 1..8: 1 sharp, 2 peak, 3 flat, 4 valley).")
      .def_property_readonly("id", &tariff::register_tariff::id)
      .def_property_readonly("kind",
                             [](const tariff::register_tariff& t) {
                               return t.kind() == tariff::register_tariff_kind::flat ? "flat"
                                                                                     : "tou";
                             })
      .def_property_readonly(
          "prices",
          [](const tariff::register_tariff& t) {
            py::dict d;
            for (const auto& p : t.prices()) d[py::int_(p.rate_register)] = to_py(p.price);
            return d;
          },
          "{register: Decimal yuan/kWh}; register 0 is the total (flat tariffs).")
      .def(
          "rate",
          [](const tariff::register_tariff& t, py::handle total, py::dict registers,
             const std::string& meter_id, const std::string& scope, int places,
             const std::string& mode) {
            metering::register_usage u;
            u.meter_id = meter_id;
            u.multiplier = ratio::from_integer(1);
            u.total = to_decimal<energy>(total, "total");
            for (const auto& [key, value] : registers) {
              const int n = key.cast<int>();
              if (!metering::is_rate_register(n)) {
                throw error(errc::invalid_argument, "rate registers are numbered 1..8",
                            {{"register", std::to_string(n)}});
              }
              u.rates[static_cast<std::size_t>(n - 1)] = to_decimal<energy>(value, "register kWh");
            }
            return tariff::rate(t, u, rounding_rule_from(scope, places, mode));
          },
          py::arg("total"), py::arg("registers") = py::dict(), py::kw_only(),
          py::arg("meter_id") = "M", py::arg("scope") = "per_line", py::arg("places") = 2,
          py::arg("mode") = "half_up",
          "Rates usage (kWh, multiplier applied) into bill lines: total, and {register: kWh}.");

  m.def(
      "flat_tariff",
      [](std::string id, py::handle energy_price_value) {
        return tariff::register_tariff::flat(
            std::move(id), to_decimal<energy_price>(energy_price_value, "energy_price"));
      },
      py::arg("id"), py::arg("energy_price"),
      "A flat tariff; energy_price in yuan/kWh as Decimal, int or str (a float raises TypeError).");
  m.def(
      "tou_tariff",
      [](std::string id, py::dict prices) {
        std::vector<tariff::register_price> list;
        for (const auto& [key, value] : prices) {
          list.push_back({key.cast<int>(), to_decimal<energy_price>(value, "price")});
        }
        return tariff::register_tariff::tou(std::move(id), std::move(list));
      },
      py::arg("id"), py::arg("prices"),
      "A TOU tariff from {register 1..8: price}; prices as Decimal, int or str.");

  register_tariff_tou(m);
  register_tariff_two_part(m);
}

}  // namespace submeter::python
