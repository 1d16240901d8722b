#pragma once
/// \file
/// The TOU tables a DL/T 645-2007 meter holds, as data items: the year time-zone table, the
/// daily period tables, the public holidays, the weekend character and the switch-over times
/// of the two sets (第一套 / 第二套), and what a meter does with them.
///
/// protocols.md 2.3 (rule ids MTOU-1..MTOU-6 in docs/meters.md):
/// - MTOU-1 year time-zone table 04010000 (first set) / 04020000 (second set): up to 14 rows
///   MMDDNN (start month, start day, daily table number), row 1 first, each row low byte first
///   (NN DD MM on the wire before +0x33).
/// - MTOU-2 daily period tables 040s0001..040s0008: up to 14 rows hhmmNN (start time, tariff).
/// - MTOU-3 public holidays 0403nnnn (n = 1..254, hexadecimal): YYMMDDNN (date, daily table).
/// - MTOU-4 switch-over times 04000106 (year time-zone tables) and 04000107 (daily period
///   tables): YYMMDDhhmm, the local time at which the meter swaps its two sets.
/// - MTOU-5 sizes 04000201..04000205: year zones (≤ 14), daily tables (≤ 8), periods per table
///   (≤ 14), tariffs (≤ 63), public holidays (≤ 254); they bound what the tables may hold.
/// - MTOU-6 weekend character 04000801 (bit 0 Sunday … bit 6 Saturday; 0 = rest day) and the
///   daily table of rest days 04000802.
/// A meter picks a day's table in this order: a public holiday's table; else, on a rest day of
/// the weekend character, the weekend table; else the table of the year time zone whose start is
/// the latest on or before the day (before the first start: the last zone, across the year end).
/// Within a day the period in force is the latest row starting at or before the minute (before
/// the first row: the last row, across midnight). Encoders throw submeter::error on a bad row
/// (caller data); decoders are total and return a status for wire bytes.

#include <date/date.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/result.hpp"
#include "submeter/core/time.hpp"
#include "submeter/meters/bcd.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/clock_value.hpp"

namespace submeter::meters::dlt645 {

/// The two sets of TOU tables and prices a meter holds (第一套 / 第二套).
enum class table_set : std::uint8_t {
  first = 1,   ///< 第一套: 04010000.., 040501xx, 040600xx/040601xx
  second = 2,  ///< 第二套: 04020000.., 040502xx, 040602xx/040603xx
};

/// "first" or "second".
[[nodiscard]] constexpr std::string_view to_string(table_set s) noexcept {
  return s == table_set::first ? "first" : "second";
}

/// Switch-over time of the two year time-zone tables (MTOU-4), YYMMDDhhmm.
inline constexpr std::uint32_t zone_switch_time_di = 0x04000106;
/// Switch-over time of the two sets of daily period tables (MTOU-4), YYMMDDhhmm.
inline constexpr std::uint32_t daily_switch_time_di = 0x04000107;
/// Number of year time zones (MTOU-5), NN.
inline constexpr std::uint32_t year_zone_count_di = 0x04000201;
/// Number of daily period tables (MTOU-5), NN.
inline constexpr std::uint32_t daily_table_count_di = 0x04000202;
/// Number of daily periods per table (MTOU-5), NN.
inline constexpr std::uint32_t daily_period_count_di = 0x04000203;
/// Number of tariffs (MTOU-5), NN.
inline constexpr std::uint32_t tariff_count_di = 0x04000204;
/// Number of public holidays (MTOU-5), NNNN.
inline constexpr std::uint32_t holiday_count_di = 0x04000205;
/// Weekend character (MTOU-6): bit 0 Sunday … bit 6 Saturday, 0 = rest day.
inline constexpr std::uint32_t weekend_character_di = 0x04000801;
/// Daily table used on rest days (MTOU-6), NN.
inline constexpr std::uint32_t weekend_table_di = 0x04000802;

/// A weekend character with no rest day: every weekday uses its year time zone's table.
inline constexpr std::uint8_t no_rest_days = 0x7F;

/// The year time-zone table of a set (MTOU-1): 04010000 or 04020000.
[[nodiscard]] constexpr std::uint32_t year_zone_table_di(table_set s) noexcept {
  return 0x04000000u | static_cast<std::uint32_t>(s) << 16;
}
/// Daily period table `n` (1..8) of a set (MTOU-2): 040s00nn.
[[nodiscard]] constexpr std::uint32_t daily_table_di(table_set s, int n) noexcept {
  return year_zone_table_di(s) | static_cast<std::uint32_t>(n & 0xFF);
}
/// Public holiday `n` (1..254) (MTOU-3): 0403nnnn, n in hexadecimal.
[[nodiscard]] constexpr std::uint32_t public_holiday_di(int n) noexcept {
  return 0x04030000u | static_cast<std::uint32_t>(n & 0xFFFF);
}

/// What a meter can hold (MTOU-5). 04000201..04000204 are the counts a meter is set to use (a
/// table longer than its count is refused, a shorter one is padded to it, so the other set keeps
/// its rows); the public holidays are written with their count (04000205), up to 254. A plan
/// that needs more is refused, naming the item and its limit.
struct meter_capacity {
  int year_zones = 14;        ///< 04000201, ≤ 14
  int daily_tables = 8;       ///< 04000202, ≤ 8
  int daily_periods = 14;     ///< 04000203, ≤ 14
  int tariffs = 4;            ///< 04000204, ≤ 63 (4 on most prepaid meters: 尖峰平谷)
  int public_holidays = 254;  ///< ≤ 254 (04000205 is written with the holidays)

