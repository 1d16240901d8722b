#pragma once
/// \file
/// The write items that put TOU tables, rate prices and a ladder into one set of a DL/T 645-2007
/// meter, checked against what the meter can hold; and the reverse, the tables of a set from the
/// items read back.
///
/// Order of the items (MTOU-7 in docs/meters.md): the tables of the set, the public holidays and
/// the weekend items, and last the switch-over times, so that a meter only arms the switch once
/// everything it switches to is in place. The public holiday table and the weekend items are
/// shared by both sets and take effect when written. Limits (MTOU-5) are refused with
/// errc::unsupported naming the item that sets them ("04000201"), what the tables need and what
/// the meter holds; malformed tables with errc::invalid_argument or errc::out_of_order.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/result.hpp"
#include "submeter/meters/clock_value.hpp"
#include "submeter/meters/dlt645/data_identifier.hpp"
#include "submeter/meters/dlt645/price_items.hpp"
#include "submeter/meters/dlt645/settings_write.hpp"
#include "submeter/meters/dlt645/tou_tables.hpp"

namespace submeter::meters::dlt645 {

/// What to write with the TOU tables.
struct tou_write_options {
  /// The set the tables go into (the meter switches to it at `switch_at`).
  table_set set = table_set::second;
  /// What the meter holds (04000201..05); tables are padded to its counts.
  meter_capacity capacity;
  /// The switch-over time (04000106 and 04000107), when the set is to take over then.
  std::optional<clock_value> switch_at;
};

namespace detail {

[[nodiscard]] inline std::string two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v % 100);
  return b;
}

[[nodiscard]] inline std::string describe_zones(const std::vector<zone_row>& rows) {
  std::string s;
  for (const auto& r : rows) {
    if (!s.empty()) s += ", ";
    s += two(r.month) + "-" + two(r.day) + " t" + std::to_string(r.table);
  }
  return s;
}

[[nodiscard]] inline std::string describe_periods(const std::vector<period_row>& rows) {
  std::string s;
  for (const auto& r : rows) {
    if (!s.empty()) s += ", ";
    s += two(r.hour) + ":" + two(r.minute) + " T" + std::to_string(r.tariff);
  }
  return s;
}

[[nodiscard]] inline std::string describe_day(date::local_days day) {
  const date::year_month_day ymd{day};
  return std::to_string(static_cast<int>(ymd.year())) + "-" +
         two(static_cast<int>(static_cast<unsigned>(ymd.month()))) + "-" +
         two(static_cast<int>(static_cast<unsigned>(ymd.day())));
}

[[nodiscard]] inline std::string set_name(table_set s) {
  return s == table_set::first ? "first set" : "second set";
}

[[nodiscard]] inline error over_limit(const char* what, const char* di, std::size_t needed,
                                      int held, std::vector<context_item> more = {}) {
  std::vector<context_item> ctx{
      {"limit", di}, {"needed", std::to_string(needed)}, {"meter_holds", std::to_string(held)}};
  ctx.insert(ctx.end(), more.begin(), more.end());
  return error(errc::unsupported, std::string("the meter cannot hold that many ") + what,
               std::move(ctx));
}

inline void push_switch(std::vector<write_item>& out, std::uint32_t di, const clock_value& at,
                        const char* what) {
  const auto b = encode_switch_time(at);  // checked: a date and time in 2000..2099
  out.push_back({di,
                 {b.begin(), b.end()},
                 std::string(what) + " " + std::to_string(at.year) + "-" + two(at.month) + "-" +
                     two(at.day) + " " + two(at.hour) + ":" + two(at.minute)});
}

}  // namespace detail

