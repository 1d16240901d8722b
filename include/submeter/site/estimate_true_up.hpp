#pragma once
/// \file
/// site::estimate_true_ups: QUAL-2, the true-up of an estimate (估抄差额调整). A bill issued with
/// an estimated read at its end bound (估抄, QUAL-1) charged the estimate; when the actual read of
/// that meter, register and time arrives, the estimate is not edited: the bill of the next period
/// starts from the actual read and carries one adjustment line per register, the difference
/// (actual − estimate) × multiplier × the price the earlier bill applied to that register, rounded
/// by the bill's rule (to the fen by default).
///
/// "The price applied" is the unit price of the earlier bill's last line of that meter and
/// register (energy or water): the kWh an estimate over- or under-stated are the last ones of
/// its period, priced by the last price version and in the highest tier that period reached.
/// The earlier bill is rebuilt as issued (the estimate in place of the actual read, the price
/// histories as they stood, histories_as_issued) to find it.

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/read_quality.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/site/rerating.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/usage.hpp"
#include "submeter/tariff/price_version.hpp"

namespace submeter::site {

/// QUAL-2: the true-up lines of tenant `t` billed for `period`: for each estimate of
/// s.replaced_estimates() that is the read the previous period's bill of one of its meters ended
/// on and this period's starts from (the read at or up to 24 h before the bound), one
/// component::adjustment line per register the earlier bill priced: quantity (actual − estimate)
/// × multiplier (half_up to 1e-4, negative when the estimate was high), the unit price of the
/// earlier bill's last line of that meter and register, the amount rounded by the site's rule;
/// explained "true-up of estimate <rule> <method> at <time> (billed <previous period>): actual
/// <A> - estimated <E> = <D> [<basis>]: <quantity> <unit> × <price> = <amount>". A register the
/// earlier bill did not price on its own (the total of a TOU meter, whose rate registers are
/// priced) has none. A meter without reads at both bounds of the previous period had no earlier
/// bill: nothing to true up. Refuses what rating refuses rebuilding the earlier bill (a register
/// going backwards from the earlier bill's start read to the estimate, errc::inconsistent).
[[nodiscard]] inline std::vector<bill::line> estimate_true_ups(const site& s, const tenant& t,
                                                               const bill::billing_period& period) {
  std::vector<bill::line> out;
  if (s.replaced_estimates().empty()) return out;
  const auto previous = period.shifted(-1);
  std::map<std::string, tariff::version_history> issued;
  bool have_issued = false;
  for (const auto& meter_id : t.meter_ids) {
    const auto* series = s.series(meter_id);
    if (series == nullptr) continue;
    const auto now = meter_window(s, t, meter_id, period.window());
    const auto before = meter_window(s, t, meter_id, previous.window());
    if (!now || !before) continue;
    const auto start = series->at_or_before(now->begin(), bill::reading_tolerance);
    const auto end_before = series->at_or_before(before->end(), bill::reading_tolerance);
    const auto from_before = series->at_or_before(before->begin(), bill::reading_tolerance);
    if (!start || !end_before || !from_before || start->time != end_before->time ||
        !(from_before->time < end_before->time)) {
      continue;
    }
    // The earlier bill's end read as issued: the estimates in place of the actual values.
    auto as_issued = *end_before;
    std::vector<const bill::read_note*> replaced;
    for (const auto& e : s.replaced_estimates()) {
      if (e.meter_id != meter_id || e.time != end_before->time) continue;
      if (e.register_number == 0) {
        as_issued.total = e.value;
      } else {
        as_issued.rates[static_cast<std::size_t>(e.register_number - 1)] = e.value;
      }
      replaced.push_back(&e);
    }
    if (replaced.empty()) continue;
    if (!have_issued) {
      issued = histories_as_issued(s, previous);
      have_issued = true;
    }
    const auto earlier = rate_meter(s, t, meter_id, *before, *from_before, as_issued, &issued);
    const auto& m = s.meter(meter_id);
    for (const auto* e : replaced) {
      const bill::line* priced = nullptr;
      for (const auto& l : earlier.lines) {
        if (l.meter_id == meter_id && l.rate_register == e->register_number &&
            (l.component == bill::component::energy || l.component == bill::component::water)) {
          priced = &l;
        }
      }
      if (priced == nullptr) continue;
      const energy actual =
          e->register_number == 0 ? end_before->total : *end_before->rate(e->register_number);
      const energy read_difference = actual - e->value;
      const auto quantity = multiply<energy>(read_difference, m.multiplier(), rounding::half_up);
      auto l = bill::charge_line(bill::component::adjustment, meter_id, quantity,
                                 energy_price::from_mantissa(priced->unit_price.mantissa()),
                                 s.rule(), priced->unit);
      l.rate_register = e->register_number;
      l.register_name = priced->register_name;
      l.price_unit = priced->price_unit;
      l.explanation = "true-up of estimate " + e->rule + " " + e->method + " at " +
                      local_interval::format(e->time) + " (billed " + previous.label() +
                      "): actual " + bill::group_thousands(actual.to_string(2)) + " - estimated " +
                      bill::group_thousands(e->value.to_string(2)) + " = " +
                      bill::group_thousands(read_difference.to_string(2)) + " [" + e->basis +
                      "]: " + l.explanation;
      out.push_back(std::move(l));
    }
  }
  return out;
}

}  // namespace submeter::site