  /// Refuses (errc::invalid_argument) a count outside the standard's range, naming the item.
  void check() const {
    const auto in = [](int v, int lo, int hi, const char* what, const char* di) {
      if (v < lo || v > hi) {
        throw error(errc::invalid_argument, "a meter count outside DL/T 645-2007's range",
                    {{"item", what},
                     {"di", di},
                     {"value", std::to_string(v)},
                     {"expected", std::to_string(lo) + ".." + std::to_string(hi)}});
      }
    };
    in(year_zones, 1, 14, "year time zones", "04000201");
    in(daily_tables, 1, 8, "daily period tables", "04000202");
    in(daily_periods, 1, 14, "daily periods", "04000203");
    in(tariffs, 1, 63, "tariffs", "04000204");
    in(public_holidays, 0, 254, "public holidays", "04000205");
  }
};

/// One row of a year time-zone table (MMDDNN): the zone starts on month-day and uses daily table
/// `table`.
struct zone_row {
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31, valid for the month in a leap year
  int table = 1;  ///< 1..8

  [[nodiscard]] friend bool operator==(const zone_row& a, const zone_row& b) noexcept {
    return a.month == b.month && a.day == b.day && a.table == b.table;
  }
  [[nodiscard]] friend bool operator!=(const zone_row& a, const zone_row& b) noexcept {
    return !(a == b);
  }
};

/// One row of a daily period table (hhmmNN): the period starts at hour:minute on `tariff`.
struct period_row {
  int hour = 0;    ///< 0..23
  int minute = 0;  ///< 0..59
  int tariff = 1;  ///< 1..63 (T1 = 尖 sharp, T2 = 峰 peak, T3 = 平 flat, T4 = 谷 valley, …)

  /// Minutes after midnight.
  [[nodiscard]] constexpr int start() const noexcept { return hour * 60 + minute; }
  [[nodiscard]] friend bool operator==(const period_row& a, const period_row& b) noexcept {
    return a.hour == b.hour && a.minute == b.minute && a.tariff == b.tariff;
  }
  [[nodiscard]] friend bool operator!=(const period_row& a, const period_row& b) noexcept {
    return !(a == b);
  }
};

/// One public holiday (YYMMDDNN): the date uses daily table `table`.
struct holiday_row {
  date::local_days day;
  int table = 1;  ///< 1..8

