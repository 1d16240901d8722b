#pragma once
/// \file
/// allocation::reconcile: the master-bill reconciliation of one site and month.
///
/// Energy: grid kWh = Σ tenants + common area + landlord's own use + losses; a remainder is
/// "unexplained_energy" (a missing meter or reading). Money: the grid bill against what was
/// charged on electricity bills (tenants), what was recovered through property-fee lines
/// (common area, losses: Mode A), and what the landlord bears (its own use at the grid bill's
/// average price, and the rest, e.g. a basic charge or 力调 not passed on). A negative "borne by
/// the landlord" means more was recovered than the grid was paid: "over_recovery" (SUP-1).
/// Every item carries an explanation; findings are warnings.

#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/warning.hpp"

namespace submeter::allocation {

/// What a site reports for one month.
struct reconciliation_input {
  std::string site_id;
  std::string month;
  /// The grid (master) meter's kWh and bill.
  energy grid_energy;
  money grid_bill;
  /// The tenants' metered kWh and what their electricity bills charged.
  energy tenant_energy;
  money tenant_charges;
  /// The common-area meters' kWh and what property-fee lines recovered for it (Mode A; zero in
  /// Mode B, where it is inside the tenants' shares).
  energy common_area_energy;
  money common_area_recovered;
  /// The landlord's own use.
  energy landlord_energy;
  /// The losses (Σ node losses of the meter tree, line_loss.hpp) and what property-fee lines
  /// recovered for them.
  energy loss_energy;
  money loss_recovered;
};

/// One line of the reconciliation.
struct reconciliation_item {
  /// "tenants", "common_area", "landlord_own_use", "loss", "unexplained" (energy);
  /// "tenant_charges", "common_area_recovered", "loss_recovered", "landlord_own_use",
  /// "borne_by_landlord" (money).
  std::string category;
  energy kwh;
  money amount;
  std::string explanation;
};

/// The report: energy items add up to the grid kWh and money items to the grid bill, exactly.
struct reconciliation_report {
  std::string site_id;
  std::string month;
  energy grid_energy;
  money grid_bill;
  std::vector<reconciliation_item> energy_items;
  std::vector<reconciliation_item> money_items;
  /// grid − Σ explained kWh.
  energy unexplained_energy;
  /// What the landlord bears in total (own use + the rest); negative: over-recovery.
  money borne_by_landlord;
  std::vector<warning> warnings;
};

/// Reconciles the master bill (see the file comment). The landlord's own use is valued at the
/// grid bill's average price (grid bill × own kWh ÷ grid kWh), half-up to the fen; the rest of
/// what the landlord bears is the remainder, so the money items add up to the grid bill.
/// Never throws on business content; warnings: "unexplained_energy", "over_recovery".
[[nodiscard]] inline reconciliation_report reconcile(const reconciliation_input& in) {
  reconciliation_report r;
  r.site_id = in.site_id;
  r.month = in.month;
  r.grid_energy = in.grid_energy;
  r.grid_bill = in.grid_bill;
  const auto kwh = [](energy e) { return bill::group_thousands(e.to_string(2)) + " kWh"; };
  const auto yuan = [](money m) { return bill::group_thousands(m.to_string(2)); };
  r.energy_items = {
      {"tenants", in.tenant_energy, {}, "tenant sub-meters: " + kwh(in.tenant_energy)},
      {"common_area",
       in.common_area_energy,
       {},
       "common-area meters: " + kwh(in.common_area_energy)},
      {"landlord_own_use",
       in.landlord_energy,
       {},
       "landlord's own use: " + kwh(in.landlord_energy)},
      {"loss", in.loss_energy, {}, "line and transformer losses: " + kwh(in.loss_energy)}};
  r.unexplained_energy = in.grid_energy - in.tenant_energy - in.common_area_energy -
                         in.landlord_energy - in.loss_energy;
  if (!r.unexplained_energy.is_zero()) {
    r.energy_items.push_back(
        {"unexplained",
         r.unexplained_energy,
         {},
         "grid kWh not explained by meters or losses: " + kwh(r.unexplained_energy)});
    r.warnings.push_back({"unexplained_energy",
                          "the grid kWh differ from Σ meters + losses: a missing meter or reading",
                          {{"site", in.site_id},
                           {"month", in.month},
                           {"unexplained_kwh", r.unexplained_energy.to_string(2)}}});
  }
  money own{};
  if (!in.grid_energy.is_zero()) {
    own = round(scale_by(in.grid_bill, in.landlord_energy.mantissa(), in.grid_energy.mantissa(),
                         rounding::half_up),
                2, rounding::half_up);
  }
  const money rest =
      in.grid_bill - in.tenant_charges - in.common_area_recovered - in.loss_recovered - own;
  r.borne_by_landlord = own + rest;
  r.money_items = {
      {"tenant_charges", in.tenant_energy, in.tenant_charges,
       "charged on tenants' electricity bills: " + yuan(in.tenant_charges)},
      {"common_area_recovered", in.common_area_energy, in.common_area_recovered,
       "recovered through property-fee lines: " + yuan(in.common_area_recovered)},
      {"loss_recovered", in.loss_energy, in.loss_recovered,
       "losses recovered through property-fee lines: " + yuan(in.loss_recovered)},
      {"landlord_own_use", in.landlord_energy, own,
       "landlord's own use at the grid bill's average price: " + yuan(own)},
      {"borne_by_landlord",
       {},
       rest,
       rest.is_negative() ? "recovered above the grid bill (SUP-1): " + yuan(rest)
                          : "not passed on (basic charge, 力调, unrecovered common area or "
                            "losses): " +
                                yuan(rest)}};
  if (rest.is_negative()) {
    r.warnings.push_back(
        {"over_recovery",
         "more was recovered from tenants than the grid bill less the landlord's "
         "own use (SUP-1)",
         {{"site", in.site_id}, {"month", in.month}, {"excess", (-rest).to_string(2)}}});
  }
  return r;
}

}  // namespace submeter::allocation
