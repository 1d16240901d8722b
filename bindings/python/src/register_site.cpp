// submeter.site: whole sites. load_site() reads one; Site.run(period) bills it once and gives the
// bills, the site report and render(); Site.bill(), Site.render() and Site.report() are each one
// run.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>

#include "convert.hpp"
#include "io/site_loader.hpp"
#include "render/render.hpp"
#include "store/open_store.hpp"
#include "store/site_postings.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/run.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

/// One run of a site for one period, as Python holds it: the Site it came from (kept alive, as
/// rendering needs it), the period and what run_site computed.
struct py_site_run {
  py::object owner;
  bill::billing_period period;
  site::site_run run;
  const site::site& get_site() const { return owner.cast<const site::site&>(); }
};

site::site_run run_of(const site::site& s, const bill::billing_period& p) {
  py::gil_scoped_release release;
  return site::run_site(s, p);
}

/// The language of `format` (`submeter bill --lang`): "en", "zh" or "zh-en" for "text"; JSON is
/// for programs and takes "en" only. Refuses anything else (submeter.Error).
render::lang check_format(const std::string& format, const std::string& lang) {
  if (format != "text" && format != "json") {
    throw error(errc::invalid_argument, "format must be \"text\" or \"json\"",
                {{"format", format}});
  }
  const auto l = render::parse_lang(lang, "lang");
  if (format == "json" && l != render::lang::en) {
    throw error(errc::invalid_argument, "lang is for text bills: JSON has none",
                {{"option", "lang"}, {"format", format}, {"value", lang}});
  }
  return l;
}

/// The bills of a run as the CLI prints them, with the site report unless `report` is false.
std::string render_run(const site::site& s, const bill::billing_period& p,
                       const site::site_run& run, const std::string& format, bool report,
                       const std::string& lang) {
  const auto l = check_format(format, lang);
  py::gil_scoped_release release;
  const auto* r = report ? &run.report : nullptr;
  return format == "json" ? render::bills_json(s, p, run.bills, r)
                          : render::bills_text(s, p, run.bills, r, l);
}

std::string report_text(const site::site& s, const site::site_run& run) {
  py::gil_scoped_release release;
  return render::site_report_text(s, run.report);
}

constexpr const char* render_doc =
    "The bills as the CLI prints them (\"text\" or \"json\"), with the site report unless "
    "report=False (`submeter bill --no-report`), in lang \"en\", \"zh\" or \"zh-en\" (`--lang`; "
    "text only). A bad format or lang raises submeter.Error, a lang that is not a str TypeError.";

}  // namespace