  [[nodiscard]] friend bool operator==(const holiday_row& a, const holiday_row& b) noexcept {
    return a.day == b.day && a.table == b.table;
  }
  [[nodiscard]] friend bool operator!=(const holiday_row& a, const holiday_row& b) noexcept {
    return !(a == b);
  }
};

namespace detail {

[[nodiscard]] constexpr int days_in_month_leap(int month) noexcept {
  constexpr int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 ? days[month - 1] : 0;
}

[[nodiscard]] constexpr bool zone_row_ok(const zone_row& r) noexcept {
  return r.month >= 1 && r.month <= 12 && r.day >= 1 && r.day <= days_in_month_leap(r.month) &&
         r.table >= 1 && r.table <= 8;
}

[[nodiscard]] constexpr bool period_row_ok(const period_row& r) noexcept {
  return r.hour >= 0 && r.hour <= 23 && r.minute >= 0 && r.minute <= 59 && r.tariff >= 1 &&
         r.tariff <= 63;
}

[[nodiscard]] inline bool all_bytes(byte_span b, std::uint8_t v) noexcept {
  for (const auto x : b) {
    if (x != v) return false;
  }
  return !b.empty();
}

/// Three BCD bytes, low byte first, as (high, middle, low) two-digit fields; false on a bad
/// nibble.
[[nodiscard]] inline bool three_fields(byte_span b, int& high, int& middle, int& low) noexcept {
  const auto h = bcd_byte(b[2]);
  const auto m = bcd_byte(b[1]);
  const auto l = bcd_byte(b[0]);
  if (!h || !m || !l) return false;
  high = *h;
  middle = *m;
  low = *l;
  return true;
}

template <class Row, class Check>
void pad_and_check(std::vector<Row>& rows, std::size_t pad_to, std::size_t max_rows,
                   const char* what, Check check) {
  if (rows.empty()) {
    throw error(errc::invalid_argument, "a DL/T 645 table needs at least one row",
                {{"table", what}});
  }
  if (rows.size() > max_rows || pad_to > max_rows) {
    throw error(errc::unsupported, "a DL/T 645 table holds at most 14 rows",
                {{"table", what}, {"rows", std::to_string(rows.size())}});
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!check(rows[i])) {
      throw error(errc::invalid_argument, "a DL/T 645 table row is out of range",
                  {{"table", what}, {"row", std::to_string(i + 1)}});
    }
  }
  // MTOU-1/2: a repeated last row changes nothing, so a table shorter than the meter's count
  // is padded with it and no row of an older table stays in force.
  while (rows.size() < pad_to) rows.push_back(rows.back());
}

}  // namespace detail

/// The data of a year time-zone table (MTOU-1), rows padded to `pad_to` rows by repeating the
/// last one (0: no padding). Throws submeter::error: no rows or more than 14
/// (errc::invalid_argument / errc::unsupported), a row out of range (month, day for the month,
/// table 1..8), naming the row.
[[nodiscard]] inline std::vector<std::uint8_t> encode_zone_table(std::vector<zone_row> rows,
                                                                 std::size_t pad_to = 0) {
  detail::pad_and_check(rows, pad_to, 14, "year time zones", detail::zone_row_ok);
  std::vector<std::uint8_t> out;
  out.reserve(rows.size() * 3);
  for (const auto& r : rows) {
    out.push_back(to_bcd_byte(r.table));
    out.push_back(to_bcd_byte(r.day));
    out.push_back(to_bcd_byte(r.month));
  }
  return out;
}

/// The data of a daily period table (MTOU-2), padded like encode_zone_table. Throws
/// submeter::error for no rows, more than 14, or a row out of range (hour, minute, tariff
/// 1..63), naming the row.
[[nodiscard]] inline std::vector<std::uint8_t> encode_daily_table(std::vector<period_row> rows,
                                                                  std::size_t pad_to = 0) {
  detail::pad_and_check(rows, pad_to, 14, "daily periods", detail::period_row_ok);
  std::vector<std::uint8_t> out;
  out.reserve(rows.size() * 3);
  for (const auto& r : rows) {
    out.push_back(to_bcd_byte(r.tariff));
    out.push_back(to_bcd_byte(r.minute));
    out.push_back(to_bcd_byte(r.hour));
  }
  return out;
}

/// The data of a public holiday (MTOU-3): NN DD MM YY. Throws submeter::error
/// (errc::invalid_argument) for a year outside 2000..2099 or a table outside 1..8.
[[nodiscard]] inline std::array<std::uint8_t, 4> encode_holiday(const holiday_row& h) {
  const date::year_month_day ymd{h.day};
  const int y = static_cast<int>(ymd.year());
  if (!ymd.ok() || y < 2000 || y > 2099 || h.table < 1 || h.table > 8) {
    throw error(errc::invalid_argument,
                "a DL/T 645 public holiday is a date in 2000..2099 and a table 1..8",
                {{"year", std::to_string(y)}, {"table", std::to_string(h.table)}});
  }
  return {to_bcd_byte(h.table), to_bcd_byte(static_cast<int>(static_cast<unsigned>(ymd.day()))),
          to_bcd_byte(static_cast<int>(static_cast<unsigned>(ymd.month()))), to_bcd_byte(y - 2000)};
}

