#pragma once
/// \file
/// The two 转供电 settlement modes of rules.md SUP-2, producing electricity-bill lines.
///
/// Mode A (catalogue price): each end user pays kWh × the catalogue price; common-area use and
/// losses are NOT on the electricity bill: they are reported, valued at the catalogue price,
/// and can be recovered through property-fee lines (`recover_through_property_fee`).
/// Mode B (pass-through): the whole grid bill (basic charge and 力调 included) is shared among
/// the end users (tenants and the landlord's own use) by their sub-meter kWh, largest remainder
/// to the fen (ALLOC-LR); common area and losses are inside the shares, so Σ shares = grid bill
/// and the tenants' part never exceeds it. The reading that "all users" means the end users, not
/// the common-area meter, is the vectors' ([verify] in rules.md).

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "submeter/allocation/share.hpp"
#include "submeter/bill/compliance.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"

namespace submeter::allocation {

/// Who an end user is (SUP-1: the landlord's own use is never passed to tenants).
enum class end_user_kind { tenant, landlord_own_use };

/// One end user's metered consumption for the month.
struct end_user {
  std::string id;
  energy consumption;
  end_user_kind kind = end_user_kind::tenant;
};

/// Mode B result: one line per end user, in the given order.
struct pass_through_settlement {
  /// Component "energy", quantity = the user's kWh, amount = its share of the grid bill.
  std::vector<bill::line> lines;
  /// The shares as money, same order.
  std::vector<money> shares;
  money grid_bill;
  /// Σ of the tenants' shares.
  money tenant_total;
  /// Σ of the landlord's own-use shares (borne by the landlord).
  money landlord_share;
};

/// Mode A result.
struct catalogue_settlement {
  /// One "energy" line per tenant: kWh × catalogue price, rounded per `rule`.
  std::vector<bill::line> tenant_lines;
  /// The landlord's own use at the catalogue price (not billed to anyone).
  money landlord_own_use_cost;
  /// master − Σ end users: common area + losses, kept off the electricity bill.
  energy not_on_electricity_bill;
  /// Its value at the catalogue price, rounded per `rule`: what the property fee may recover.
  money not_on_electricity_bill_cost;
};

namespace detail {

inline void check_end_users(const std::vector<end_user>& users) {
  if (users.empty()) throw error(errc::invalid_argument, "a settlement needs end users");
  for (const auto& u : users) {
    if (u.consumption.is_negative()) {
      throw error(errc::invalid_argument, "an end user's consumption must not be negative",
                  {{"user", u.id}, {"kwh", u.consumption.to_string()}});
    }
  }
}

}  // namespace detail

/// Mode B (SUP-2 pass-through): shares `grid_bill` (rounded to `rule.places` first) among
/// `users` by kWh, largest remainder to that unit (vector mode-b-1: 8,650.00 by 5,000 / 3,000 /
/// 500 kWh → 5,088.24 / 3,052.94 / 508.82). Refuses no users, a negative kWh, a duplicate id,
/// and users whose kWh are all zero while the bill is not (errc::invalid_argument/duplicate).
[[nodiscard]] inline pass_through_settlement settle_pass_through(
    money grid_bill, const std::vector<end_user>& users, const bill::rounding_rule& rule = {}) {
  detail::check_end_users(users);
  std::vector<sharer> sharers;
  sharers.reserve(users.size());
  energy total_kwh{};
  for (const auto& u : users) {
    sharer s;
    s.id = u.id;
    s.consumption = u.consumption;
    sharers.push_back(std::move(s));
    total_kwh += u.consumption;
  }
  pass_through_settlement out;
  out.grid_bill = round(grid_bill, rule.places, rule.mode);
  const money unit = money::from_mantissa(submeter::detail::pow10(money::scale - rule.places));
  out.shares = share(out.grid_bill, sharers, share_method::by(basis::consumption), unit).parts;
  for (std::size_t i = 0; i < users.size(); ++i) {
    const auto& u = users[i];
    auto l = bill::amount_line(
        bill::component::energy, u.id, rescale<bill::exact_money>(out.shares[i]),
        "pass-through share of the grid bill " + bill::group_thousands(out.grid_bill.to_string(2)) +
            ": " + bill::group_thousands(u.consumption.to_string(2)) + " of " +
            bill::group_thousands(total_kwh.to_string(2)) + " kWh",
        rule);
    l.quantity = bill::as_line_quantity(u.consumption);
    l.unit = "kWh";
    out.lines.push_back(std::move(l));
    (u.kind == end_user_kind::tenant ? out.tenant_total : out.landlord_share) += out.shares[i];
  }
  return out;
}

/// Mode A (SUP-2 catalogue price): each tenant's kWh × `catalogue_price`; the landlord's own use
/// valued the same way; master − Σ end users (common area + losses) reported off the
/// electricity bill (vector mode-a-1: 4,325.00 / 2,595.00; own use 432.50; 1,500 kWh =
/// 1,297.50 not on the bill). Refuses no users, a negative kWh, and end users reading more than
/// the master (errc::inconsistent: LL-3, a meter fault).
[[nodiscard]] inline catalogue_settlement settle_catalogue(energy_price catalogue_price,
                                                           energy master,
                                                           const std::vector<end_user>& users,
                                                           const bill::rounding_rule& rule = {}) {
  detail::check_end_users(users);
  catalogue_settlement out;
  energy used{};
  energy own{};
  for (const auto& u : users) {
    used += u.consumption;
    if (u.kind == end_user_kind::tenant) {
      out.tenant_lines.push_back(
          bill::charge_line(bill::component::energy, u.id, u.consumption, catalogue_price, rule));
    } else {
      own += u.consumption;
    }
  }
  if (used > master) {
    throw error(errc::inconsistent, "the end users read more than the master meter",
                {{"master", master.to_string()}, {"end_users", used.to_string()}});
  }
  const auto value = [&](energy e) {
    return round(multiply<money>(e, catalogue_price, rounding::half_up), rule.places, rule.mode);
  };
  out.landlord_own_use_cost = value(own);
  out.not_on_electricity_bill = master - used;
  out.not_on_electricity_bill_cost = value(out.not_on_electricity_bill);
  return out;
}

/// Mode A's way to recover common area and losses (SUP-2, LL-5): property-fee lines sharing
/// `amount` by `method` (share_lines with component "property_fee"). In Mode B do not call it:
/// those costs are already inside the electricity shares (SUP-2 [verify]).
[[nodiscard]] inline std::vector<bill::line> recover_through_property_fee(
    money amount, const std::vector<sharer>& tenants, const share_method& method,
    const bill::rounding_rule& rule = {}) {
  return share_lines(bill::component::property_fee, amount, tenants, method, rule);
}

}  // namespace submeter::allocation
