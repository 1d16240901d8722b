#pragma once
// What the register_<area>.cpp files share: exact conversions between Python values and submeter
// decimals (through strings only), warnings as dicts, rounding rules from their names.
//
// In: decimal.Decimal (via format(d, "f"), so Decimal("1E+2") is "100"), int, or str.
// A float (or a bool) raises TypeError: binary floating point never holds a billed value (NUM-1).
// Out: decimal.Decimal built from the exact decimal text.

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/time.hpp"
#include "submeter/core/warning.hpp"

namespace submeter::python {

namespace py = pybind11;

/// The exact decimal text of a Decimal, int or str; TypeError for anything else, floats included.
/// A Decimal or int beyond what any submeter quantity holds (more than 100 digits before the
/// point, or more than 100 significant places after it: Decimal("1e+99999999")) is refused
/// quickly with submeter.Error (errc::parse), before any text is built (issue 16 #19).
std::string decimal_text(py::handle value, const char* what);

/// Text from C++ (an input's bytes in an error's context, a warning) as a Python str: UTF-8,
/// with bytes that are not valid UTF-8 shown as "\xNN" instead of raising UnicodeDecodeError.
py::str text_to_py(const std::string& text);

/// A file system path given from Python: a str, bytes or os.PathLike (os.fsencode: the file
/// system's own bytes, so b"/path" and pathlib.Path("/path") name the same file as "/path");
/// TypeError naming `what` for anything else.
std::string path_text(py::handle value, const char* what = "path");

/// What a structured argument holds, checked before it is read, so that a value of the wrong
/// shape is a TypeError naming the argument (or submeter.Error for a missing key), never the
/// RuntimeError, SystemError, IndexError or KeyError of reading it unchecked (issue 16 #14).
/// A tuple or a list of exactly `size` items.
py::sequence items_of(py::handle value, std::size_t size, const char* what);

/// A tuple or a list (of any length; a str is not one).
py::sequence sequence_of(py::handle value, const char* what);

/// A dict.
py::dict dict_of(py::handle value, const char* what);

/// `d[key]`; a missing key is submeter.Error (errc::parse, "missing field", naming key and `what`).
py::object field_of(const py::dict& d, const char* key, const char* what);

/// A str.
std::string text_of(py::handle value, const char* what);

/// A decimal.Decimal from exact text.
py::object make_decimal(const std::string& text);

template <class Decimal>
Decimal to_decimal(py::handle value, const char* what) {
  return Decimal::parse(decimal_text(value, what));
}

/// A decimal.Decimal of `d`, trailing zeros trimmed down to `min_places`.
template <class D, int S>
py::object to_py(decimal<D, S> d, int min_places = 2) {
  return make_decimal(d.to_string(min_places));
}

/// A warning as {"code", "message", "context": {key: value}}.
py::dict warning_to_py(const warning& w);

/// Warnings as a list of warning_to_py dicts.
py::list warnings_to_py(const std::vector<warning>& ws);

/// A rounding rule from its Python spelling: scope "per_line" or "total_only", places, and a
/// mode ("half_up", "half_even", "toward_zero", "floor", "ceil"); anything else is refused.
bill::rounding_rule rounding_rule_from(const std::string& scope, int places,
                                       const std::string& mode);

/// A local time as Python sees it in rows and reprs: "YYYY-MM-DDTHH:MM[:SS]".
inline std::string when_text(local_time t) { return local_interval::format(t); }

}  // namespace submeter::python