/// Decodes a year time-zone table (MTOU-1). Rows of all FF (not supported, protocols.md 2.4)
/// are dropped. bad_length: empty, not whole rows, or more than 14 rows; bad_value: a bad BCD
/// digit or a row out of range (month 1..12, day for the month, table 1..8).
[[nodiscard]] inline decode_result<std::vector<zone_row>> decode_zone_table(byte_span data) {
  using result = decode_result<std::vector<zone_row>>;
  if (data.empty() || data.size() % 3 != 0 || data.size() > 42) {
    return result::failure(decode_status::bad_length);
  }
  std::vector<zone_row> rows;
  for (std::size_t i = 0; i < data.size(); i += 3) {
    const auto b = data.subspan(i, 3);
    if (detail::all_bytes(b, 0xFF)) continue;
    zone_row r;
    if (!detail::three_fields(b, r.month, r.day, r.table) || !detail::zone_row_ok(r)) {
      return result::failure(decode_status::bad_value);
    }
    rows.push_back(r);
  }
  if (rows.empty()) return result::failure(decode_status::bad_value);
  return result::success(std::move(rows), data.size());
}

/// Decodes a daily period table (MTOU-2), like decode_zone_table (hour 0..23, minute 0..59,
/// tariff 1..63).
[[nodiscard]] inline decode_result<std::vector<period_row>> decode_daily_table(byte_span data) {
  using result = decode_result<std::vector<period_row>>;
  if (data.empty() || data.size() % 3 != 0 || data.size() > 42) {
    return result::failure(decode_status::bad_length);
  }
  std::vector<period_row> rows;
  for (std::size_t i = 0; i < data.size(); i += 3) {
    const auto b = data.subspan(i, 3);
    if (detail::all_bytes(b, 0xFF)) continue;
    period_row r;
    if (!detail::three_fields(b, r.hour, r.minute, r.tariff) || !detail::period_row_ok(r)) {
      return result::failure(decode_status::bad_value);
    }
    rows.push_back(r);
  }
  if (rows.empty()) return result::failure(decode_status::bad_value);
  return result::success(std::move(rows), data.size());
}

/// Decodes a public holiday (MTOU-3). bad_length unless 4 bytes; bad_value for a bad BCD
/// digit, an impossible date or a table outside 1..8.
[[nodiscard]] inline decode_result<holiday_row> decode_holiday(byte_span data) {
  using result = decode_result<holiday_row>;
  if (data.size() != 4) return result::failure(decode_status::bad_length);
  const auto nn = bcd_byte(data[0]);
  const auto dd = bcd_byte(data[1]);
  const auto mm = bcd_byte(data[2]);
  const auto yy = bcd_byte(data[3]);
  if (!nn || !dd || !mm || !yy || *nn < 1 || *nn > 8) {
    return result::failure(decode_status::bad_value);
  }
  const date::year_month_day ymd{date::year{2000 + *yy}, date::month{static_cast<unsigned>(*mm)},
                                 date::day{static_cast<unsigned>(*dd)}};
  if (!ymd.ok()) return result::failure(decode_status::bad_value);
  return result::success(holiday_row{date::local_days{ymd}, *nn}, 4);
}

/// A local time as the date and time of a switch-over item (seconds dropped).
[[nodiscard]] inline clock_value to_clock_value(local_time t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> hms{t - day};
  return {clock_fields::date_time,
          static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()),
          0,
          -1};
}

/// The data of a switch-over time (MTOU-4): mm hh DD MM YY. Throws submeter::error
/// (errc::invalid_argument) for an invalid date and time or a year outside 2000..2099.
[[nodiscard]] inline std::array<std::uint8_t, 5> encode_switch_time(const clock_value& at) {
  if (!at.ok() || !at.has_date() || !at.has_time() || at.year < 2000 || at.year > 2099 ||
      at.day > detail::days_in_month_leap(at.month)) {
    throw error(errc::invalid_argument, "a switch-over time is a date and time in 2000..2099",
                {{"time", at.to_string()}});
  }
  return {to_bcd_byte(at.minute), to_bcd_byte(at.hour), to_bcd_byte(at.day), to_bcd_byte(at.month),
          to_bcd_byte(at.year - 2000)};
}

/// Decodes a switch-over time (MTOU-4). All zero (no switch pending: meters clear it once they
/// have switched) and all FF decode to nullopt. bad_length unless 5 bytes; bad_value for a bad
/// BCD digit or a time out of range.
[[nodiscard]] inline decode_result<std::optional<clock_value>> decode_switch_time(byte_span data) {
  using result = decode_result<std::optional<clock_value>>;
  if (data.size() != 5) return result::failure(decode_status::bad_length);
  if (detail::all_bytes(data, 0x00) || detail::all_bytes(data, 0xFF)) {
    return result::success(std::nullopt, 5);
  }
  int v[5];
  for (std::size_t i = 0; i < 5; ++i) {
    const auto b = bcd_byte(data[i]);
    if (!b) return result::failure(decode_status::bad_value);
    v[i] = *b;
  }
  const clock_value c{clock_fields::date_time, 2000 + v[4], v[3], v[2], v[1], v[0], 0, -1};
  if (!c.ok() || c.day > detail::days_in_month_leap(c.month)) {
    return result::failure(decode_status::bad_value);
  }
  return result::success(c, 5);
}

