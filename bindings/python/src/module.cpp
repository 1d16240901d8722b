// submeter._core: the raw module under the `submeter` package, one submodule per area of
// include/submeter (as boost-histogram's module.cpp: `register_axes(m.def_submodule("axis"))`).
// Each register_<area>.cpp fills its submodule; submeter/<area>.py re-exports it.
#include <pybind11/pybind11.h>

#include <string>

#include "convert.hpp"
#include "submeter/core/error.hpp"

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
void register_prepaid(py::module_& m);
void register_site(py::module_& m);
void register_site_parts(py::module_& m);
void register_meters(py::module_& m);
void register_vee(py::module_& m);

namespace {

std::string type_name_of(py::handle v) {
  return py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>();
}

}  // namespace

py::str text_to_py(const std::string& text) {
  PyObject* s =
      PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "backslashreplace");
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

std::string path_text(py::handle value, const char* what) {
  static py::handle fsencode = py::object(py::module_::import("os").attr("fsencode")).release();
  if (!PyUnicode_Check(value.ptr()) && !PyBytes_Check(value.ptr()) &&
      !PyObject_HasAttrString(value.ptr(), "__fspath__")) {
    throw py::type_error(std::string(what) + ": expected a str, bytes or os.PathLike, got " +
                         type_name_of(value));
  }
  const py::object bytes = fsencode(value);  // TypeError if __fspath__ returns neither
  return std::string(PyBytes_AS_STRING(bytes.ptr()),
                     static_cast<std::size_t>(PyBytes_GET_SIZE(bytes.ptr())));
}

py::sequence items_of(py::handle value, std::size_t size, const char* what) {
  if (!PyTuple_Check(value.ptr()) && !PyList_Check(value.ptr())) {
    throw py::type_error(std::string(what) + ": expected a tuple of " + std::to_string(size) +
                         " items, got " + type_name_of(value));
  }
  auto seq = py::reinterpret_borrow<py::sequence>(value);
  if (seq.size() != size) {
    throw py::type_error(std::string(what) + ": expected a tuple of " + std::to_string(size) +
                         " items, got " + std::to_string(seq.size()));
  }
  return seq;
}

py::sequence sequence_of(py::handle value, const char* what) {
  if (!PyTuple_Check(value.ptr()) && !PyList_Check(value.ptr())) {
    throw py::type_error(std::string(what) + ": expected a list, got " + type_name_of(value));
  }
  return py::reinterpret_borrow<py::sequence>(value);
}

py::dict dict_of(py::handle value, const char* what) {
  if (!PyDict_Check(value.ptr())) {
    throw py::type_error(std::string(what) + ": expected a dict, got " + type_name_of(value));
  }
  return py::reinterpret_borrow<py::dict>(value);
}

py::object field_of(const py::dict& d, const char* key, const char* what) {
  if (!d.contains(key)) {
    throw error(errc::parse, "missing field", {{"field", key}, {"in", what}});
  }
  return d[key];
}

std::string text_of(py::handle value, const char* what) {
  if (!PyUnicode_Check(value.ptr())) {
    throw py::type_error(std::string(what) + ": expected a str, got " + type_name_of(value));
  }
  return value.cast<std::string>();
}

py::dict warning_to_py(const warning& w) {
  py::dict context;
  for (const auto& item : w.context) context[text_to_py(item.key)] = text_to_py(item.value);
  py::dict d;
  d["code"] = text_to_py(w.code);
  d["message"] = text_to_py(w.message);
  d["context"] = context;
  return d;
}

py::list warnings_to_py(const std::vector<warning>& ws) {
  py::list out;
  for (const auto& w : ws) out.append(warning_to_py(w));
  return out;
}

