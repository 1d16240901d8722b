#pragma once
/// \file
/// bill::check_compliance: the 转供电 (resale of grid power) checks over a site's electricity
/// bills for one month (rules.md SUP-1, SUP-2, SUP-5).
///
/// It lives in bill/ (DESIGN.md "Compliance checks live here") because it reads only bill
/// lines and the master bill: whatever produced the lines (a tariff, allocation's settlement, a
/// platform's own engine), the check is the same, and a platform can run it on bills it did
/// not make with submeter. Findings are warnings (DESIGN.md "Errors"); nothing is refused.
///
/// - SUP-1/SUP-2: Σ tenant electricity charges must not exceed the master grid bill (the
///   invariant the rules name for Mode B; checked in both modes, since SUP-1 forbids profit on
///   resale in either).
/// - SUP-2 Mode A: no energy price above the catalogue price.
/// - SUP-1/LL-5: no loss, common-area, service-fee, property-fee or rent line on an electricity
///   bill (bill::forbidden_on_electricity_bill) (in Mode A they belong in the property fee; in Mode
///   B they are already inside the shares, so a separate line charges them twice).
/// - SUP-2 Mode B, when the bills are every end user's (`shares_cover_bill`): the tenants' and
///   the landlord's own-use shares add up to the master bill exactly (the whole bill is shared).
/// - SUP-5 (optional, default off): no energy price above flat catalogue × (1 + uplift cap); a
///   price equal to the cap passes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/warning.hpp"

namespace submeter::bill {

/// The two settlement modes of a 转供电 site (rules.md SUP-2).
enum class settlement_mode {
  catalogue_price,  ///< Mode A: tenants pay the catalogue price; losses and common area via fees
  pass_through,     ///< Mode B: the whole grid bill shared by sub-meter readings
};

[[nodiscard]] constexpr std::string_view to_string(settlement_mode m) noexcept {
  return m == settlement_mode::catalogue_price ? "catalogue_price" : "pass_through";
}

/// The optional uplift cap of SUP-5: end-user price <= flat catalogue price × (1 + fraction).
struct uplift_cap {
  /// The catalogue flat-period price for the user's voltage level, yuan/kWh.
  line_price flat_catalogue_price;
  /// The cap as a fraction (0.15 for 15 %).
  ratio fraction;
};

/// One end user's electricity bill for the month, as lines.
struct electricity_bill {
  std::string user_id;
  std::vector<line> lines;
  /// The landlord's own use: shown in the report, not counted as a tenant charge (SUP-1).
  bool landlord_own_use = false;
};

/// What check_compliance needs for one site and month.
struct compliance_input {
  std::string site_id;
  /// "2026-10".
  std::string month;
  settlement_mode mode = settlement_mode::catalogue_price;
  /// The master (grid) bill the landlord paid, all components included.
  money master_bill;
  /// Mode A: the catalogue price per register name ("flat", "peak", … or "total"); a register
  /// not listed uses `catalogue_price`.
  std::optional<line_price> catalogue_price;
  std::vector<std::pair<std::string, line_price>> catalogue_by_register;
  /// SUP-5, off unless set.
  std::optional<uplift_cap> uplift;
  std::vector<electricity_bill> bills;
  /// Mode B: `bills` (with the parts joined and the landlord's own use added) are every end
  /// user's share, so they must add up to the master bill (check_master_bill); off by default
  /// (a platform may check only its tenants' bills).
  bool shares_cover_bill = false;
};

/// The compliance report of one site and month.
struct compliance_report {
  std::string site_id;
  std::string month;
  settlement_mode mode = settlement_mode::catalogue_price;
  money master_bill;
  /// Σ of the charged amounts on the tenants' electricity bills (landlord's own use excluded),
  /// each to 0.0001 yuan: a site's totals exceed what an exact (1e-10) amount holds, and a line
  /// rounded per line (2 places) is exact at 1e-4; a bill rounding only its total contributes
  /// its exact lines to the nearest 0.0001, which no check here depends on.
  money tenant_total;
  /// Σ on the landlord's own-use bills.
  money landlord_total;
  /// Every finding; empty when the site complies.
  std::vector<warning> findings;
  /// compliance_input::shares_cover_bill.
  bool shares_cover_bill = false;

