#pragma once
/// \file
/// site::interval_split_series: a meter's interval data classified into the rate registers of
/// its TOU tariff's day table (format v2 `tou_periods`), so that a price change inside the
/// period is split by the energy the meter measured before and after the instant (TOU-5,
/// RETRO-2: "split by interval data if available") instead of by days.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/interval_series.hpp"
#include "submeter/metering/register_reading.hpp"
#include "submeter/tariff/day_table.hpp"
#include "submeter/tariff/version_split.hpp"

namespace submeter::site {

/// The interval data `series` of meter `meter_id` over `window`, as one tariff::interval_series
/// per rate register `table` uses (each interval's energy in the register of its minutes, zero in
/// the others), for tariff::split_usage (the total
/// register, never priced beside rate registers, is left to be shared by time). Empty when the data
/// do not cover `window` (the split then falls back to days, and says so). Refuses
/// (errc::inconsistent) an interval whose minutes fall in two registers of the day table (a
/// period boundary off the data's step grid), naming the meter and the interval; split_usage
/// then refuses per-register sums that differ from the register readings.
[[nodiscard]] inline std::vector<tariff::interval_series> interval_split_series(
    const std::string& meter_id, const metering::interval_series& series,
    const tariff::day_table& table, const local_interval& window) {
  std::vector<tariff::interval_series> out;
  if (series.value_kind() != metering::interval_series::kind::energy) return out;
  if (window.begin() < series.start() || series.end() < window.end()) return out;
  const auto step = series.step();
  const auto first_index = (window.begin() - series.start()) / step;
  const auto count = (window.end() - window.begin() + step - std::chrono::seconds(1)) / step;
  const auto start = series.start() + step * first_index;
  std::vector<std::vector<energy>> by_register(metering::max_rate_registers + 1);
  const auto used = table.registers_used();
  for (const int r : used) {
    by_register[static_cast<std::size_t>(r)].assign(static_cast<std::size_t>(count), energy{});
  }
  const auto& values = series.mantissas();
  const int step_min = static_cast<int>(step.count());
  for (std::int64_t i = 0; i < count; ++i) {
    const auto t = start + step * i;
    const auto since_midnight =
        std::chrono::duration_cast<std::chrono::minutes>(t - date::floor<date::days>(t)).count();
    const int minute = static_cast<int>(since_midnight);
    const int r = table.register_at(minute);
    for (int k = 1; k < step_min; ++k) {
      if (table.register_at((minute + k) % tariff::minutes_per_day) != r) {
        throw error(errc::inconsistent,
                    "an interval falls in two TOU periods of the day table (a period boundary "
                    "off the interval data's step)",
                    {{"meter", meter_id},
                     {"interval", local_interval::format(t)},
                     {"step_minutes", std::to_string(step_min)}});
      }
    }
    const auto e = energy::from_mantissa(values[static_cast<std::size_t>(first_index + i)]);
    by_register[static_cast<std::size_t>(r)][static_cast<std::size_t>(i)] = e;
  }
  for (const int r : used) {
    out.push_back({r, start, step, std::move(by_register[static_cast<std::size_t>(r)])});
  }
  return out;
}

}  // namespace submeter::site