namespace {

// More digits before the point, or significant places after it, than any submeter quantity holds
// (int64 mantissas: 19 digits in all), with room to spare so that the types' own messages
// ("out of range", "too precise") still answer every value they could be asked about.
constexpr long long most_digits = 100;

error beyond_any_quantity(py::handle value, const char* what) {
  // An int's digits are not built (Python refuses str() of more than 4300 digits anyway).
  std::string text =
      PyLong_Check(value.ptr())
          ? "an int of " + std::to_string(value.attr("bit_length")().cast<std::size_t>()) + " bits"
          : py::repr(value).cast<std::string>();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return error(errc::parse,
               std::string(what) +
                   ": a number beyond what any submeter quantity holds (more than " +
                   std::to_string(most_digits) + " digits before or after the point)",
               {{"text", text}});
}

// The plain text of a finite Decimal from its digits and exponent (as_tuple), without the
// trailing zeros after the point that do not change its value, so that its length is bounded
// before it is built: format(d, "f") of Decimal("1e+99999999") is 100 MB (issue 16 #19). NaN and
// infinities come back as str(d), which every parser refuses.
std::string decimal_digits(py::handle value, const char* what) {
  const py::tuple t = value.attr("as_tuple")();
  const py::object exp = t[2];
  if (!PyLong_Check(exp.ptr())) return py::str(value).cast<std::string>();
  const bool negative = t[0].cast<int>() != 0;
  const py::tuple digits = t[1];
  long long exponent = exp.cast<long long>();  // a Decimal's exponent is below 10^18 in size
  auto n = static_cast<long long>(digits.size());
  const auto digit = [&](long long i) { return digits[static_cast<std::size_t>(i)].cast<int>(); };
  long long lead = 0;  // leading zeros (only Decimal("0") has one, but as_tuple allows more)
  while (lead < n - 1 && digit(lead) == 0) ++lead;
  if (digit(lead) == 0) return "0";
  while (exponent < 0 && digit(n - 1) == 0) {
    --n;
    ++exponent;
  }
  const long long adjusted = exponent + (n - lead) - 1;  // the power of ten of the first digit
  if (adjusted >= most_digits || exponent < -most_digits) throw beyond_any_quantity(value, what);
  std::string all;
  for (long long i = lead; i < n; ++i) all += static_cast<char>('0' + digit(i));
  std::string out = negative ? "-" : "";
  if (exponent >= 0) {
    out += all;
    out.append(static_cast<std::size_t>(exponent), '0');
  } else {
    const auto places = static_cast<std::size_t>(-exponent);
    if (all.size() > places) {
      out += all.substr(0, all.size() - places) + "." + all.substr(all.size() - places);
    } else {
      out += "0." + std::string(places - all.size(), '0') + all;
    }
  }
  return out;
}

}  // namespace

std::string decimal_text(py::handle value, const char* what) {
  if (PyBool_Check(value.ptr())) {
    throw py::type_error(std::string(what) + ": a bool is not a number here");
  }
  if (PyFloat_Check(value.ptr())) {
    throw py::type_error(std::string(what) +
                         ": a float is not accepted (binary floating point is inexact); pass a "
                         "decimal.Decimal, an int or a str such as \"0.6123\"");
  }
  if (PyLong_Check(value.ptr())) {
    // ~333 bits are 100 digits: anything longer is refused before Python builds its text.
    if (value.attr("bit_length")().cast<std::size_t>() > 333)
      throw beyond_any_quantity(value, what);
    return py::str(value).cast<std::string>();
  }
  if (PyUnicode_Check(value.ptr())) return value.cast<std::string>();
  // Kept for the life of the process (never decref'd at exit).
  static py::handle decimal_type =
      py::object(py::module_::import("decimal").attr("Decimal")).release();
  if (py::isinstance(value, decimal_type)) return decimal_digits(value, what);
  throw py::type_error(std::string(what) + ": expected a decimal.Decimal, an int or a str, got " +
                       type_name_of(value));
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
  sp::register_prepaid(ledger);
  auto site = m.def_submodule("site", "Whole sites: load, bill, report and render.");
  sp::register_site(site);
  sp::register_site_parts(site);
  auto meters =
      m.def_submodule("meters", "Meter protocol codecs (use the submeter.meters module).");
  sp::register_meters(meters);
  auto vee = m.def_submodule(
      "vee", "Validation and estimation of meter reads: VEE-1 .. VEE-9, EST-1 .. EST-4.");
  sp::register_vee(vee);
}