/// The write items of a set's TOU tables (MTOU-1..7), in writing order. Refuses
/// (submeter::error): more year zones, daily tables, periods, tariffs or public holidays than
/// `o.capacity` (errc::unsupported, naming 04000201..05); no zones, a table used but not held
/// (errc::invalid_argument); zones or periods not in ascending order of their start
/// (errc::out_of_order); anything the row encoders refuse.
[[nodiscard]] inline std::vector<write_item> tou_write_items(const tou_tables& t,
                                                             const tou_write_options& o) {
  const auto& cap = o.capacity;
  cap.check();
  if (t.zones.empty()) {
    throw error(errc::invalid_argument, "TOU tables need at least one year time zone");
  }
  if (t.zones.size() > static_cast<std::size_t>(cap.year_zones)) {
    throw detail::over_limit("year time zones", "04000201", t.zones.size(), cap.year_zones);
  }
  for (std::size_t i = 1; i < t.zones.size(); ++i) {
    const auto& a = t.zones[i - 1];
    const auto& b = t.zones[i];
    if (a.month * 32 + a.day >= b.month * 32 + b.day) {
      throw error(errc::out_of_order, "year time zones must start in ascending order",
                  {{"row", std::to_string(i + 1)}});
    }
  }
  // Which tables are used: by the zones, the holidays and (with a rest day) the weekend.
  std::vector<bool> used(9, false);
  const auto use = [&](int n, const char* by) {
    if (n < 1 || n > 8) {
      throw error(errc::invalid_argument, "a daily table is numbered 1..8",
                  {{"table", std::to_string(n)}, {"used_by", by}});
    }
    if (n > cap.daily_tables) {
      throw detail::over_limit("daily period tables", "04000202", static_cast<std::size_t>(n),
                               cap.daily_tables, {{"used_by", by}});
    }
    if (static_cast<std::size_t>(n) > t.daily_tables.size() ||
        t.daily_tables[static_cast<std::size_t>(n - 1)].empty()) {
      throw error(errc::invalid_argument, "a daily table is used but not given",
                  {{"table", std::to_string(n)}, {"used_by", by}});
    }
    used[static_cast<std::size_t>(n)] = true;
  };
  for (const auto& z : t.zones) use(z.table, "year time zone");
  for (const auto& h : t.holidays) use(h.table, "public holiday");
  if ((t.weekend_character & no_rest_days) != no_rest_days) use(t.weekend_table, "weekend");
  if (t.holidays.size() > static_cast<std::size_t>(cap.public_holidays)) {
    throw detail::over_limit("public holidays", "04000205", t.holidays.size(), cap.public_holidays);
  }

  std::vector<write_item> out;
  out.push_back({year_zone_table_di(o.set),
                 encode_zone_table(t.zones, static_cast<std::size_t>(cap.year_zones)),
                 detail::set_name(o.set) + ": year time zones " + detail::describe_zones(t.zones)});
  for (int n = 1; n <= 8; ++n) {
    if (!used[static_cast<std::size_t>(n)]) continue;
    const auto& rows = t.daily_tables[static_cast<std::size_t>(n - 1)];
    if (rows.size() > static_cast<std::size_t>(cap.daily_periods)) {
      throw detail::over_limit("daily periods", "04000203", rows.size(), cap.daily_periods,
                               {{"table", std::to_string(n)}});
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (i > 0 && rows[i - 1].start() >= rows[i].start()) {
        throw error(errc::out_of_order, "daily periods must start in ascending order",
                    {{"table", std::to_string(n)}, {"row", std::to_string(i + 1)}});
      }
      if (rows[i].tariff > cap.tariffs) {
        throw detail::over_limit("tariffs", "04000204", static_cast<std::size_t>(rows[i].tariff),
                                 cap.tariffs, {{"table", std::to_string(n)}});
      }
    }
    out.push_back({daily_table_di(o.set, n),
                   encode_daily_table(rows, static_cast<std::size_t>(cap.daily_periods)),
                   detail::set_name(o.set) + ": daily table " + std::to_string(n) + " " +
                       detail::describe_periods(rows)});
  }
  out.push_back({holiday_count_di, encode_count(static_cast<int>(t.holidays.size()), 2),
                 "public holidays: " + std::to_string(t.holidays.size())});
  for (std::size_t i = 0; i < t.holidays.size(); ++i) {
    const auto b = encode_holiday(t.holidays[i]);
    out.push_back({public_holiday_di(static_cast<int>(i + 1)),
                   {b.begin(), b.end()},
                   "public holiday " + std::to_string(i + 1) + ": " +
                       detail::describe_day(t.holidays[i].day) + " t" +
                       std::to_string(t.holidays[i].table)});
  }
  const bool rest = (t.weekend_character & no_rest_days) != no_rest_days;
  out.push_back({weekend_character_di,
                 {static_cast<std::uint8_t>(t.weekend_character & no_rest_days)},
                 rest ? "weekend character " + to_hex(byte_span{&t.weekend_character, 1})
                      : std::string("weekend character 7F: no rest day")});
  if (rest) {
    out.push_back({weekend_table_di, encode_count(t.weekend_table),
                   "rest days use daily table " + std::to_string(t.weekend_table)});
  }
  if (o.switch_at) {
    detail::push_switch(out, zone_switch_time_di, *o.switch_at,
                        "switch-over of the year time-zone tables at");
    detail::push_switch(out, daily_switch_time_di, *o.switch_at,
                        "switch-over of the daily period tables at");
  }
  return out;
}