  [[nodiscard]] bool compliant() const noexcept { return findings.empty(); }
};

/// SUP-5: a warning "uplift_cap_exceeded" when `price` > flat × (1 + fraction), compared
/// exactly; none when equal to the cap (vector uplift-cap-1: 0.8050 passes, 0.8100 warns).
[[nodiscard]] inline std::vector<warning> check_uplift(line_price price, const uplift_cap& cap,
                                                       const std::string& user_id = {}) {
  using submeter::detail::int128;
  const int128 lhs = int128(price.mantissa()) * ratio::one;
  const int128 rhs =
      int128(cap.flat_catalogue_price.mantissa()) * (ratio::one + cap.fraction.mantissa());
  if (lhs <= rhs) return {};
  return {{"uplift_cap_exceeded",
           "a price is above the catalogue flat price plus the uplift cap (SUP-5)",
           {{"user", user_id},
            {"price", price.to_string(4)},
            {"flat_catalogue_price", cap.flat_catalogue_price.to_string(4)},
            {"cap", cap.fraction.to_string(0)}}}};
}

/// The checks of check_bills over one bill: `lines` of user `user_id` (its landlord's own use
/// when `landlord_own_use`), the lines for which `take(line)` is true, added to `r` (totals and
/// findings, in line order). `in` gives the mode, catalogue prices and uplift cap; its `bills` are
/// not read. check_bills runs it over `in.bills`; a caller holding whole bills (the site report)
/// runs it over their electricity lines without copying them into a compliance_input.
template <class Take>
void check_bill_lines(const compliance_input& in, const std::string& user_id, bool landlord_own_use,
                      const std::vector<line>& lines, Take&& take, compliance_report& r) {
  const auto catalogue_for = [&in](const std::string& reg) -> std::optional<line_price> {
    for (const auto& [name, price] : in.catalogue_by_register)
      if (name == reg) return price;
    return in.catalogue_price;
  };
  for (const auto& l : lines) {
    if (!take(l)) continue;
    (landlord_own_use ? r.landlord_total : r.tenant_total) +=
        rescale<money>(l.amount, rounding::half_up);
    if (forbidden_on_electricity_bill(l.component)) {
      const std::string name(to_string(l.component));
      r.findings.push_back(
          {name + "_on_electricity_bill",
           "a " + name + " line is on an electricity bill (SUP-1" +
               (in.mode == settlement_mode::catalogue_price
                    ? ", SUP-2 Mode A: recover it through the property fee)"
                    : ", SUP-2 Mode B: it is already inside the shares)"),
           {{"user", user_id}, {"meter", l.meter_id}, {"amount", l.amount.to_string(2)}}});
    }
    if (l.component != component::energy) continue;
    if (in.mode == settlement_mode::catalogue_price) {
      const auto cat = catalogue_for(l.register_name);
      if (cat && l.unit_price > *cat) {
        r.findings.push_back({"price_above_catalogue",
                              "an energy price is above the catalogue price (SUP-2 Mode A)",
                              {{"user", user_id},
                               {"register", l.register_name},
                               {"price", l.unit_price.to_string(4)},
                               {"catalogue", cat->to_string(4)}}});
      }
    }
    if (in.uplift && !l.quantity.is_zero()) {
      // The effective price of the line: its unit price, or amount ÷ kWh for a share line.
      const line_price p =
          l.unit_price.is_zero()
              ? line_price::from_mantissa(submeter::detail::narrow(
                    submeter::detail::divide_rounded(
                        submeter::detail::int128(l.amount.mantissa()),
                        submeter::detail::int128(l.quantity.mantissa()), rounding::half_up),
                    "effective price"))
              : l.unit_price;
      for (auto& w : check_uplift(p, *in.uplift, user_id)) r.findings.push_back(std::move(w));
    }
  }
}

/// The report check_bills starts from: `in`'s site, month, mode, master bill and
/// shares_cover_bill, nothing summed.
[[nodiscard]] inline compliance_report empty_report(const compliance_input& in) {
  compliance_report r;
  r.site_id = in.site_id;
  r.month = in.month;
  r.mode = in.mode;
  r.master_bill = in.master_bill;
  r.shares_cover_bill = in.shares_cover_bill;
  return r;
}

/// The checks of the file comment that read one bill at a time, over `in.bills` (all of a site's
/// bills for the month, or a part of them): the totals and the findings "price_above_catalogue"
/// (Mode A), "<component>_on_electricity_bill" and "uplift_cap_exceeded", in bill order. A site
/// checked in parts joins them with join_checked and ends with check_master_bill, which gives
/// what check_compliance gives for all the bills at once. Never throws on business content.
[[nodiscard]] inline compliance_report check_bills(const compliance_input& in) {
  auto r = empty_report(in);
  for (const auto& b : in.bills) {
    check_bill_lines(
        in, b.user_id, b.landlord_own_use, b.lines, [](const line&) { return true; }, r);
  }
  return r;
}

/// Joins `later`, check_bills of the bills that follow those of `into` (the next part of a site),
/// to `into`: totals added, findings appended.
inline void join_checked(compliance_report& into, compliance_report later) {
  into.tenant_total += later.tenant_total;
  into.landlord_total += later.landlord_total;
  for (auto& f : later.findings) into.findings.push_back(std::move(f));
}

/// SUP-1/SUP-2: once every bill is checked, the finding "tenant_total_exceeds_master_bill" when
/// Σ tenant electricity charges exceed the master bill; in Mode B with `shares_cover_bill`, the
/// finding "shares_differ_from_master_bill" when the tenants' and the landlord's shares do not
/// add up to it exactly.
inline void check_master_bill(compliance_report& r) {
  if (r.mode == settlement_mode::pass_through && r.shares_cover_bill &&
      r.tenant_total + r.landlord_total != r.master_bill) {
    r.findings.push_back(
        {"shares_differ_from_master_bill",
         "the end users' shares do not add up to the grid bill (SUP-2 Mode B shares the whole "
         "bill by kWh)",
         {{"site", r.site_id},
          {"month", r.month},
          {"tenant_total", r.tenant_total.to_string(2)},
          {"landlord_total", r.landlord_total.to_string(2)},
          {"master_bill", r.master_bill.to_string(2)}}});
  }
  if (r.tenant_total > r.master_bill) {
    r.findings.push_back({"tenant_total_exceeds_master_bill",
                          "the tenants are charged more for electricity than the grid bill (SUP-1)",
                          {{"site", r.site_id},
                           {"month", r.month},
                           {"tenant_total", r.tenant_total.to_string(2)},
                           {"master_bill", r.master_bill.to_string(2)}}});
  }
}

/// Runs the checks in the file comment over one site and month: check_bills, then
/// check_master_bill. Never throws on business content; the findings are the report's warnings:
/// "tenant_total_exceeds_master_bill", "price_above_catalogue" (Mode A),
/// "<component>_on_electricity_bill", "uplift_cap_exceeded", "shares_differ_from_master_bill"
/// (Mode B with shares_cover_bill).
[[nodiscard]] inline compliance_report check_compliance(const compliance_input& in) {
  auto r = check_bills(in);
  check_master_bill(r);
  return r;
}

}  // namespace submeter::bill
