// submeter.site, a site billed in parts (include/submeter/site/shard.hpp): Site.split,
// Site.usage_part (phase 1), Quantities.join, Site.totals (the reduce), Totals.split_shares,
// Site.bill_part (phase 2), ReportPart.join, and the bills JSON written in parts (Site.json_head,
// BillsPart.write_json, Site.json_tail). submeter.distributed runs them as Dask tasks. The
// values passed between tasks pickle as bytes (site_parts_archive.hpp); the heavy calls release
// the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "render/render.hpp"
#include "site_parts_archive.hpp"
#include "store/open_store.hpp"
#include "store/site_postings.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/site/shard.hpp"
#include "submeter/site/site.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

const std::string& version() {
  static const std::string v = SUBMETER_VERSION;
  return v;
}

/// Phase 1 of a part, kept in the worker that computed it until bill_part uses it (once).
struct py_usage_part {
  std::optional<site::shard_usage> usage;
  std::string period;
  const site::shard_usage& get() const {
    if (!usage) {
      throw error(errc::invalid_argument, "a usage part is billed once; compute it again",
                  {{"period", period}});
    }
    return *usage;
  }
};

/// Phase 2 of a part: its bills and the report's fold over them.
struct py_bills_part {
  py::object owner;  // the Site, for rendering and posting
  bill::billing_period period;
  site::shard_bills bills;
  const site::site& get_site() const { return owner.cast<const site::site&>(); }
};

/// The value of a picklable part and its bytes (pybind11's pickle support).
template <class T, class Load>
void picklable(py::class_<T>& cls, Load load) {
  cls.def(py::pickle(
      [](const T& v) {
        std::string bytes;
        {
          py::gil_scoped_release release;
          bytes = parts::save(v, version());
        }
        return py::bytes(bytes);
      },
      [load](const py::bytes& b) {
        const auto view = static_cast<std::string_view>(b);
        py::gil_scoped_release release;
        return load(view, version());
      }));
}

template <class T, class Join>
T join_all(const py::list& items, Join join, const char* what) {
  std::vector<T> all;
  all.reserve(items.size());
  for (const auto& x : items) {
    if (!py::isinstance<T>(x)) {
      throw py::type_error(std::string("join: every item is a ") + what);
    }
    all.push_back(x.cast<T>());
  }
  py::gil_scoped_release release;
  T out;
  for (auto& x : all) join(out, std::move(x));
  return out;
}

std::size_t billed_in(const site::tenant_shares& s) { return s.common_area.size(); }

}  // namespace