/// The write items of a set's rate prices (MPRC-1), one per tariff in ascending order, then the
/// switch-over time (MPRC-3) when given. Refuses (submeter::error): a tariff outside
/// 1..`tariffs` (errc::unsupported naming 04000204), a tariff priced twice (errc::duplicate),
/// no price (errc::invalid_argument), a price encode_price refuses.
[[nodiscard]] inline std::vector<write_item> rate_price_write_items(
    std::vector<std::pair<int, energy_price>> prices, table_set set, int tariffs,
    const std::optional<clock_value>& switch_at) {
  if (prices.empty()) throw error(errc::invalid_argument, "no rate price to write");
  std::sort(prices.begin(), prices.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<write_item> out;
  for (std::size_t i = 0; i < prices.size(); ++i) {
    const auto [tariff, price] = prices[i];
    if (tariff < 1 || tariff > tariffs) {
      throw detail::over_limit("tariffs", "04000204",
                               static_cast<std::size_t>(tariff < 1 ? 0 : tariff), tariffs,
                               {{"tariff", std::to_string(tariff)}});
    }
    if (i > 0 && prices[i - 1].first == tariff) {
      throw error(errc::duplicate, "a tariff priced twice", {{"tariff", std::to_string(tariff)}});
    }
    const auto b = encode_price(price);
    out.push_back({rate_price_di(set, tariff),
                   {b.begin(), b.end()},
                   detail::set_name(set) + ": rate price T" + std::to_string(tariff) + " " +
                       price.to_string(4) + " yuan/kWh"});
  }
  if (switch_at) {
    detail::push_switch(out, price_switch_time_di, *switch_at, "switch-over of the rate prices at");
  }
  return out;
}

/// The write items of a set's ladder (MPRC-2): bounds 1..k, prices 1..k+1, then the switch-over
/// time (MPRC-3) when given. Refuses (submeter::error): more than 6 bounds (errc::unsupported),
/// not exactly one price more than bounds, bounds not ascending and positive
/// (errc::invalid_argument), a value the encoders refuse.
[[nodiscard]] inline std::vector<write_item> ladder_write_items(
    const std::vector<energy>& bounds, const std::vector<energy_price>& prices, table_set set,
    const std::optional<clock_value>& switch_at) {
  if (bounds.size() > static_cast<std::size_t>(max_ladder_bounds)) {
    throw detail::over_limit("ladder bounds", "04060001..06", bounds.size(), max_ladder_bounds);
  }
  if (prices.size() != bounds.size() + 1) {
    throw error(
        errc::invalid_argument, "a ladder has one price more than bounds",
        {{"bounds", std::to_string(bounds.size())}, {"prices", std::to_string(prices.size())}});
  }
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (bounds[i].is_negative() || bounds[i].is_zero() || (i > 0 && !(bounds[i - 1] < bounds[i]))) {
      throw error(errc::invalid_argument, "ladder bounds must be positive and ascending",
                  {{"bound", std::to_string(i + 1)}, {"value", bounds[i].to_string()}});
    }
  }
  std::vector<write_item> out;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    const auto b = encode_ladder_bound(bounds[i]);
    out.push_back({ladder_bound_di(set, static_cast<int>(i + 1)),
                   {b.begin(), b.end()},
                   detail::set_name(set) + ": ladder bound " + std::to_string(i + 1) + " " +
                       bounds[i].to_string(2) + " kWh"});
  }
  for (std::size_t i = 0; i < prices.size(); ++i) {
    const auto b = encode_price(prices[i]);
    out.push_back({ladder_price_di(set, static_cast<int>(i + 1)),
                   {b.begin(), b.end()},
                   detail::set_name(set) + ": ladder price " + std::to_string(i + 1) + " " +
                       prices[i].to_string(4) + " yuan/kWh"});
  }
  if (switch_at) {
    detail::push_switch(out, ladder_switch_time_di, *switch_at, "switch-over of the ladders at");
  }
  return out;
}

