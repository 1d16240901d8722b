// A dry run's comparison (bill/compare.hpp) as text and JSON (render.hpp).
#include <ostream>
#include <string>

#include "render/detail.hpp"
#include "render/json_writer.hpp"
#include "render/lang.hpp"
#include "render/render.hpp"

namespace submeter::render {
namespace {

using detail::money_text;

std::string signed_money(const money& m, int places) {
  return (m.is_negative() ? "" : "+") + money_text(m, places);
}

std::size_t count(const bill::bills_comparison& c, bill::bill_change what) {
  std::size_t n = 0;
  for (const auto& b : c.bills) n += b.what == what ? 1 : 0;
  return n;
}

std::string line_amount(const bill::compared_line& l, int places) {
  return bill::group_thousands(l.amount.to_string(places));
}

}  // namespace

void write_comparison_text(std::ostream& out, const std::string& period_label,
                           const std::string& against, const bill::bills_comparison& c,
                           const std::string& currency, int places, lang l) {
  out << say(l, term::dry_title,
             {month_text(l, period_label), against, std::to_string(c.billed),
              std::to_string(c.issued)})
      << "\n";
  out << say(l, term::dry_counts,
             {std::to_string(c.unchanged), std::to_string(count(c, bill::bill_change::changed)),
              std::to_string(count(c, bill::bill_change::added)),
              std::to_string(count(c, bill::bill_change::removed)),
              signed_money(c.net_change, places), currency_name(l, currency)})
      << "\n";
  out << say(l, term::dry_nothing) << "\n";
  if (!c.any()) out << say(l, term::dry_no_change) << "\n";
  for (const auto& b : c.bills) {
    out << "\n";
    switch (b.what) {
      case bill::bill_change::added:
        out << say(l, term::dry_bill_added,
                   {b.tenant_id, b.number_after, money_text(b.total_after, places)});
        break;
      case bill::bill_change::removed:
        out << say(l, term::dry_bill_removed,
                   {b.tenant_id, b.number_before, money_text(b.total_before, places)});
        break;
      case bill::bill_change::changed:
        out << say(l, term::dry_bill_changed,
                   {b.tenant_id, b.number_after, money_text(b.total_before, places),
                    money_text(b.total_after, places),
                    signed_money(b.total_after - b.total_before, places)});
        break;
    }
    out << "\n";
    if (b.what == bill::bill_change::changed && b.number_before != b.number_after) {
      out << say(l, term::dry_number, {b.number_before, b.number_after}) << "\n";
    }
    for (const auto& d : b.lines) {
      const auto& any = d.after ? *d.after : *d.before;
      const auto component = component_name(l, any.component);
      const auto reg = register_label(l, any.register_name);
      switch (d.what) {
        case bill::line_change::added:
          out << say(l, term::dry_line_added,
                     {component, any.meter, reg, explanation_text(l, d.after->explanation)});
          break;
        case bill::line_change::removed:
          out << say(l, term::dry_line_removed,
                     {component, any.meter, reg, explanation_text(l, d.before->explanation)});
          break;
        case bill::line_change::changed: {
          out << say(l, term::dry_line_changed, {component, any.meter, reg});
          const auto& x = *d.before;
          const auto& y = *d.after;
          if (x.quantity != y.quantity) {
            out << say(l, term::dry_quantity,
                       {bill::group_thousands(x.quantity.to_string(2)),
                        bill::group_thousands(y.quantity.to_string(2))});
          }
          if (x.unit_price != y.unit_price) {
            out << say(l, term::dry_price, {x.unit_price.to_string(2), y.unit_price.to_string(2)});
          }
          const auto delta = rescale<money>(y.amount - x.amount, rounding::half_up);
          out << say(l, term::dry_amount,
                     {line_amount(x, places), line_amount(y, places), signed_money(delta, places)});
          break;
        }
      }
      out << "\n";
    }
  }
  out.flush();
}

void write_comparison_json(std::ostream& out, const std::string& period_label,
                           const std::string& against, const bill::bills_comparison& c,
                           int places) {
  json_writer w(out);
  const auto line = [&w, places](const bill::compared_line& x) {
    w.begin_object();
    w.key("quantity").value(x.quantity.to_string(2));
    w.key("unit").value(x.unit);
    w.key("unit_price").value(x.unit_price.to_string(2));
    w.key("amount").value(x.amount.to_string(places));
    w.key("explanation").value(x.explanation);
    w.end_object();
  };
  w.begin_object();
  w.key("format").value("submeter-dry-run-v0");
  w.key("period").value(period_label);
  w.key("against").value(against);
  w.key("billed").value(c.billed);
  w.key("issued").value(c.issued);
  w.key("unchanged").value(c.unchanged);
  w.key("changed").value(count(c, bill::bill_change::changed));
  w.key("added").value(count(c, bill::bill_change::added));
  w.key("removed").value(count(c, bill::bill_change::removed));
  w.key("net_change").value(c.net_change.to_string(places));
  w.key("posted").value(false);
  w.key("bills").begin_array();
  for (const auto& b : c.bills) {
    w.begin_object();
    w.key("tenant").value(b.tenant_id);
    w.key("change").value(b.what == bill::bill_change::added     ? "added"
                          : b.what == bill::bill_change::removed ? "removed"
                                                                 : "changed");
    if (b.what != bill::bill_change::added) {
      w.key("number_before").value(b.number_before);
      w.key("total_before").value(b.total_before.to_string(places));
    }
    if (b.what != bill::bill_change::removed) {
      w.key("number_after").value(b.number_after);
      w.key("total_after").value(b.total_after.to_string(places));
    }
    w.key("lines").begin_array();
    for (const auto& d : b.lines) {
      const auto& any = d.after ? *d.after : *d.before;
      w.begin_object();
      w.key("change").value(d.what == bill::line_change::added     ? "added"
                            : d.what == bill::line_change::removed ? "removed"
                                                                   : "changed");
      w.key("component").value(bill::to_string(any.component));
      w.key("meter").value(any.meter);
      w.key("register").value(any.rate_register);
      w.key("register_name").value(any.register_name);
      if (any.tier != 0) w.key("tier").value(any.tier);
      if (!any.version.empty()) w.key("version").value(any.version);
      if (d.before) {
        w.key("before");
        line(*d.before);
      }
      if (d.after) {
        w.key("after");
        line(*d.after);
      }
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.finish();
}

}  // namespace submeter::render