void register_site(py::module_& m) {
  py::class_<site::tenant>(m, "Tenant")
      .def_readonly("id", &site::tenant::id)
      .def_readonly("name", &site::tenant::name)
      .def_readonly("tariff_id", &site::tenant::tariff_id)
      .def_readonly("meter_ids", &site::tenant::meter_ids)
      .def("__repr__", [](const site::tenant& t) {
        return "<submeter.site.Tenant " + t.id + " " + t.name + ">";
      });

  py::class_<py_site_run>(m, "SiteRun",
                          "One billing run of a site for a month: the bills, the site report and "
                          "their rendering, computed once (Site.run).")
      .def_property_readonly("period", [](const py_site_run& r) { return r.period.label(); })
      .def_property_readonly(
          "bills", [](const py_site_run& r) { return r.run.bills; },
          "Every tenant's Bill, in site order.")
      .def(
          "pay",
          [](const py_site_run& r, const py::object& ledger, const std::string& number,
             const py::object& amount, const std::string& time,
             const std::string& account_prefix) {
            const auto file =
                py::str(py::module_::import("os").attr("fspath")(ledger)).cast<std::string>();
            const auto paid = to_decimal<money>(amount, "amount");
            const auto at = parse_local_time(time);
            const auto* found = store::find_payment_document(r.run.bills, number);
            if (found == nullptr) {
              throw error(errc::not_found, "the run issued no payment bill with this number",
                          {{"argument", "number"}, {"text", number}, {"period", r.period.label()}});
            }
            const store::payment_names names{"argument", "number", "amount", "time"};
            const auto text = py::str(amount).cast<std::string>();
            store::check_payment(*found, paid, text, at, names);  // before the ledger is opened
            store::payment_posting p;
            {
              py::gil_scoped_release release;
              auto s = store::open_ledger_store(file);
              p = store::pay_document(*s, *found, at, account_prefix);
            }
            py::dict d;
            d["number"] = found->number;
            d["tenant_id"] = found->tenant_id;
            d["amount"] = to_py(found->total, r.get_site().rule().places);
            d["duplicate"] = p.duplicate;
            return d;
          },
          py::arg("ledger"), py::arg("number"), py::arg("amount"), py::arg("time"),
          py::arg("account_prefix") = "",
          "PAY-5, as `submeter pay`: records the payment of the payment bill `number` this run "
          "issued, of `amount` (its total, in full) at `time` (\"YYYY-MM-DDTHH:MM\"), on its "
          "tenant's account (`account_prefix` + the tenant id) in the ledger at `ledger` (an "
          "SQLite file or a postgresql:// URI), once: paying it again is a duplicate. The balance "
          "does not move. Raises submeter.Error for a number the run did not issue, a credit "
          "note, another amount or a time before the bill was issued (nothing posted), and for "
          "an account the ledger does not have. Returns {number, tenant_id, amount, duplicate}.")
      .def_property_readonly(
          "report", [](const py_site_run& r) { return report_text(r.get_site(), r.run); },
          "The site report as text: summary, master-bill reconciliation, 转供电 compliance, "
          "alarms and relay decisions.")
      .def(
          "render",
          [](const py_site_run& r, const std::string& format, bool report,
             const std::string& lang) {
            return render_run(r.get_site(), r.period, r.run, format, report, lang);
          },
          py::arg("format") = "text", py::arg("report") = true, py::kw_only(),
          py::arg("lang") = "en", render_doc)
      .def("__repr__", [](const py_site_run& r) {
        return "<submeter.site.SiteRun " + r.get_site().name() + " " + r.period.label() + ": " +
               std::to_string(r.run.bills.size()) + " bills>";
      });

  py::class_<site::site>(m, "Site", "A validated site: tariffs, meters, tenants and readings.")
      .def_property_readonly("name", &site::site::name)
      .def_property_readonly("currency", &site::site::currency)
      .def_property_readonly("rounding", [](const site::site& s) { return s.rule().describe(); })
      .def_property_readonly("tenants", &site::site::tenants)
      .def_property_readonly("tariffs", &site::site::tariffs)
      .def(
          "run",
          [](const py::object& self, const std::string& period) {
            auto p = bill::billing_period::parse(period);
            auto run = run_of(self.cast<const site::site&>(), p);
            return py_site_run{self, std::move(p), std::move(run)};
          },
          py::arg("period"),
          "Bills every tenant for a month \"YYYY-MM\" once, as `submeter bill` does (readings at, "
          "or up to 24 h before, each bound; meters, two-part charges, common-area and loss "
          "shares, property fee and rent, re-rating of the previous month, accounts); returns a "
          "SiteRun with the bills, the report and render().")
      .def(
          "bill",
          [](const site::site& s, const std::string& period) {
            return run_of(s, bill::billing_period::parse(period)).bills;
          },
          py::arg("period"), "run(period).bills: the list of Bill of a month \"YYYY-MM\".")
      .def(
          "render",
          [](const site::site& s, const std::string& period, const std::string& format, bool report,
             const std::string& lang) {
            (void)check_format(format, lang);  // before the run
            const auto p = bill::billing_period::parse(period);
            return render_run(s, p, run_of(s, p), format, report, lang);
          },
          py::arg("period"), py::arg("format") = "text", py::arg("report") = true, py::kw_only(),
          py::arg("lang") = "en",
          "run(period).render(format, report, *, lang): the bills of a month as the CLI prints "
          "them (\"text\" or \"json\"), with the site report unless report=False, in lang "
          "\"en\", \"zh\" or \"zh-en\" (text only).")
      .def(
          "report",
          [](const site::site& s, const std::string& period) {
            return report_text(s, run_of(s, bill::billing_period::parse(period)));
          },
          py::arg("period"),
          "run(period).report: the site report of a month as text (summary, master-bill "
          "reconciliation, 转供电 compliance, alarms and relay decisions).")
      .def("__repr__", [](const site::site& s) {
        return "<submeter.site.Site " + s.name() + ": " + std::to_string(s.tenants().size()) +
               " tenants>";
      });

  m.def(
      "load_site",
      [](const py::object& path) {
        const auto text = path_text(path);  // str, bytes or os.PathLike (issue 16 #19)
        py::gil_scoped_release release;
        return io::load_site(text);
      },
      py::arg("path"),
      "Reads a site directory (site.json + readings.csv); raises submeter.Error naming the file "
      "and the JSON path or CSV line and column of anything malformed.");
}

}  // namespace submeter::python
