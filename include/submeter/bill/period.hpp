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
    const auto ym = local_date(*t);
    const date::year_month_day next{(ym.year() / ym.month() + date::months{1}) / date::day{1}};
    return billing_period(std::string(text),
                          local_interval::make(*t, local_time{date::local_days{next}}));
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
