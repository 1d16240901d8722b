#pragma once
/// \file
/// site::rate_live: incremental rating of a prepaid meter's cumulative readings (issue 17, the
/// "live prepaid step" of DESIGN.md), exact and consistent with the monthly bill.
///
/// How (design rule): a live deduction is "the bill to date minus what the period has already
/// deducted". For each reading the meter's usage since the reading the monthly bill would start
/// the period from (the cursor's `anchor`) is rated by the very functions the monthly bill uses
/// (`tariff::rate` for flat and TOU registers, `tariff::rate_versions` for price versions split at
/// the change instant or by days, `tiered_tariff::rate` for water and electricity ladders), and
/// the bill's rounding rule gives the to-date total. So:
/// - a tier counter carries across deductions (the ladder always sees the period's cumulative
///   use, starting from the counter at the period start) and restarts at the TIER-3 reset;
/// - a price version changing between two readings is split exactly as the monthly bill splits
///   the period (TOU-5: a reading kept at the change instant, else by days);
/// - per-deduction rounding never accumulates: the deductions of a period add up to the to-date
///   bill of its last reading, so the month-end true-up is zero when the last deducted reading is
///   the one the bill ends on.
/// A to-date total never moves a deduction below zero: when it falls (a by-days version split
/// re-weighs the days), nothing is deducted until it rises above what was deducted again; the
/// month-end true-up settles the rest.
///
/// Interval data (TOU-5 by interval data, format v2 `tou_periods`): a meter under a price history
/// whose tariff has a day table and whose interval data are known (live_meter::with_intervals)
/// has a price change inside its window split by the energy its intervals measured before and
/// after the instant, as the monthly bill splits it (site/usage.hpp, rate_meter), when no
/// reading falls at the instant (readings still come first). The window is the to-date window,
/// the anchor to the reading: it is split by interval data when the data cover it and both its
/// ends lie on the data's step grid; else (a reading at 10:07 on a 15-minute grid, data not yet
/// received, or data whose sum differs from the readings, which the monthly bill refuses) by
/// days, and the month-end true-up settles the difference.
///
/// Periods: billing months (bill::billing_period). A reading at `t` belongs to the month that
/// contains `t − 1 s` (a reading exactly at 00:00 on the 1st ends the earlier month, as the bill
/// reads a bound). When a reading belongs to a later month than the cursor's, the last reading
/// becomes the new month's anchor (the bill's "reading at or before the bound"); a gap is just a
/// longer delta.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/interval_series.hpp"
#include "submeter/metering/meter.hpp"
#include "submeter/metering/register_reading.hpp"
#include "submeter/site/interval_split.hpp"
#include "submeter/tariff/day_table.hpp"
#include "submeter/tariff/price_version.hpp"
#include "submeter/tariff/register_tariff.hpp"
#include "submeter/tariff/tier_reset.hpp"
#include "submeter/tariff/tiers.hpp"
#include "submeter/tariff/version_split.hpp"

