#pragma once
/// \file
/// clock_value: a date and/or time of day as a meter reports it (local civil time, no zone).
///
/// DL/T 645 dates and times are BCD (YYMMDDWW, hhmmss, YYMMDDhhmm); CJ/T 188 real time is
/// ss mm hh DD MM YYYY. Meters send all-zero or impossible dates (a CJ/T 188 self-test returns
/// 00 00 00 00 00 00 00), so a clock_value is a record with ok(), not a validated type.

#include <cstdio>
#include <string>

namespace submeter::meters {

/// Which fields a clock_value carries.
enum class clock_fields {
  date,       ///< year, month, day (and weekday when the format has one)
  time,       ///< hour, minute, second
  date_time,  ///< both
};

/// A date and/or time of day read from a meter; fields absent from the format are 0.
struct clock_value {
  clock_fields fields = clock_fields::date_time;
  int year = 0;  ///< full year (2000 + YY for two-digit years)
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int weekday = -1;  ///< 0 = Sunday .. 6 = Saturday (DL/T 645 WW); -1 when not sent

  [[nodiscard]] bool has_date() const noexcept { return fields != clock_fields::time; }
  [[nodiscard]] bool has_time() const noexcept { return fields != clock_fields::date; }

  /// True when every field present is in range (month 1..12, day 1..31, hour < 24, …).
  /// Does not check the day against the month's length.
  [[nodiscard]] bool ok() const noexcept {
    const bool date_ok = !has_date() || (month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
                                         weekday >= -1 && weekday <= 6);
    const bool time_ok = !has_time() || (hour < 24 && minute < 60 && second < 60 && hour >= 0 &&
                                         minute >= 0 && second >= 0);
    return date_ok && time_ok;
  }

  /// "2018-12-29", "18:53:32" or "2015-07-10 12:00:53" (hh:mm when the format has no seconds
  /// is still printed with ":00").
  [[nodiscard]] std::string to_string() const {
    char buf[32];
    std::string text;
    if (has_date()) {
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
      text += buf;
    }
    if (has_time()) {
      if (!text.empty()) text += ' ';
      std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", hour % 100, minute % 100, second % 100);
      text += buf;
    }
    return text;
  }

  [[nodiscard]] friend bool operator==(const clock_value& a, const clock_value& b) noexcept {
    return a.fields == b.fields && a.year == b.year && a.month == b.month && a.day == b.day &&
           a.hour == b.hour && a.minute == b.minute && a.second == b.second &&
           a.weekday == b.weekday;
  }
};

}  // namespace submeter::meters
