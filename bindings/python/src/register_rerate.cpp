// submeter.rerate: rerate_bills(...) for retroactive price adjustment (电费退补) and the
// back-billing functions for meter faults (供电营业规则 Art. 80–81).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "convert.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/rerate/backbilling.hpp"
#include "submeter/rerate/retroactive.hpp"
#include "submeter/site/accounts.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

rerate::price_key key_from(py::handle k) {
  if (py::isinstance<py::int_>(k)) return {bill::component::energy, k.cast<int>(), 0};
  if (!PyTuple_Check(k.ptr()) || PyTuple_GET_SIZE(k.ptr()) != 3) {
    throw error(errc::invalid_argument,
                "a price key is a register number or (component, register, tier)");
  }
  const auto t = py::reinterpret_borrow<py::tuple>(k);
  return {bill::parse_component(text_of(t[0], "prices")), t[1].cast<int>(), t[2].cast<int>()};
}

py::dict backbill_dict(const rerate::backbill& b) {
  py::dict d;
  d["rule"] = b.rule;
  d["applies"] = b.applies;
  d["basis"] = to_py(b.basis);
  d["true_kwh"] = to_py(b.true_kwh);
  d["correction"] = to_py(b.correction);
  d["direction"] = b.direction;
  d["lines"] = b.lines;
  return d;
}

}  // namespace

void register_rerate(py::module_& m) {
  py::class_<rerate::adjustment>(m, "Adjustment",
                                 "A signed refund/supplement line referencing an issued line.")
      .def_property_readonly("bill_id",
                             [](const rerate::adjustment& a) { return a.refers_to.bill_id; })
      .def_property_readonly("line_index",
                             [](const rerate::adjustment& a) { return a.refers_to.line_index; })
      .def_readonly("kind", &rerate::adjustment::kind)
      .def_readonly("line", &rerate::adjustment::line)
      .def("__repr__", [](const rerate::adjustment& a) {
        return "<submeter.rerate.Adjustment " + a.line.explanation + ">";
      });

  m.def(
      "rerate_bills",
      [](const std::string& site_id, const py::list& bills, const std::string& tariff_id,
         const std::string& version, const std::string& effective, const py::dict& prices,
         const std::vector<rerate::adjustment>& earlier, const py::dict& reads,
         const std::string& document) {
        std::vector<rerate::issued_bill> issued;
        for (const auto& item : bills) {
          const auto t = items_of(item, 2, "bills");
          issued.push_back(rerate::issued_from(py::object(t[1]).cast<const site::tenant_bill&>(),
                                               text_of(t[0], "bills"), site_id));
        }
        rerate::price_change change{tariff_id, version, parse_local_time(effective), {}, document};
        for (const auto& [k, v] : prices)
          change.prices[key_from(k)] = to_decimal<energy_price>(v, "price");
        rerate::split_data finer;
        for (const auto& [k, v] : reads) {
          const auto t = items_of(k, 2, "reads");
          finer.read_before[{text_of(t[0], "reads"), py::object(t[1]).cast<std::size_t>()}] =
              to_decimal<energy>(v, "kWh before the change");
        }
        return rerate::rerate_bills(site_id, issued, change, earlier, finer);
      },
      py::arg("site_id"), py::arg("bills"), py::arg("tariff_id"), py::arg("version"),
      py::arg("effective"), py::arg("prices"), py::kw_only(),
      py::arg("earlier") = std::vector<rerate::adjustment>{}, py::arg("reads") = py::dict(),
      py::arg("document") = "",
      "Re-rates issued bills [(bill_id, Bill)] of tariff `tariff_id` ('' = any) under a new "
      "price version effective from a past "
      "local time; prices {register: price} (energy lines) or {(component, register, tier): "
      "price}; reads {(bill_id, line_index): kWh before the change}. Returns the adjustments "
      "still due given `earlier` ones; issued bills are never edited.");

  m.def(
      "meter_error",
      [](const py::list& monthly, std::size_t months_in_period, py::handle error_pct,
         py::handle tolerance_pct, const std::string& basis, py::handle price,
         const std::string& meter_id) {
        std::vector<energy> months;
        for (const auto& x : monthly) months.push_back(to_decimal<energy>(x, "monthly kWh"));
        if (basis != "recent_half" && basis != "half_of_period") {
          throw error(errc::invalid_argument, "basis: recent_half or half_of_period",
                      {{"basis", basis}});
        }
        return backbill_dict(rerate::meter_error(
            months, months_in_period,
            to_decimal<decimal<dimension::ratio, 4>>(error_pct, "error_pct"),
            to_decimal<decimal<dimension::ratio, 4>>(tolerance_pct, "tolerance_pct"),
            basis == "recent_half" ? rerate::error_basis::recent_half
                                   : rerate::error_basis::half_of_period,
            to_decimal<energy_price>(price, "price"), meter_id));
      },
      py::arg("monthly"), py::arg("months_in_period"), py::arg("error_pct"),
      py::arg("tolerance_pct"), py::arg("basis"), py::arg("price"), py::arg("meter_id") = "M",
      "BB-1: correct a meter error beyond tolerance over half the time since calibration.");
  m.def(
      "wrong_multiplier",
      [](py::handle billed, std::pair<std::int64_t, std::int64_t> used,
         std::pair<std::int64_t, std::int64_t> actual, py::handle price,
         const std::string& meter_id) {
        return backbill_dict(
            rerate::wrong_multiplier(to_decimal<energy>(billed, "billed"),
                                     rerate::transformer_ratio::make(used.first, used.second),
                                     rerate::transformer_ratio::make(actual.first, actual.second),
                                     to_decimal<energy_price>(price, "price"), meter_id));
      },
      py::arg("billed"), py::arg("used"), py::arg("actual"), py::arg("price"),
      py::arg("meter_id") = "M",
      "BB-2: billed kWh with CT ratio `used` (e.g. (300, 5)) while `actual` is fitted.");
  m.def(
      "wrong_wiring",
      [](py::handle recorded, py::handle k, py::handle price, const std::string& meter_id) {
        return backbill_dict(rerate::wrong_wiring(
            to_decimal<energy>(recorded, "recorded"), to_decimal<ratio>(k, "K"),
            to_decimal<energy_price>(price, "price"), meter_id));
      },
      py::arg("recorded"), py::arg("k"), py::arg("price"), py::arg("meter_id") = "M",
      "BB-3: wrong wiring, recorded × K over the full period.");
}

}  // namespace submeter::python
