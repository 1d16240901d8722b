// Sites: load_site(), Site.bill(), Site.render().
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>

#include "convert.hpp"
#include "io/site_loader.hpp"
#include "render/render.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/site/run.hpp"
#include "submeter/site/site.hpp"

namespace py = pybind11;

namespace submeter::python {

void register_site(py::module_& m) {
  py::class_<site::tenant>(m, "Tenant")
      .def_readonly("id", &site::tenant::id)
      .def_readonly("name", &site::tenant::name)
      .def_readonly("tariff_id", &site::tenant::tariff_id)
      .def_readonly("meter_ids", &site::tenant::meter_ids)
      .def("__repr__",
           [](const site::tenant& t) { return "<submeter.Tenant " + t.id + " " + t.name + ">"; });

  py::class_<site::site>(m, "Site", "A validated site: tariffs, meters, tenants and readings.")
      .def_property_readonly("name", &site::site::name)
      .def_property_readonly("currency", &site::site::currency)
      .def_property_readonly("rounding", [](const site::site& s) { return s.rule().describe(); })
      .def_property_readonly("tenants", &site::site::tenants)
      .def_property_readonly("tariffs", &site::site::tariffs)
      .def(
          "bill",
          [](const site::site& s, const std::string& period) {
            const auto p = bill::billing_period::parse(period);
            py::gil_scoped_release release;
            return site::run_site(s, p).bills;
          },
          py::arg("period"),
          "Bills every tenant for a month \"YYYY-MM\" (readings at, or up to 24 h before, each "
          "bound) as `submeter bill` does: meters, two-part charges, common-area and loss shares, "
          "property fee and rent, re-rating of the previous month, accounts; returns a list of "
          "Bill.")
      .def(
          "render",
          [](const site::site& s, const std::string& period, const std::string& format,
             bool report) {
            if (format != "text" && format != "json") {
              throw error(errc::invalid_argument, "format must be \"text\" or \"json\"",
                          {{"format", format}});
            }
            const auto p = bill::billing_period::parse(period);
            py::gil_scoped_release release;
            const auto run = site::run_site(s, p);
            const auto* r = report ? &run.report : nullptr;
            return format == "json" ? render::bills_json(s, p, run.bills, r)
                                    : render::bills_text(s, p, run.bills, r);
          },
          py::arg("period"), py::arg("format") = "text", py::arg("report") = true,
          "The bills of a month as the CLI prints them (\"text\" or \"json\"), with the site "
          "report unless report=False (`submeter bill --no-report`).")
      .def(
          "report",
          [](const site::site& s, const std::string& period) {
            const auto p = bill::billing_period::parse(period);
            py::gil_scoped_release release;
            return render::site_report_text(s, site::run_site(s, p).report);
          },
          py::arg("period"),
          "The site report of a month as text: summary, master-bill reconciliation, 转供电 "
          "compliance, alarms and relay decisions.")
      .def("__repr__", [](const site::site& s) {
        return "<submeter.Site " + s.name() + ": " + std::to_string(s.tenants().size()) +
               " tenants>";
      });

  m.def(
      "load_site",
      [](const py::object& path) {
        const auto text =
            py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>();
        py::gil_scoped_release release;
        return io::load_site(text);
      },
      py::arg("path"),
      "Reads a site directory (site.json + readings.csv); raises submeter.Error naming the file "
      "and the JSON path or CSV line and column of anything malformed.");
}

}  // namespace submeter::python
