// submeter._core: the raw module under the `submeter` package. One register_<area>.cpp per area.
#include <pybind11/pybind11.h>

#include <string>

#include "convert.hpp"

namespace py = pybind11;

namespace submeter::python {
void register_errors(py::module_& m);
void register_tariff(py::module_& m);
void register_bill(py::module_& m);
void register_site(py::module_& m);
void register_twopart(py::module_& m);
void register_allocation(py::module_& m);
void register_tou(py::module_& m);
void register_rerate(py::module_& m);
void register_meters(py::module_& m);
void register_ledger(py::module_& m);

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
  m.doc() = "submeter's compiled core; use the `submeter` package.";
  m.attr("__version__") = SUBMETER_VERSION;
  submeter::python::register_errors(m);
  submeter::python::register_tariff(m);
  submeter::python::register_bill(m);
  submeter::python::register_site(m);
  submeter::python::register_twopart(m);
  submeter::python::register_allocation(m);
  submeter::python::register_tou(m);
  submeter::python::register_rerate(m);
  submeter::python::register_meters(m);
  submeter::python::register_ledger(m);
}
