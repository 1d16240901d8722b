// submeter._core: the raw module under the `submeter` package, one submodule per area of
// include/submeter (as boost-histogram's module.cpp: `register_axes(m.def_submodule("axis"))`).
// Each register_<area>.cpp fills its submodule; submeter/<area>.py re-exports it.
#include <pybind11/pybind11.h>

#include <string>

#include "convert.hpp"

namespace py = pybind11;

namespace submeter::python {
void register_errors(py::module_& m);
void register_calendar(py::module_& m);
void register_metering(py::module_& m);
void register_bill(py::module_& m);
void register_tariff(py::module_& m);
void register_allocation(py::module_& m);
void register_rerate(py::module_& m);
void register_ledger(py::module_& m);
void register_site(py::module_& m);
void register_site_parts(py::module_& m);
void register_meters(py::module_& m);

py::dict warning_to_py(const warning& w) {
  py::dict context;
  for (const auto& item : w.context) context[py::str(item.key)] = item.value;
  py::dict d;
  d["code"] = w.code;
  d["message"] = w.message;
  d["context"] = context;
  return d;
}

py::list warnings_to_py(const std::vector<warning>& ws) {
  py::list out;
  for (const auto& w : ws) out.append(warning_to_py(w));
  return out;
}

std::string decimal_text(py::handle value, const char* what) {
  if (PyBool_Check(value.ptr())) {
    throw py::type_error(std::string(what) + ": a bool is not a number here");
  }
  if (PyFloat_Check(value.ptr())) {
    throw py::type_error(std::string(what) +
                         ": a float is not accepted (binary floating point is inexact); pass a "
                         "decimal.Decimal, an int or a str such as \"0.6123\"");
  }
  if (PyLong_Check(value.ptr())) return py::str(value).cast<std::string>();
  if (PyUnicode_Check(value.ptr())) return value.cast<std::string>();
  // Kept for the life of the process (never decref'd at exit).
  static py::handle decimal_type =
      py::object(py::module_::import("decimal").attr("Decimal")).release();
  if (py::isinstance(value, decimal_type)) {
    static py::handle format = py::object(py::module_::import("builtins").attr("format")).release();
    return format(value, "f").cast<std::string>();
  }
  throw py::type_error(std::string(what) + ": expected a decimal.Decimal, an int or a str, got " +
                       py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>());
}

py::object make_decimal(const std::string& text) {
  static py::handle decimal_type =
      py::object(py::module_::import("decimal").attr("Decimal")).release();
  return decimal_type(text);
}

}  // namespace submeter::python

PYBIND11_MODULE(_core, m) {
  namespace sp = submeter::python;
  m.doc() = "submeter's compiled core, one submodule per area; use the `submeter` package.";
  m.attr("__version__") = SUBMETER_VERSION;
  sp::register_errors(m);
  // Lower areas first, so that signatures naming their types (a Line, a HolidayCalendar) print
  // the Python names.
  auto calendar = m.def_submodule("calendar", "Holiday calendars (include/submeter/calendar).");
  sp::register_calendar(calendar);
  auto metering =
      m.def_submodule("metering", "Register usage and maximum demand (include/submeter/metering).");
  sp::register_metering(metering);
  auto bill = m.def_submodule("bill", "Bill lines, bills and compliance (include/submeter/bill).");
  sp::register_bill(bill);
  auto tariff = m.def_submodule(
      "tariff", "Tariffs: register, TOU, tiers, versions, fixed, two-part, power factor.");
  sp::register_tariff(tariff);
  auto allocation = m.def_submodule(
      "allocation", "Losses, sharing and 转供电 settlement (include/submeter/allocation).");
  sp::register_allocation(allocation);
  auto rerate = m.def_submodule("rerate", "Re-rating and back-billing (include/submeter/rerate).");
  sp::register_rerate(rerate);
  auto ledger =
      m.def_submodule("ledger", "Prepaid and postpaid accounts (include/submeter/ledger).");
  sp::register_ledger(ledger);
  auto site = m.def_submodule("site", "Whole sites: load, bill, report and render.");
  sp::register_site(site);
  sp::register_site_parts(site);
  auto meters =
      m.def_submodule("meters", "Meter protocol codecs (use the submeter.meters module).");
  sp::register_meters(meters);
}
