#pragma once
/// \file
/// ledger closing (销户, rules.md §15 LIFE-2) and the usage of a meter across a replacement
/// (换表, LIFE-1).
///
/// plan_closing turns the close-date figures (final readings, and the prorated basic charge,
/// allocations and fees computed elsewhere, given as amounts) into the events of LIFE-2 steps
/// 1–5, in order: consumption to the final reading, the other lines, arrears settled from the
/// balance, the remainder refunded, close (which trips the relay / closes the valve). Step 6 is
/// make_statement over the account's entries.

#include <string>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/event.hpp"

namespace submeter::ledger {

/// Energy measured on a meter since its last deduction, including what replaced meters carried
/// over (LIFE-1: month kWh = old meter (final − last billed) + new meter (reading − initial)).
/// Refuses (errc::invalid_argument) a negative reading, (errc::not_found) an unknown meter,
/// (errc::inconsistent) a meter whose last deducted reading is unknown (bills posted as fees carry
/// no reading: the energy since then cannot be known, issue 16 #2) and a reading below the last.
[[nodiscard]] inline energy undeducted_energy(const account_state& s, const std::string& meter_id,
                                              energy reading) {
  if (reading.is_negative()) {
    throw error(errc::invalid_argument, "a register reading cannot be negative",
                {{"meter", meter_id}, {"reading", reading.to_string(2)}});
  }
  const meter_state* m = s.meter(meter_id);
  if (m == nullptr) throw error(errc::not_found, "unknown meter", {{"meter", meter_id}});
  if (!m->last_reading) {
    throw error(errc::inconsistent,
                "the meter's last deducted reading is unknown, so the energy up to a final "
                "reading cannot be computed; charge it with a closing line instead",
                {{"meter", meter_id}, {"reading", reading.to_string(2)}});
  }
  if (reading < *m->last_reading) {
    throw error(errc::inconsistent, "a meter register goes backwards",
                {{"meter", meter_id},
                 {"reading", reading.to_string(2)},
                 {"last", m->last_reading->to_string(2)}});
  }
  return m->carried + (reading - *m->last_reading);
}

/// The final reading of one meter at closing, and the price of its energy.
struct final_reading {
  std::string meter_id;
  energy reading;
  energy_price price;
};

/// A charge to the close date given as an amount: a prorated basic charge (TP-8), a common-area
/// allocation, a property fee.
struct closing_line {
  std::string label;
  money amount;
};

/// The events of a closing and the figures of each step.
struct closing_plan {
  std::vector<event> events;
  /// Step 2: energy since the last deduction, per final reading, and its amount (PP-5: kWh ×
  /// price rounded half-up to 0.01 yuan).
  std::vector<energy> final_kwh;
  std::vector<money> final_energy_amounts;
  /// Step 2: Σ closing lines.
  money other_charges;
  /// Step 3: arrears settled from the balance.
  money arrears_settled;
  /// Step 4: the remainder refunded (退费).
  money refund;
  /// What is still owed after the balance is used up (0 when the balance covered everything).
  money unpaid;
};

/// Plans the closing of an account in state `s` at `time`; event keys start with `key_prefix`.
/// The plan is computed on the current state only (it does not post): post its events as one
/// batch. Refuses (errc::inconsistent) a closed account, what undeducted_energy refuses for a
/// final reading (a negative one, or a meter without a known last reading), and
/// (errc::invalid_argument) a closing line of zero or a negative amount (issue 16 #9: closing
/// cannot be undone, so nothing is dropped silently).
[[nodiscard]] inline closing_plan plan_closing(const account_params& p, const account_state& s,
                                               local_time time, const std::string& key_prefix,
                                               const std::vector<final_reading>& readings,
                                               const std::vector<closing_line>& lines) {
  if (s.closed)
    throw error(errc::inconsistent, "the account is already closed", {{"account", p.id}});
  closing_plan plan;
  money balance = s.balance;
  money arrears = s.arrears();
  const auto deduct = [&](money amount) {
    if (p.mode == account_mode::prepaid) {
      balance -= amount;
    } else {
      const money from_credit = balance.sign() > 0 ? std::min(balance, amount) : money{};
      balance -= from_credit;
      arrears += amount - from_credit;
    }
  };
  for (const auto& r : readings) {
    const energy kwh = undeducted_energy(s, r.meter_id, r.reading);
    const money amount =
        round(multiply<money>(kwh, r.price, rounding::half_up), 2, rounding::half_up);
    plan.final_kwh.push_back(kwh);
    plan.final_energy_amounts.push_back(amount);
    if (amount.sign() > 0) {
      plan.events.push_back(consumption(time, key_prefix + "/energy/" + r.meter_id, r.meter_id, kwh,
                                        amount, r.reading));
      deduct(amount);
    }
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].amount.sign() <= 0) {
      throw error(errc::invalid_argument,
                  "a closing charge must be positive (a credit is an adjustment, posted before)",
                  {{"account", p.id},
                   {"charge", lines[i].label},
                   {"amount", lines[i].amount.to_string(2)}});
    }
    plan.events.push_back(
        fee(time, key_prefix + "/line/" + std::to_string(i + 1), lines[i].amount, lines[i].label));
    plan.other_charges += lines[i].amount;
    deduct(lines[i].amount);
  }
  const money spendable = balance - s.frozen;
  if (arrears.sign() > 0 && spendable.sign() > 0) {
    plan.arrears_settled = std::min(arrears, spendable);
    plan.events.push_back(settlement(time, key_prefix + "/settle", plan.arrears_settled));
    balance -= plan.arrears_settled;
    arrears -= plan.arrears_settled;
  }
  const money left = balance - s.frozen;
  if (left.sign() > 0) {
    plan.refund = left;
    plan.events.push_back(refund(time, key_prefix + "/refund", left, "closing"));
  }
  plan.unpaid = arrears + (balance.is_negative() ? -balance : money{});
  plan.events.push_back(close(time, key_prefix + "/close"));
  return plan;
}

}  // namespace submeter::ledger
