// submeter.calendar: holiday calendars (public holidays and 调休) as data, and their loader.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <date/date.h>

#include <string>

#include "convert.hpp"
#include "io/calendar_json.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/core/time.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

date::local_days parse_day(const std::string& text) {
  const auto t = try_parse_local_time(text + " 00:00");
  if (!t) throw error(errc::parse, "expected a date YYYY-MM-DD", {{"text", text}});
  return date::floor<date::days>(*t);
}

std::string kind_name(calendar::day_kind k) { return std::string(calendar::to_string(k)); }

}  // namespace

void register_calendar(py::module_& m) {
  py::class_<calendar::holiday_calendar>(m, "HolidayCalendar",
                                         "Public holidays and swapped workdays (调休), as data.")
      .def_property_readonly("name", &calendar::holiday_calendar::name)
      .def(
          "kind_of",
          [](const calendar::holiday_calendar& c, const std::string& day) {
            return kind_name(c.kind_of(parse_day(day)));
          },
          py::arg("day"),
          "workday, saturday, sunday, holiday or swapped_workday for a date YYYY-MM-DD.")
      .def(
          "name_of",
          [](const calendar::holiday_calendar& c, const std::string& day) {
            return c.name_of(parse_day(day));
          },
          py::arg("day"), "The festival of a holiday or swapped workday, else None.");
  m.def(
      "load_calendar", [](const py::object& path) { return io::load_calendar(path_text(path)); },
      py::arg("path"), "A holiday calendar from a submeter calendar JSON file.");
}

}  // namespace submeter::python
