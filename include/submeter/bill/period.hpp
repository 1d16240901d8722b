#pragma once
/// \file
/// bill::billing_period: a calendar month "YYYY-MM" as a half-open window of local time.
///
/// Policy (v0): the period 2026-07 is [2026-07-01T00:00, 2026-08-01T00:00). Each meter is read
/// at each bound: the reading exactly at the bound, or else the last reading before it and not
/// more than `reading_tolerance` (24 hours) earlier, as when a meter is read at 23:45 on the last
/// day. A meter with no such reading at either bound is refused; the bill prints the times of the
/// readings actually used.

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"

namespace submeter::bill {

/// How far before a period bound a reading may be taken and still count as read at the bound.
inline constexpr std::chrono::seconds reading_tolerance{24 * 60 * 60};

/// A billing month.
class billing_period {
 public:
  /// Parses "YYYY-MM" (month 01..12). Refuses (errc::parse) anything else.
  [[nodiscard]] static billing_period parse(std::string_view text) {
    const auto t = try_parse_local_time(std::string(text) + "-01T00:00");
    if (text.size() != 7 || !t) {
      throw error(errc::parse, "not a billing period (expected YYYY-MM)",
                  {{"text", "\"" + std::string(text) + "\""}});
    }
    const auto ymd = local_date(*t);
    return of(ymd.year() / ymd.month());
  }

  /// The billing month of `ym`. Refuses (errc::invalid_argument) a month that is not valid or a
  /// year outside 0..9999 (a label is "YYYY-MM").
  [[nodiscard]] static billing_period of(date::year_month ym) {
    const auto y = static_cast<int>(ym.year());
    const auto m = static_cast<unsigned>(ym.month());
    if (!ym.ok() || y < 0 || y > 9999) {
      throw error(errc::invalid_argument, "not a billing month (years 0000..9999)",
                  {{"year", std::to_string(y)}, {"month", std::to_string(m)}});
    }
    std::string label = std::to_string(y);
    label.insert(0, label.size() < 4 ? 4 - label.size() : 0, '0');
    label += m < 10 ? "-0" : "-";
    label += std::to_string(m);
    const date::local_days first{ym / date::day{1}};
    const date::local_days next{(ym + date::months{1}) / date::day{1}};
    return billing_period(std::move(label),
                          local_interval::make(local_time{first}, local_time{next}));
  }

  /// RANGE-1 (issue 22 #7): the range [from, to) billed as one period, labelled
  /// "2026-07-10..2026-07-21" (a bound that is not midnight shows its time, "2026-07-20T10:00").
  /// Refuses (errc::out_of_order) `to` not after `from`, (errc::invalid_argument) a range longer
  /// than 366 days or outside the years 0000..9999. A range inside one month is billed as a part
  /// of that month (part()); a longer one, month by month (parts()).
  [[nodiscard]] static billing_period range(local_time from, local_time to) {
    if (!(from < to)) {
      throw error(errc::out_of_order, "the range must end after it begins",
                  {{"from", local_interval::format(from)}, {"to", local_interval::format(to)}});
    }
    if (to - from > std::chrono::hours{24 * 366}) {
      throw error(errc::invalid_argument, "a range is at most 366 days",
                  {{"from", local_interval::format(from)}, {"to", local_interval::format(to)}});
    }
    const auto first = of(local_date(from).year() / local_date(from).month());
    (void)of(local_date(to).year() / local_date(to).month());  // the years are refused alike
    billing_period p(bound_text(from) + ".." + bound_text(to), local_interval::make(from, to));
    p.month_ = first.window_;
    return p;
  }

  /// RANGE-1: the parts of this period, one per calendar month it touches, each a part of its
  /// month labelled as this period (a month period is its only part).
  [[nodiscard]] std::vector<billing_period> parts() const {
    std::vector<billing_period> out;
    auto month = of(local_date(window_.begin()).year() / local_date(window_.begin()).month());
    while (month.window_.begin() < window_.end()) {
      const auto begin = std::max(month.window_.begin(), window_.begin());
      const auto end = std::min(month.window_.end(), window_.end());
      billing_period p(label_, local_interval::make(begin, end));
      p.month_ = month.window_;
      out.push_back(std::move(p));
      month = month.shifted(1);
    }
    return out;
  }

  /// The billing month `months` after this one (negative: before); refused as of() refuses. For
  /// a range, the months after the month it begins in.
  [[nodiscard]] billing_period shifted(int months) const {
    const auto ymd = local_date(month_.begin());
    return of(ymd.year() / ymd.month() + date::months{months});
  }

  /// "2026-07", or "2026-07-10..2026-07-21" for a range.
  [[nodiscard]] const std::string& label() const noexcept { return label_; }
  /// [first day 00:00, first day of the next month 00:00), or the range.
  [[nodiscard]] const local_interval& window() const noexcept { return window_; }
  /// The calendar month the period begins in: the cycle of monthly charges (property fee, rent,
  /// the basic charge: prorated to the days of the window, TP-8). The window for a month.
  [[nodiscard]] const local_interval& month() const noexcept { return month_; }
  /// True for a calendar month, false for a range.
  [[nodiscard]] bool is_month() const noexcept { return window_ == month_; }

 private:
  billing_period(std::string label, local_interval window)
      : label_(std::move(label)), window_(window), month_(window) {}

  static std::string bound_text(local_time t) {
    const auto day = date::floor<date::days>(t);
    return t == day ? date::format("%F", day) : date::format("%FT%R", t);
  }

  std::string label_;
  local_interval window_;
  local_interval month_;
};

}  // namespace submeter::bill