void register_site_parts(py::module_& m) {
  py::class_<site::site_quantities> quantities(
      m, "Quantities",
      "What the site-wide steps need of a part's billed tenants (kWh, m³, occupancy, meter "
      "reads): small and picklable; join the parts' in site order (phase 1's result).");
  quantities
      .def_property_readonly(
          "billed", [](const site::site_quantities& q) { return q.tenants.size(); },
          "The number of tenants billed.")
      .def_property_readonly(
          "tenant_kwh", [](const site::site_quantities& q) { return to_py(q.tenant_kwh); },
          "Σ of the billed tenants' electricity meters, kWh (Decimal).")
      .def_static(
          "join",
          [](const py::list& parts) {
            return join_all<site::site_quantities>(
                parts,
                [](site::site_quantities& into, site::site_quantities later) {
                  into.append(std::move(later));
                },
                "Quantities");
          },
          py::arg("parts"),
          "The quantities of consecutive parts of a site joined, in site order (refuses parts "
          "out of order).")
      .def("__repr__", [](const site::site_quantities& q) {
        return "<submeter.site.Quantities " + std::to_string(q.tenants.size()) + " billed>";
      });
  picklable(quantities, parts::load_quantities);

  py::class_<site::tenant_shares> shares(
      m, "Shares", "The common-area and loss lines of a part's billed tenants (picklable).");
  shares.def_property_readonly("billed", &billed_in, "The number of tenants the lines are for.")
      .def("__repr__", [](const site::tenant_shares& s) {
        return "<submeter.site.Shares " + std::to_string(billed_in(s)) + " billed>";
      });
  picklable(shares, parts::load_shares);

  py::class_<site::site_totals> totals(
      m, "Totals",
      "The site-wide steps' results (common areas shared, losses passed on): the reduce of a "
      "site billed in parts (picklable).");
  totals
      .def(
          "split_shares",
          [](site::site_totals& t, const std::vector<std::size_t>& counts) {
            py::gil_scoped_release release;
            return site::split_shares(t, counts);
          },
          py::arg("counts"),
          "Moves the tenants' lines out, one Shares per part of counts[i] billed tenants, in "
          "order; the Totals keep what the report needs.")
      .def_property_readonly(
          "common_area_kwh", [](const site::site_totals& t) { return to_py(t.common.kwh); },
          "Σ of the common-area meters, kWh (Decimal).")
      .def("__repr__", [](const site::site_totals& t) {
        return "<submeter.site.Totals common area " + t.common.kwh.to_string(2) + " kWh>";
      });
  picklable(totals, parts::load_totals);

  py::class_<site::report_part> report(
      m, "ReportPart",
      "The site report's fold over a part's bills (counts, totals, accounts, alarms, "
      "compliance): picklable; join the parts' in site order.");
  report
      .def_property_readonly(
          "bills", [](const site::report_part& p) { return p.bills; }, "The number of bills.")
      .def_property_readonly(
          "total", [](const site::report_part& p) { return to_py(p.total); },
          "Σ of the bills' totals (Decimal).")
      .def_static(
          "join",
          [](const py::list& parts) {
            return join_all<site::report_part>(
                parts,
                [](site::report_part& into, site::report_part later) {
                  into.append(std::move(later));
                },
                "ReportPart");
          },
          py::arg("parts"), "The folds of consecutive parts of a site joined, in site order.")
      .def("__repr__", [](const site::report_part& p) {
        return "<submeter.site.ReportPart " + std::to_string(p.bills) + " bills, total " +
               p.total.to_string(2) + ">";
      });
  picklable(report, parts::load_report);

  py::class_<py_usage_part>(m, "UsagePart",
                            "Phase 1 of a part of a site: its tenants' usage and two-part lines "
                            "(Site.usage_part). Not picklable: Site.bill_part uses it once, in "
                            "the process that made it.")
      .def_property_readonly(
          "range",
          [](const py_usage_part& u) {
            const auto& r = u.get().range;
            return py::make_tuple(r.first, r.last);
          },
          "(first, last): the part's tenants, site.tenants[first:last].")
      .def_property_readonly(
          "billed", [](const py_usage_part& u) { return u.get().usage.tenants.size(); },
          "The number of its tenants billed (those that had not moved out).")
      .def(
          "quantities",
          [](const py_usage_part& u) {
            const auto& part = u.get();
            py::gil_scoped_release release;
            return site::quantities_of(part.usage);
          },
          "What the part contributes to Site.totals (Quantities).")
      .def("__repr__", [](const py_usage_part& u) {
        if (!u.usage) return std::string("<submeter.site.UsagePart billed>");
        return "<submeter.site.UsagePart " + u.period + " tenants " +
               std::to_string(u.usage->range.first) + ".." + std::to_string(u.usage->range.last) +
               ">";
      });

  py::class_<py_bills_part>(m, "BillsPart",
                            "Phase 2 of a part of a site: its bills and the report's fold over "
                            "them (Site.bill_part).")
      .def_property_readonly(
          "range",
          [](const py_bills_part& b) {
            return py::make_tuple(b.bills.range.first, b.bills.range.last);
          },
          "(first, last): the part's tenants.")
      .def_property_readonly(
          "bills", [](const py_bills_part& b) { return b.bills.bills; },
          "The part's bills (list of submeter.bill.Bill), in site order.")
      .def_property_readonly(
          "report", [](const py_bills_part& b) { return b.bills.report; },
          "The report's fold over the part's bills (ReportPart).")
      .def(
          "write_json",
          [](const py_bills_part& b, const py::object& path, bool first, bool append) {
            const auto file =
                py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>();
            py::gil_scoped_release release;
            std::ofstream out(file, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
            if (!out) throw error(errc::not_found, "cannot write the file", {{"file", file}});
            render::write_bills_json_part(out, b.get_site(), b.bills.bills, first);
            out.close();
            if (!out) throw error(errc::not_found, "cannot write the file", {{"file", file}});
          },
          py::arg("path"), py::arg("first"), py::arg("append") = false,
          "Writes the part's bills as they appear in the bills JSON (`submeter bill --format "
          "json`) to `path` (appended with append=True): Site.json_head, then every part's "
          "write_json in order (first=True for the part whose bills come first), then "
          "Site.json_tail are the document's bytes.")
      .def(
          "post",
          [](const py_bills_part& b, const py::object& path, const std::string& account_prefix) {
            const auto file =
                py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>();
            store::site_postings r;
            {
              py::gil_scoped_release release;
              auto s = store::open_ledger_store(file);
              r = store::post_site_bills(*s, b.get_site(), b.period, b.bills.bills,
                                         ledger::counter_policy::allow_gap, account_prefix);
            }
            py::dict d;
            d["opened"] = r.opened;
            d["applied"] = r.applied;
            d["duplicates"] = r.duplicates;
            return d;
          },
          py::arg("ledger"), py::arg("account_prefix") = "",
          "Posts the part's bills to the tenants' accounts in the ledger at `ledger` (an SQLite "
          "file, or a postgresql:// URI), "
          "exactly once (key bill/<period>/<tenant>; a key already there is not applied again); "
          "opens accounts the ledger does not have from the site's terms. A tenant's account id "
          "is `account_prefix` + its id (\"park-a/\" makes T01's account \"park-a/T01\": one "
          "ledger for several sites whose tenant ids repeat). Returns {opened, applied, "
          "duplicates}.")
      .def("__repr__", [](const py_bills_part& b) {
        return "<submeter.site.BillsPart " + b.period.label() + ": " +
               std::to_string(b.bills.bills.size()) + " bills>";
      });

  // The Site's methods of a run in parts (the class is registered by register_site).
  auto site_class = py::reinterpret_borrow<py::class_<site::site>>(m.attr("Site"));
  site_class
      .def(
          "split",
          [](const site::site& s, std::size_t parts) {
            std::vector<py::tuple> out;
            for (const auto& r : site::split_tenants(s, parts)) {
              out.push_back(py::make_tuple(r.first, r.last));
            }
            return out;
          },
          py::arg("parts"),
          "The tenants cut into `parts` consecutive ranges (first, last) whose sizes differ by "
          "at most one.")
      .def(
          "usage_part",
          [](const site::site& s, const std::string& period, std::size_t first, std::size_t last) {
            auto p = bill::billing_period::parse(period);
            py_usage_part out{std::nullopt, p.label()};
            py::gil_scoped_release release;
            out.usage = site::shard_usage_of(s, p, {first, last});
            return out;
          },
          py::arg("period"), py::arg("first"), py::arg("last"),
          "Phase 1 for tenants [first, last): their usage and two-part lines (UsagePart).")
      .def(
          "totals",
          [](const site::site& s, const std::string& period, const site::site_quantities& q) {
            const auto p = bill::billing_period::parse(period);
            py::gil_scoped_release release;
            return site::totals_of(s, q, p);
          },
          py::arg("period"), py::arg("quantities"),
          "The reduce: common areas and losses over every billed tenant (the parts' Quantities "
          "joined), as Totals.")
      .def(
          "bill_part",
          [](const py::object& self, const std::string& period, py_usage_part& usage,
             site::tenant_shares& part_shares) {
            auto p = bill::billing_period::parse(period);
            const auto& s = self.cast<const site::site&>();
            (void)usage.get();
            if (usage.period != p.label()) {
              throw error(errc::inconsistent, "a usage part of another period",
                          {{"usage", usage.period}, {"period", p.label()}});
            }
            if (billed_in(part_shares) != usage.usage->usage.tenants.size()) {
              throw error(errc::inconsistent, "a part's shares are for another number of tenants",
                          {{"billed", std::to_string(usage.usage->usage.tenants.size())},
                           {"shares", std::to_string(billed_in(part_shares))}});
            }
            auto u = std::move(*usage.usage);
            usage.usage.reset();
            auto sh = std::move(part_shares);
            part_shares = {};
            py_bills_part out{self, p, {}};
            py::gil_scoped_release release;
            out.bills = site::bill_shard(s, p, std::move(u), std::move(sh));
            return out;
          },
          py::arg("period"), py::arg("usage"), py::arg("shares"),
          "Phase 2: bills the part's tenants with their Shares (consumes both) and folds the "
          "report over them (BillsPart).")
      .def(
          "json_head",
          [](const site::site& s, const std::string& period) {
            const auto p = bill::billing_period::parse(period);
            std::ostringstream out;
            render::write_bills_json_head(out, s, p);
            return py::bytes(out.str());
          },
          py::arg("period"), "The bills JSON up to its bills (bytes).")
      .def(
          "json_tail",
          [](const site::site& s, const std::string& period, const site::site_quantities& q,
             const site::site_totals& t, const site::report_part& part, bool with_report) {
            const auto p = bill::billing_period::parse(period);
            std::string text;
            {
              py::gil_scoped_release release;
              const auto r = site::report_on(s, p, q, t, part);
              std::ostringstream out;
              render::write_bills_json_tail(out, s, part.bills != 0, part.total,
                                            with_report ? &r : nullptr);
              text = out.str();
            }
            return py::bytes(text);
          },
          py::arg("period"), py::arg("quantities"), py::arg("totals"), py::arg("report"),
          py::arg("with_report") = true,
          "The bills JSON after its bills (bytes): the site total and, unless "
          "with_report=False, the site report of the joined Quantities, the Totals and the "
          "joined ReportPart.");
}

}  // namespace submeter::python