namespace submeter::site {

/// An electricity ladder (阶梯电价) rated live: the tiered tariff and when its counter restarts
/// (TIER-3). The reset falls on a billing-month boundary (day 1), so a period is never cut by it.
struct live_electricity_ladder {
  /// The ladder and its prices (any tier_shape; its registers name what it prices, 0 the total).
  tariff::tiered_tariff<energy> ladder;
  /// When the counter restarts (yearly or monthly, on day 1).
  tariff::tier_reset reset;
};

/// The tariff in force for a live prepaid meter: a flat or TOU register tariff, a versioned TOU
/// price history (TOU-5), an electricity ladder (TIER-1..TIER-3) or a water ladder (TIER-4,
/// counter reset every month as site::water_tariff).
using live_tariff = std::variant<tariff::register_tariff, tariff::version_history,
                                 live_electricity_ladder, tariff::tiered_tariff<volume>>;

/// A meter's interval data and the day table that classifies them into its rate registers, which
/// split a price change inside a window by the energy measured (see the file comment).
struct live_intervals {
  /// The day table of the meter's versioned TOU tariff (format v2 `tou_periods`).
  tariff::day_table table;
  /// The meter's interval energies (primary side, multiplier applied, as intervals.csv).
  metering::interval_series series;
};

/// One prepaid meter as the live step rates it: the meter (id and multiplier), its tariff, the
/// bill's rounding rule (NUM-2) and, under a price history, its interval data when known. Built
/// by make(), so valid by type.
class live_meter {
 public:
  /// Refuses (errc::invalid_argument) an electricity ladder whose reset is not on day 1 (a live
  /// period is a billing month; a counter never restarts inside one).
  [[nodiscard]] static live_meter make(metering::meter m, live_tariff t,
                                       bill::rounding_rule rule = {}) {
    if (const auto* l = std::get_if<live_electricity_ladder>(&t); l && l->reset.day != 1) {
      throw error(errc::invalid_argument,
                  "a live electricity ladder resets on the 1st of a month (a billing-month bound)",
                  {{"meter", m.id()}, {"day", std::to_string(l->reset.day)}});
    }
    return live_meter(std::move(m), std::move(t), rule);
  }

  /// The meter: its id and multiplier (CT × PT).
  [[nodiscard]] const metering::meter& meter() const noexcept { return meter_; }
  /// The meter's id.
  [[nodiscard]] const std::string& id() const noexcept { return meter_.id(); }
  /// The tariff in force.
  [[nodiscard]] const live_tariff& tariff() const noexcept { return tariff_; }
  /// The bill's rounding rule (NUM-2), the one the monthly bill of the meter uses.
  [[nodiscard]] const bill::rounding_rule& rule() const noexcept { return rule_; }
  /// True for a water ladder: quantities are m³ (the readings' register values at 1e-4).
  [[nodiscard]] bool is_water() const noexcept {
    return std::holds_alternative<tariff::tiered_tariff<volume>>(tariff_);
  }

  /// This meter with interval data `series` classified by day table `table`: a price change
  /// inside a to-date window is split by them (see the file comment). Copies of the meter share
  /// the data. Refuses (errc::invalid_argument) a meter whose tariff is not a price history
  /// (nothing else is split) and a series of power values (the split needs energy), naming the
  /// meter.
  [[nodiscard]] live_meter with_intervals(tariff::day_table table,
                                          metering::interval_series series) const {
    if (!std::holds_alternative<tariff::version_history>(tariff_)) {
      throw error(errc::invalid_argument,
                  "interval data split a price change only under a price history (TOU-5)",
                  {{"meter", id()}});
    }
    if (series.value_kind() != metering::interval_series::kind::energy) {
      throw error(errc::invalid_argument,
                  "interval data that split a price change are energies, not power",
                  {{"meter", id()}});
    }
    live_meter out = *this;
    out.intervals_ =
        std::make_shared<const live_intervals>(live_intervals{std::move(table), std::move(series)});
    return out;
  }

  /// The interval data that split a price change, or nullptr.
  [[nodiscard]] const live_intervals* intervals() const noexcept { return intervals_.get(); }

 private:
  live_meter(metering::meter m, live_tariff t, bill::rounding_rule rule)
      : meter_(std::move(m)), tariff_(std::move(t)), rule_(rule) {}
  metering::meter meter_;
  live_tariff tariff_;
  bill::rounding_rule rule_;
  std::shared_ptr<const live_intervals> intervals_;
};

/// What the live rating carries for one meter between readings (no hidden state): the billing
/// month it is in, the reading that month starts from, the last reading deducted to, the
/// readings kept at price-change instants (TOU-5), the tier counter at the month's start, and
/// the money deducted in each month.
struct live_cursor {
  /// The month of `last` (bill::billing_period label, "YYYY-MM").
  std::string period;
  /// The reading the monthly bill starts `period` from.
  metering::register_reading anchor;
  /// The last reading deducted to (the newest accepted reading).
  metering::register_reading last;
  /// Readings of `period` that fall exactly at a price version's effective instant.
  std::vector<metering::register_reading> at_changes;
  /// Electricity ladders: the counter at the anchor (carried across months until the reset).
  tariff::tier_counter<energy> counter_at_anchor;
  /// Σ deducted per month ("YYYY-MM" → yuan), for the month-end true-up.
  std::map<std::string, money> deducted;

