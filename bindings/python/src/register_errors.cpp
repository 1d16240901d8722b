// submeter.Error: every submeter::error raised into Python, a ValueError with code and context.
// Its text is decoded with "backslashreplace", so an input's invalid UTF-8 in the context shows
// as \xNN instead of turning the error into UnicodeDecodeError (issue 16 #14). A value of the
// wrong Python type that pybind11 cannot convert (py::cast_error) is a TypeError, not the
// RuntimeError pybind11 raises by default.
#include <pybind11/pybind11.h>

#include <exception>
#include <string>

#include "convert.hpp"
#include "submeter/core/error.hpp"

namespace py = pybind11;

namespace submeter::python {

void register_errors(py::module_& m) {
  // Created once and kept for the life of the process (the translator may run at any time).
  static PyObject* error_type = PyErr_NewExceptionWithDoc(
      "submeter._core.Error",
      "Bad input refused by submeter. A ValueError with `code` (e.g. \"inconsistent\"), "
      "`message` (the sentence) and `context` (a dict: file, path or line/column, field, "
      "meter...).",
      PyExc_ValueError, nullptr);
  if (error_type == nullptr) throw py::error_already_set();
  m.attr("Error") = py::handle(error_type);

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const submeter::error& e) {
      py::object exc = py::handle(error_type)(text_to_py(e.what()));
      exc.attr("code") = std::string(to_string(e.code()));
      exc.attr("message") = text_to_py(e.message());
      py::dict context;
      for (const auto& item : e.context()) context[text_to_py(item.key)] = text_to_py(item.value);
      exc.attr("context") = context;
      PyErr_SetObject(error_type, exc.ptr());
    } catch (const py::cast_error& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const py::reference_cast_error& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    }
  });
}

}  // namespace submeter::python