/// Items read back from a meter, by DI (the data after the DI, −0x33 applied).
using item_map = std::map<std::uint32_t, std::vector<std::uint8_t>>;

/// The TOU tables of set `s` from items read back: the year time-zone table (required), the daily
/// tables it, the holidays and the weekend use, the public holiday count and holidays (when
/// present), the weekend character and table (when present; no rest day otherwise).
/// need_more: the zone table, a used daily table or a counted holiday is missing from `items`;
/// bad_length / bad_value as the item decoders say.
[[nodiscard]] inline decode_result<tou_tables> tou_tables_from_items(table_set s,
                                                                     const item_map& items) {
  using result = decode_result<tou_tables>;
  const auto find = [&](std::uint32_t di) -> const std::vector<std::uint8_t>* {
    const auto it = items.find(di);
    return it == items.end() ? nullptr : &it->second;
  };
  tou_tables t;
  const auto* zones = find(year_zone_table_di(s));
  if (zones == nullptr) return result::failure(decode_status::need_more);
  auto z = decode_zone_table(*zones);
  if (!z) return result::failure(z.status);
  t.zones = std::move(*z.value);
  if (const auto* h = find(holiday_count_di)) {
    const auto n = decode_count(*h);
    if (!n) return result::failure(n.status);
    for (int i = 1; i <= *n.value; ++i) {
      const auto* item = find(public_holiday_di(i));
      if (item == nullptr) return result::failure(decode_status::need_more);
      const auto d = decode_holiday(*item);
      if (!d) return result::failure(d.status);
      t.holidays.push_back(*d.value);
    }
  }
  if (const auto* w = find(weekend_character_di)) {
    if (w->size() != 1) return result::failure(decode_status::bad_length);
    t.weekend_character = (*w)[0];
    if ((t.weekend_character & no_rest_days) != no_rest_days) {
      const auto* wt = find(weekend_table_di);
      if (wt == nullptr) return result::failure(decode_status::need_more);
      const auto n = decode_count(*wt);
      if (!n) return result::failure(n.status);
      if (*n.value < 1 || *n.value > 8) return result::failure(decode_status::bad_value);
      t.weekend_table = *n.value;
    }
  }
  std::vector<int> needed;
  for (const auto& r : t.zones) needed.push_back(r.table);
  for (const auto& h : t.holidays) needed.push_back(h.table);
  if ((t.weekend_character & no_rest_days) != no_rest_days) needed.push_back(t.weekend_table);
  t.daily_tables.resize(8);
  for (int n = 1; n <= 8; ++n) {
    const auto* item = find(daily_table_di(s, n));
    const bool is_needed = std::find(needed.begin(), needed.end(), n) != needed.end();
    if (item == nullptr) {
      if (is_needed) return result::failure(decode_status::need_more);
      continue;
    }
    auto rows = decode_daily_table(*item);
    if (!rows) return result::failure(rows.status);
    t.daily_tables[static_cast<std::size_t>(n - 1)] = std::move(*rows.value);
  }
  while (!t.daily_tables.empty() && t.daily_tables.back().empty()) t.daily_tables.pop_back();
  return result::success(std::move(t), items.size());
}

}  // namespace submeter::meters::dlt645