  /// Σ deducted in `period`.
  [[nodiscard]] money deducted_in(const std::string& p) const {
    const auto it = deducted.find(p);
    return it == deducted.end() ? money{} : it->second;
  }
};

/// The billing month a reading at `t` closes or falls in: the month containing t − 1 s.
[[nodiscard]] inline bill::billing_period live_period_of(local_time t) {
  const auto ymd = local_date(t - std::chrono::seconds{1});
  return bill::billing_period::of(ymd.year() / ymd.month());
}

/// The cursor of a meter whose first reading (its opening reading, e.g. at installation or when
/// the account was opened) is `opening`: nothing is deducted for it.
[[nodiscard]] inline live_cursor open_cursor(const metering::register_reading& opening) {
  live_cursor c;
  c.period = live_period_of(opening.time).label();
  c.anchor = opening;
  c.last = opening;
  return c;
}

/// The outcome of rating one reading.
enum class live_rating_status : std::uint8_t {
  rated,         ///< a new reading after the last: `due` may be zero (no use, a sub-fen increase)
  duplicate,     ///< the same registers at the time of the last reading: nothing to do
  late,          ///< older than the last deducted reading: kept for the bill, not deducted
  backwards,     ///< a register below the last reading's: refused, never a negative deduction
  inconsistent,  ///< same time as the last with other values, a rate register appearing or
                 ///< missing, or the tariff cannot rate it (the message says which)
};

/// "rated", "duplicate", "late", "backwards", "inconsistent".
[[nodiscard]] constexpr std::string_view to_string(live_rating_status s) noexcept {
  switch (s) {
    case live_rating_status::rated:
      return "rated";
    case live_rating_status::duplicate:
      return "duplicate";
    case live_rating_status::late:
      return "late";
    case live_rating_status::backwards:
      return "backwards";
    case live_rating_status::inconsistent:
      return "inconsistent";
  }
  return "unknown";
}

/// What rating one reading gives: the status, the money due now (≥ 0), the total of the month's
/// bill to date (as the monthly bill would total it if the month ended at this reading; its lines
/// are to_date_lines(meter, rating), built only when asked), the usage since the last reading
/// (what the deduction covers) and the next cursor.
struct live_rating {
  /// rated, or why not.
  live_rating_status status = live_rating_status::rated;
  /// A sentence naming the values when not rated.
  std::string message;
  /// The month the deduction belongs to ("YYYY-MM").
  std::string period;
  /// The reading the deduction runs from (the last one before) and to.
  metering::register_reading from;
  metering::register_reading to;
  /// Energy (kWh) or, on a water ladder, volume (m³) since `from`, multiplier applied (total).
  energy quantity;
  /// The total of the month's lines from the anchor to this reading, by the bill's rule
  /// (to_date_lines gives the lines).
  money to_date;
  /// to_date − deducted earlier in the month, or zero when that is negative (never negative).
  money due;
  /// The cursor after this reading (the cursor given, unchanged, unless rated).
  live_cursor next;
};

namespace detail {

/// The reading's registers compared with the last's: a register below (backwards), a rate
/// register present in one only (inconsistent), or nullopt.
[[nodiscard]] inline std::optional<std::pair<live_rating_status, std::string>> compare_registers(
    const std::string& meter_id, const metering::register_reading& last,
    const metering::register_reading& r) {
  const auto where = [&](int n, energy a, energy b) {
    return "register " + metering::register_name(n) + " of meter " + meter_id + " reads " +
           b.to_string(4) + " at " + local_interval::format(r.time) + ", below " + a.to_string(4) +
           " at " + local_interval::format(last.time);
  };
  if (r.total < last.total) {
    return std::make_pair(live_rating_status::backwards, where(0, last.total, r.total));
  }
  for (int n = 1; n <= metering::max_rate_registers; ++n) {
    const auto a = last.rate(n);
    const auto b = r.rate(n);
    if (a.has_value() != b.has_value()) {
      return std::make_pair(live_rating_status::inconsistent,
                            "rate register " + metering::register_name(n) + " of meter " +
                                meter_id + " is present in one of two readings only");
    }
    if (a && *b < *a) return std::make_pair(live_rating_status::backwards, where(n, *a, *b));
  }
  return std::nullopt;
}

[[nodiscard]] inline bool same_registers(const metering::register_reading& a,
                                         const metering::register_reading& b) noexcept {
  return a.time == b.time && a.total == b.total && a.rates == b.rates;
}

/// The usage of every priced register of a ladder, from a register usage (0: the total).
template <class Q>
[[nodiscard]] std::vector<tariff::register_use<Q>> ladder_use(const tariff::tiered_tariff<Q>& t,
                                                              const metering::register_usage& u) {
  std::vector<tariff::register_use<Q>> use;
  for (const auto& r : t.registers()) {
    const auto q = r.rate_register == 0 ? std::optional<energy>(u.total) : u.rate(r.rate_register);
    if (!q) {
      throw error(errc::not_found, "the tariff prices a register the meter does not have",
                  {{"tariff", t.id()},
                   {"meter", u.meter_id},
                   {"register", metering::register_name(r.rate_register)}});
    }
    use.push_back({r.rate_register, Q::from_mantissa(q->mantissa())});
  }
  return use;
}

}  // namespace detail

namespace detail {

/// True when a price version of `h` takes effect strictly inside (from, to) at an instant no
/// reading of `at_changes` falls at: only then can interval data change the split.
[[nodiscard]] inline bool change_without_reading(
    const tariff::version_history& h, local_time from, local_time to,
    const std::vector<metering::register_reading>& at_changes) {
  for (const auto& v : h.versions()) {
    if (!(from < v.effective && v.effective < to)) continue;
    const bool read =
        std::any_of(at_changes.begin(), at_changes.end(),
                    [&](const metering::register_reading& r) { return r.time == v.effective; });
    if (!read) return true;
  }
  return false;
}

/// tariff::rate_versions for usage `u` of meter `m` under price history `h`, the readings at
/// change instants first: with the meter's interval data (live_meter::with_intervals) when a
/// change inside the window has no reading and the data cover the window with both its ends on
/// their step grid; by days otherwise, or when the data disagree with the readings or cross a
/// period boundary of the day table (errc::inconsistent, which the monthly bill refuses: the
/// live step goes on by days and the month-end true-up settles). The file comment says why.
[[nodiscard]] inline std::vector<bill::line> rate_versions_live(
    const live_meter& m, const tariff::version_history& h, const metering::register_usage& u,
    const std::vector<metering::register_reading>& at_changes) {
  const live_intervals* data = m.intervals();
  if (data != nullptr && change_without_reading(h, u.from.time, u.to.time, at_changes)) {
    const auto& series = data->series;
    const auto on_grid = [&](local_time t) {
      return series.start() <= t && t <= series.end() &&
             (t - series.start()) % series.step() == std::chrono::minutes::zero();
    };
    if (on_grid(u.from.time) && on_grid(u.to.time)) {
      try {
        const auto by_register = interval_split_series(
            m.id(), series, data->table, local_interval::make(u.from.time, u.to.time));
        if (!by_register.empty()) {
          return tariff::rate_versions(h, u, m.rule(), at_changes, by_register);
        }
      } catch (const error& e) {
        if (e.code() != errc::inconsistent) throw;
      }
    }
  }
  return tariff::rate_versions(h, u, m.rule(), at_changes);
}

}  // namespace detail

/// The lines of meter `m` for `period` from reading `from` to `to` as the monthly bill rates them
/// (site::usage_bill): usage with the multiplier rounded half_up to 1e-4; flat or TOU lines; price
/// versions split at `at_changes` readings, else by the meter's interval data when it has them
/// (detail::rate_versions_live), else by days (TOU-5); a water ladder from zero over the
/// month's days (TIER-4); an electricity ladder from `counter` (TIER-3). Throws what the rating
/// functions throw (a register the tariff prices and the meter lacks, a time before the first
/// version).
[[nodiscard]] inline std::vector<bill::line> rate_window(
    const live_meter& m, const bill::billing_period& period, const metering::register_reading& from,
    const metering::register_reading& to, const std::vector<metering::register_reading>& at_changes,
    const tariff::tier_counter<energy>& counter) {
  const auto u = metering::usage(m.meter(), from, to, rounding::half_up);
  const auto days = std::max<std::int64_t>(
      1, std::chrono::duration_cast<std::chrono::hours>(period.window().length()).count() / 24);
  return std::visit(
      [&](const auto& t) -> std::vector<bill::line> {
        using T = std::decay_t<decltype(t)>;
        if constexpr (std::is_same_v<T, tariff::register_tariff>) {
          return tariff::rate(t, u, m.rule());
        } else if constexpr (std::is_same_v<T, tariff::version_history>) {
          return detail::rate_versions_live(m, t, u, at_changes);
        } else if constexpr (std::is_same_v<T, live_electricity_ladder>) {
          return t.ladder.rate(m.id(), detail::ladder_use(t.ladder, u), counter, days, m.rule())
              .lines;
        } else {
          const auto m3 = volume::from_mantissa(u.total.mantissa());
          return t.rate(m.id(), {{0, m3}}, {}, days, m.rule()).lines;
        }
      },
      m.tariff());
}

/// The total of `lines` by `rule`, as bill::assemble totals a bill (NUM-2).
[[nodiscard]] inline money total_of(const std::vector<bill::line>& lines,
                                    const bill::rounding_rule& rule) {
  // bill::assemble's sum, without copying the lines into a bill for every reading; a line of
  // another rule goes to assemble itself, which refuses it naming the line.
  bill::exact_money unrounded;
  bill::exact_money charged;
  for (const auto& l : lines) {
    if (!(l.rule == rule)) return bill::assemble({}, {}, {}, {}, {}, lines, rule).total;
    unrounded += l.unrounded;
    charged += l.amount;
  }
  const bill::exact_money total = rule.scope == bill::rounding_scope::per_line
                                      ? charged
                                      : round(unrounded, rule.places, rule.mode);
  return rescale<money>(total, rounding::half_up);
}

namespace detail {

/// total_of(tariff::rate(t, u, rule), rule) without building the lines: each priced register's
/// exact amount and its charge as bill::charge_line computes them, summed as total_of sums them.
/// nullopt when tariff::rate refuses (a register it prices and the meter lacks): the caller rates
/// through tariff::rate for its error. Rating a reading needs the total; the lines' texts (four
/// explanations for a TOU meter) were most of the live step's time and are rarely read.
[[nodiscard]] inline std::optional<money> register_total(const tariff::register_tariff& t,
                                                         const metering::register_usage& u,
                                                         const bill::rounding_rule& rule) {
  bill::exact_money unrounded;
  bill::exact_money charged;
  const auto add = [&](energy quantity, energy_price price) {
    const auto exact = multiply<bill::exact_money>(quantity, price, rounding::half_up);
    unrounded += exact;
    charged += bill::charge_of(exact, rule);
  };
  if (t.kind() == tariff::register_tariff_kind::flat) {
    add(u.total, t.prices().front().price);
  } else {
    for (const auto& p : t.prices()) {
      const auto q = u.rate(p.rate_register);
      if (!q) return std::nullopt;
      add(*q, p.price);
    }
  }
  const bill::exact_money total = rule.scope == bill::rounding_scope::per_line
                                      ? charged
                                      : round(unrounded, rule.places, rule.mode);
  return rescale<money>(total, rounding::half_up);
}

}  // namespace detail

namespace detail {

/// total_of(rate_window(m, …), m.rule()) for meter `m` under its register tariff `t`: the usage
/// as rate_window takes it, totalled without lines; through tariff::rate (for its error) when a
/// priced register is missing.
[[nodiscard]] inline money register_window_total(const live_meter& m,
                                                 const tariff::register_tariff& t,
                                                 const metering::register_reading& from,
                                                 const metering::register_reading& to) {
  const auto u = metering::usage(m.meter(), from, to, rounding::half_up);
  if (const auto total = register_total(t, u, m.rule())) return *total;
  return total_of(tariff::rate(t, u, m.rule()), m.rule());
}

/// True when `label` is the billing-period label ("YYYY-MM") of `month`; false also for a label
/// that could not be one (the caller then compares full billing periods).
[[nodiscard]] inline bool is_label_of(const std::string& label, date::year_month month) noexcept {
  const int y = static_cast<int>(month.year());
  const auto mo = static_cast<unsigned>(month.month());
  if (label.size() != 7 || y < 0 || y > 9999 || mo < 1 || mo > 12) return false;
  const auto yu = static_cast<unsigned>(y);
  const char text[7] = {static_cast<char>('0' + yu / 1000),
                        static_cast<char>('0' + yu / 100 % 10),
                        static_cast<char>('0' + yu / 10 % 10),
                        static_cast<char>('0' + yu % 10),
                        '-',
                        static_cast<char>('0' + mo / 10),
                        static_cast<char>('0' + mo % 10)};
  return label.compare(0, 7, text, 7) == 0;
}

}  // namespace detail

/// total_of(rate_window(...), m.rule()): a flat or TOU register tariff is totalled without
/// building its lines (detail::register_total); any other tariff through its lines. Throws what
/// rate_window throws.
[[nodiscard]] inline money rate_window_total(
    const live_meter& m, const bill::billing_period& period, const metering::register_reading& from,
    const metering::register_reading& to, const std::vector<metering::register_reading>& at_changes,
    const tariff::tier_counter<energy>& counter) {
  if (const auto* t = std::get_if<tariff::register_tariff>(&m.tariff())) {
    return detail::register_window_total(m, *t, from, to);
  }
  return total_of(rate_window(m, period, from, to, at_changes, counter), m.rule());
}

namespace detail {

/// The counter after `cursor`'s month (its anchor to its last reading), restarted when the
/// ladder's reset falls between the two months' starts (TIER-3).
[[nodiscard]] inline tariff::tier_counter<energy> counter_after(const live_meter& m,
                                                                const live_cursor& c,
                                                                const bill::billing_period& next) {
  const auto* l = std::get_if<live_electricity_ladder>(&m.tariff());
  if (l == nullptr) return {};
  const auto old = bill::billing_period::parse(c.period);
  if (l->reset.resets_between(old.window().begin(), next.window().begin())) return {};
  if (!(c.anchor.time < c.last.time)) return c.counter_at_anchor;
  const auto u = metering::usage(m.meter(), c.anchor, c.last, rounding::half_up);
  return l->ladder
      .rate(m.id(), ladder_use(l->ladder, u), c.counter_at_anchor,
            std::chrono::duration_cast<std::chrono::hours>(old.window().length()).count() / 24,
            m.rule())
      .after;
}

[[nodiscard]] inline bool at_version_change(const live_meter& m, local_time t) {
  const auto* h = std::get_if<tariff::version_history>(&m.tariff());
  if (h == nullptr) return false;
  return std::any_of(h->versions().begin(), h->versions().end(),
                     [&](const tariff::price_version& v) { return v.effective == t; });
}

}  // namespace detail

/// Rates reading `r` of meter `m` after `cursor` (see the file comment): late, duplicate,
/// backwards and inconsistent readings come back with `next` = `cursor`; a new reading gives the
/// month's to-date bill, what is due now (never negative) and the next cursor, whose `deducted`
/// already counts `due`. Never throws for a reading: a tariff that cannot rate it (a register it
/// prices and the meter lacks, a time before the first price version) is `inconsistent`.
[[nodiscard]] inline live_rating rate_live(const live_meter& m, const live_cursor& cursor,
                                           const metering::register_reading& r) {
  live_rating out;
  out.from = cursor.last;
  out.to = r;
  out.period = cursor.period;
  // Only a rated reading moves the cursor: every other outcome gives it back unchanged (copied
  // on the way out, so the rated path copies it once).
  if (r.time < cursor.last.time) {
    out.next = cursor;
    out.status = live_rating_status::late;
    out.message = "reading at " + local_interval::format(r.time) + " of meter " + m.id() +
                  " is older than the last deducted, at " +
                  local_interval::format(cursor.last.time);
    return out;
  }
  if (r.time == cursor.last.time) {
    out.next = cursor;
    if (detail::same_registers(r, cursor.last)) {
      out.status = live_rating_status::duplicate;
      return out;
    }
    out.status = live_rating_status::inconsistent;
    out.message = "meter " + m.id() + " has two readings with other values at " +
                  local_interval::format(r.time);
    return out;
  }
  if (auto bad = detail::compare_registers(m.id(), cursor.last, r)) {
    out.next = cursor;
    out.status = bad->first;
    out.message = std::move(bad->second);
    return out;
  }
  try {
    live_cursor next = cursor;
    // The billing period is built only when the month changes or the tariff needs its days: a
    // reading of the cursor's month under a register tariff needs neither.
    const auto* registers = std::get_if<tariff::register_tariff>(&m.tariff());
    const auto ymd = local_date(r.time - std::chrono::seconds{1});
    const date::year_month month = ymd.year() / ymd.month();
    const bool same_month = detail::is_label_of(cursor.period, month);
    std::optional<bill::billing_period> period;
    if (!same_month || registers == nullptr) period = bill::billing_period::of(month);
    if (!same_month && period->label() != cursor.period) {
      next.counter_at_anchor = detail::counter_after(m, cursor, *period);
      next.period = period->label();
      next.anchor = cursor.last;
      next.at_changes.clear();
    }
    const money to_date = registers != nullptr
                              ? detail::register_window_total(m, *registers, next.anchor, r)
                              : total_of(rate_window(m, *period, next.anchor, r, next.at_changes,
                                                     next.counter_at_anchor),
                                         m.rule());
    const money before = next.deducted_in(next.period);
    const money due = to_date > before ? to_date - before : money{};
    if (detail::at_version_change(m, r.time)) next.at_changes.push_back(r);
    next.last = r;
    if (due.sign() > 0) next.deducted[next.period] = before + due;
    out.quantity =
        multiply<energy>(r.total - cursor.last.total, m.meter().multiplier(), rounding::half_up);
    out.period = next.period;
    out.to_date = to_date;
    out.due = due;
    out.next = std::move(next);
    return out;
  } catch (const error& e) {
    out.next = cursor;
    out.status = live_rating_status::inconsistent;
    out.message = e.what();
    return out;
  }
}

/// The lines of a rated reading's to-date bill (`r` = rate_live(m, …)), as the monthly bill prints
/// them if the month ended at the reading: what r.to_date totals, built again from the rating
/// (its month, the cursor's anchor, tier counter and price-change readings before this reading).
/// Empty for a reading that was not rated.
[[nodiscard]] inline std::vector<bill::line> to_date_lines(const live_meter& m,
                                                           const live_rating& r) {
  if (r.status != live_rating_status::rated) return {};
  // The rating kept this reading itself when it fell at a price change; the window it rated ran
  // to it with the earlier ones only.
  std::vector<metering::register_reading> at_changes = r.next.at_changes;
  if (!at_changes.empty() && at_changes.back().time == r.to.time) at_changes.pop_back();
  return rate_window(m, bill::billing_period::parse(r.period), r.next.anchor, r.to, at_changes,
                     r.next.counter_at_anchor);
}

}  // namespace submeter::site
