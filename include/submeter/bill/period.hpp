#pragma once
/// \file
/// bill::billing_period: a calendar month "YYYY-MM" as a half-open window of local time.
///
/// Policy (v0): the period 2026-07 is [2026-07-01T00:00, 2026-08-01T00:00). Each meter is read
/// at each bound: the reading exactly at the bound, or else the last reading before it and not
/// more than `reading_tolerance` (24 hours) earlier, as when a meter is read at 23:45 on the last
/// day. A meter with no such reading at either bound is refused; the bill prints the times of the
/// readings actually used.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

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

  /// The billing month `months` after this one (negative: before); refused as of() refuses.
  [[nodiscard]] billing_period shifted(int months) const {
    const auto ymd = local_date(window_.begin());
    return of(ymd.year() / ymd.month() + date::months{months});
  }

  /// "2026-07".
  [[nodiscard]] const std::string& label() const noexcept { return label_; }
  /// [first day 00:00, first day of the next month 00:00).
  [[nodiscard]] const local_interval& window() const noexcept { return window_; }

 private:
  billing_period(std::string label, local_interval window)
      : label_(std::move(label)), window_(window) {}
  std::string label_;
  local_interval window_;
};

}  // namespace submeter::bill