/// A count item (MTOU-5) as BCD, low byte first: 1 byte (NN) or 2 (NNNN, public holidays).
/// Throws submeter::error (errc::invalid_argument) when `n` does not fit.
[[nodiscard]] inline std::vector<std::uint8_t> encode_count(int n, std::size_t size = 1) {
  const auto b =
      n < 0 ? std::nullopt
            : encode_bcd(static_cast<std::uint64_t>(n), false, size, bcd_sign::unsigned_value);
  if (!b) {
    throw error(errc::invalid_argument, "a count does not fit its BCD field",
                {{"count", std::to_string(n)}, {"bytes", std::to_string(size)}});
  }
  return *b;
}

/// Decodes a count item (MTOU-5). bad_length for an empty or over-long field; bad_value for a
/// bad BCD digit or an all-FF filler.
[[nodiscard]] inline decode_result<int> decode_count(byte_span data) {
  using result = decode_result<int>;
  if (data.empty() || data.size() > 2) return result::failure(decode_status::bad_length);
  const auto n = decode_bcd(data, bcd_sign::unsigned_value);
  if (!n) return result::failure(n.status);
  if (n.value->filler) return result::failure(decode_status::bad_value);
  return result::success(static_cast<int>(n.value->magnitude), data.size());
}

/// The TOU tables of one set as a meter holds them, with the public holidays and weekend items
/// (shared by both sets), and the meter's rules for using them (file comment).
struct tou_tables {
  /// The year time zones (MTOU-1), in the order held.
  std::vector<zone_row> zones;
  /// The daily period tables (MTOU-2): daily_tables[n - 1] is table n; an empty vector is a
  /// table not held (not used by the zones, holidays or weekend).
  std::vector<std::vector<period_row>> daily_tables;
  /// The public holidays (MTOU-3).
  std::vector<holiday_row> holidays;
  /// The weekend character (MTOU-6); no_rest_days by default.
  std::uint8_t weekend_character = no_rest_days;
  /// The table of rest days (MTOU-6), used only when the weekend character has a rest day.
  int weekend_table = 1;

  /// The daily table number a meter uses on `day` (holiday, else rest day, else year time
  /// zone; file comment). 0 when the tables say nothing (no zones).
  [[nodiscard]] int table_on(date::local_days day) const noexcept {
    for (const auto& h : holidays) {
      if (h.day == day) return h.table;
    }
    const unsigned weekday = date::weekday{day}.c_encoding();  // 0 = Sunday
    if (((weekend_character >> weekday) & 1u) == 0) return weekend_table;
    if (zones.empty()) return 0;
    const date::year_month_day ymd{day};
    const int key = static_cast<int>(static_cast<unsigned>(ymd.month())) * 32 +
                    static_cast<int>(static_cast<unsigned>(ymd.day()));
    const zone_row* best = nullptr;
    const zone_row* last = nullptr;
    for (const auto& z : zones) {
      const int start = z.month * 32 + z.day;
      if (start <= key && (best == nullptr || start >= best->month * 32 + best->day)) best = &z;
      if (last == nullptr || start >= last->month * 32 + last->day) last = &z;
    }
    return (best != nullptr ? best : last)->table;
  }

  /// The tariff daily table `table` puts on minute `minute` (0..1439); 0 when the table is not
  /// held.
  [[nodiscard]] int tariff_at(int table, int minute) const noexcept {
    if (table < 1 || static_cast<std::size_t>(table) > daily_tables.size()) return 0;
    const auto& rows = daily_tables[static_cast<std::size_t>(table - 1)];
    if (rows.empty()) return 0;
    const period_row* best = nullptr;
    const period_row* last = nullptr;
    for (const auto& r : rows) {
      if (r.start() <= minute && (best == nullptr || r.start() >= best->start())) best = &r;
      if (last == nullptr || r.start() >= last->start()) last = &r;
    }
    return (best != nullptr ? best : last)->tariff;
  }

  /// The tariff in force at `minute` of `day`.
  [[nodiscard]] int tariff_on(date::local_days day, int minute) const noexcept {
    return tariff_at(table_on(day), minute);
  }
};

}  // namespace submeter::meters::dlt645
