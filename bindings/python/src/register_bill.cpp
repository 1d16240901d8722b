// submeter.bill: the vocabulary every rule writes, read-only with Decimal values: a bill line, a
// tenant's bill, and the 转供电 compliance check over lines.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <date/date.h>

#include <string>

#include "convert.hpp"
#include "submeter/bill/bill.hpp"
#include "render/render.hpp"
#include "submeter/bill/compliance.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/payment_bill.hpp"
#include "submeter/bill/tax.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/site/accounts.hpp"

namespace py = pybind11;

namespace submeter::python {

void register_bill(py::module_& m) {
  py::class_<bill::line>(m, "Line", "One charged line of a bill.")
      .def_property_readonly(
          "component",
          [](const bill::line& l) { return std::string(bill::to_string(l.component)); })
      .def_property_readonly(
          "meter_id", [](const bill::line& l) { return render::meter_column(l); },
          "the meter measured, or who pays a line no meter measured (a share, property fee, rent)")
      .def_readonly("register", &bill::line::rate_register, "0 total, 1..8 rate register")
      .def_readonly("register_name", &bill::line::register_name)
      .def_property_readonly("quantity", [](const bill::line& l) { return to_py(l.quantity); })
      .def_readonly("unit", &bill::line::unit)
      .def_property_readonly("unit_price", [](const bill::line& l) { return to_py(l.unit_price); })
      .def_readonly("price_unit", &bill::line::price_unit)
      .def_readonly("tier", &bill::line::tier, "1..n, or 0 when the tariff has no tiers")
      .def_readonly("version", &bill::line::version, "the price version, or '' for a single one")
      .def_property_readonly(
          "window",
          [](const bill::line& l) -> py::object {
            if (!l.window) return py::none();
            return py::make_tuple(date::format("%F %T", l.window->begin()),
                                  date::format("%F %T", l.window->end()));
          },
          "(from, to) local times of a split window, or None for the whole period")
      .def_readonly("split_method", &bill::line::split_method)
      .def_property_readonly("unrounded", [](const bill::line& l) { return to_py(l.unrounded); })
      .def_property_readonly("amount",
                             [](const bill::line& l) { return to_py(l.amount, l.rule.places); })
      .def_property_readonly("rounding", [](const bill::line& l) { return l.rule.describe(); })
      .def_property_readonly(
          "explanation", [](const bill::line& l) { return l.explanation.str(); },
          "what the line charges and how, as a tenant reads it")
      .def("__repr__", [](const bill::line& l) {
        return "<submeter.bill.Line " + l.meter_id + " " + l.register_name + ": " + l.explanation +
               ">";
      });

  // The site run's bills (a bill and the account after it), the only bills Python is given.
  py::class_<site::tenant_bill>(m, "Bill", "A tenant's bill: usages, lines and the total.")
      .def_readonly("tenant_id", &bill::bill::tenant_id)
      .def_readonly("tenant_name", &bill::bill::tenant_name)
      .def_readonly("period", &bill::bill::period)
      .def_readonly("tariff_id", &bill::bill::tariff_id)
      .def_readonly("usages", &bill::bill::usages)
      .def_readonly("lines", &bill::bill::lines)
      .def_property_readonly("rounding",
                             [](const site::tenant_bill& b) { return b.rule.describe(); })
      .def_property_readonly("unrounded_total",
                             [](const site::tenant_bill& b) { return to_py(b.unrounded_total); })
      .def_property_readonly(
          "total", [](const site::tenant_bill& b) { return to_py(b.total, b.rule.places); })
      .def_property_readonly(
          "history",
          [](const site::tenant_bill& b) {
            py::list out;
            for (const auto& h : b.history) out.append(py::make_tuple(h.period, to_py(h.kwh)));
            return out;
          },
          "Earlier months' electricity kWh as (period, Decimal), oldest first (site format v1).")
      .def_property_readonly(
          "account",
          [](const site::tenant_bill& b) -> py::object {
            if (!b.account) return py::none();
            const auto& a = *b.account;
            const int places = b.rule.places;
            py::dict d;
            d["mode"] = std::string(ledger::to_string(a.mode));
            d["opening_balance"] = to_py(a.opening_balance, places);
            d["recharged"] = to_py(a.recharged, places);
            d["charged"] = to_py(a.charged, places);
            d["balance"] = to_py(a.balance, places);
            d["arrears"] = to_py(a.arrears, places);
            d["level"] = std::string(render::account_level_text(a.mode, a.level, a.closed));
            d["notices"] = a.notices;
            d["cut"] = a.cut;
            d["relay_closed"] = a.relay_closed;
            d["relay_reasons"] = a.relay_reasons;
            d["closed"] = a.closed;
            d["refunded"] = to_py(a.refunded, places);
            return std::move(d);
          },
          "The account after this bill as a dict (mode, balances as Decimal, level, notices, "
          "relay decision), or None (site format v1).")
      .def_readonly("number", &site::tenant_bill::number,
                    "BN-1: the bill's number ('XR-202607-0003') when the site numbers its bills, "
                    "else ''.")
      .def_readonly("invoice", &site::tenant_bill::invoice,
                    "The external invoice number (发票号) recorded against the bill, else ''.")
      .def_property_readonly(
          "tax",
          [](const site::tenant_bill& b) -> py::object {
            if (!b.tax) return py::none();
            const auto& t = *b.tax;
            const int places = b.rule.places;
            py::list parts;
            for (const auto& p : t.parts) {
              py::dict d;
              d["class"] = std::string(bill::to_string(p.what));
              d["rate"] = to_py(p.rate);
              d["gross"] = to_py(p.gross, places);
              d["net"] = to_py(p.net, places);
              d["vat"] = to_py(p.vat, places);
              parts.append(std::move(d));
            }
            py::dict d;
            d["rounding"] = std::string(bill::to_string(t.point));
            d["parts"] = std::move(parts);
            d["not_split"] = to_py(t.not_split, places);
            d["net"] = to_py(t.net, places);
            d["vat"] = to_py(t.vat, places);
            return std::move(d);
          },
          "VAT-1..VAT-3: the total split into net and VAT as a dict (rounding point, parts per "
          "class with rate, gross, net and vat, not_split, net, vat; Decimal amounts), as the "
          "JSON bill's `tax`; None when the site asks for no tax lines.")
      .def_property_readonly(
          "documents",
          [](const site::tenant_bill& b) {
            const auto day = [](local_time t) { return local_interval::format(t).substr(0, 10); };
            const int places = b.rule.places;
            py::list out;
            for (const auto& doc : b.documents) {
              py::dict d;
              d["kind"] = std::string(bill::to_string(doc.kind));
              d["number"] = doc.number;
              d["issued"] = day(doc.issued);
              d["due"] = day(doc.due);
              d["lines"] = doc.lines;
              d["total"] = to_py(doc.total, places);
              out.append(std::move(d));
            }
            return out;
          },
          "PAY-1..PAY-4: the payment bill and credit note carrying some of the lines, each a dict "
          "(kind 'payment_bill' or 'credit_note', number, issued and due 'YYYY-MM-DD', lines as "
          "Line, total as Decimal), as the JSON bill's `payment_documents`; [] when none.")
      .def_property_readonly(
          "deducted",
          [](const site::tenant_bill& b) {
            return to_py(bill::deducted_part(b.total, b.documents), b.rule.places);
          },
          "PAY-5: the part of the total deducted from the account (the total less what payment "
          "bills and credit notes carry; the total when there are none).")
      .def("__repr__", [](const site::tenant_bill& b) {
        return "<submeter.bill.Bill " + b.tenant_id + " " + b.period + " total " +
               b.total.to_string(b.rule.places) + ">";
      });

  m.def(
      "check_compliance",
      [](const std::string& mode, py::handle master_bill, const py::dict& bills,
         const py::object& catalogue_price, const py::object& uplift_flat,
         const py::object& uplift_cap, const std::vector<std::string>& landlord) {
        bill::compliance_input in;
        if (mode == "pass_through") {
          in.mode = bill::settlement_mode::pass_through;
        } else if (mode != "catalogue_price") {
          throw error(errc::invalid_argument, "mode is catalogue_price or pass_through",
                      {{"mode", mode}});
        }
        in.master_bill = to_decimal<money>(master_bill, "master_bill");
        if (!catalogue_price.is_none())
          in.catalogue_price = to_decimal<bill::line_price>(catalogue_price, "catalogue_price");
        if (!uplift_flat.is_none()) {
          in.uplift = bill::uplift_cap{to_decimal<bill::line_price>(uplift_flat, "uplift_flat"),
                                       to_decimal<ratio>(uplift_cap, "uplift_cap")};
        }
        for (const auto& [k, v] : bills) {
          const auto id = k.cast<std::string>();
          bool own = false;
          for (const auto& l : landlord) own = own || l == id;
          in.bills.push_back({id, v.cast<std::vector<bill::line>>(), own});
        }
        const auto r = bill::check_compliance(in);
        py::dict d;
        d["compliant"] = r.compliant();
        d["tenant_total"] = to_py(r.tenant_total);
        d["landlord_total"] = to_py(r.landlord_total);
        d["findings"] = warnings_to_py(r.findings);
        return d;
      },
      py::arg("mode"), py::arg("master_bill"), py::arg("bills"), py::kw_only(),
      py::arg("catalogue_price") = py::none(), py::arg("uplift_flat_price") = py::none(),
      py::arg("uplift_cap") = py::none(), py::arg("landlord_own_use") = std::vector<std::string>{},
      "转供电 checks (rules.md SUP-1, SUP-2, SUP-5) over {user: [Line]}: {compliant, "
      "tenant_total, landlord_total, findings}.");
}

}  // namespace submeter::python
