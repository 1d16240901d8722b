#pragma once
/// \file
/// The reading as the live platform sees it: one meter's cumulative registers at one device time,
/// with when it was received, where it came from and its quality (实抄 actual / 估抄 estimated).
///
/// This is the type the readings store keeps, validation and estimation (VEE) judge, and the live
/// prepaid step deducts from (DESIGN.md "Live"). A monthly bill still reads `register_reading`s
/// (the registers of a `reading`); the extra fields say how far to trust them.
///
/// Store rows are per register (`register_value`, unique on meter, register and time), because
/// gateways send registers one by one and a late message may complete an earlier reading;
/// `group_readings` puts the registers of one meter and time back together.
///
/// Values: a register holds the meter's cumulative count as shown, before the multiplier, at the
/// energy scale (1e-4): kWh for electricity, m³ for a water meter (the site files' convention).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::metering {

/// How far a reading can be trusted (VEE): read from the meter (实抄), estimated by a VEE rule
/// because the read is missing (估抄), or substituted for a read that failed validation.
/// Ordered from best to worst: a reading made of registers of several qualities has the worst.
enum class reading_quality : std::uint8_t { actual, estimated, substituted };

/// "actual", "estimated" or "substituted".
[[nodiscard]] constexpr std::string_view to_string(reading_quality q) noexcept {
  switch (q) {
    case reading_quality::actual:
      return "actual";
    case reading_quality::estimated:
      return "estimated";
    case reading_quality::substituted:
      return "substituted";
  }
  return "unknown";
}

/// Parses a name printed by to_string(reading_quality); nullopt otherwise.
[[nodiscard]] constexpr std::optional<reading_quality> parse_reading_quality(
    std::string_view t) noexcept {
  for (int i = 0; i <= static_cast<int>(reading_quality::substituted); ++i) {
    if (to_string(static_cast<reading_quality>(i)) == t) return static_cast<reading_quality>(i);
  }
  return std::nullopt;
}

/// Where a reading came from: a file (readings.csv), typed in by a person, read by submeter over
/// Modbus, DL/T 645 or CJ/T 188, uploaded by a gateway (Acrel ANet JSON, EMQX Neuron, ThingsBoard
/// gateway), or made by a VEE estimate.
enum class reading_source : std::uint8_t {
  file,
  manual,
  modbus,
  dlt645,
  cjt188,
  acrel_gateway,
  neuron,
  thingsboard,
  vee_estimate
};

/// The source's name as stored and printed ("file", "acrel_gateway", ...).
[[nodiscard]] constexpr std::string_view to_string(reading_source s) noexcept {
  switch (s) {
    case reading_source::file:
      return "file";
    case reading_source::manual:
      return "manual";
    case reading_source::modbus:
      return "modbus";
    case reading_source::dlt645:
      return "dlt645";
    case reading_source::cjt188:
      return "cjt188";
    case reading_source::acrel_gateway:
      return "acrel_gateway";
    case reading_source::neuron:
      return "neuron";
    case reading_source::thingsboard:
      return "thingsboard";
    case reading_source::vee_estimate:
      return "vee_estimate";
  }
  return "unknown";
}

/// Parses a name printed by to_string(reading_source); nullopt otherwise.
[[nodiscard]] constexpr std::optional<reading_source> parse_reading_source(
    std::string_view t) noexcept {
  for (int i = 0; i <= static_cast<int>(reading_source::vee_estimate); ++i) {
    if (to_string(static_cast<reading_source>(i)) == t) return static_cast<reading_source>(i);
  }
  return std::nullopt;
}

/// One register's cumulative value at one device time: a row of the readings store, unique on
/// (meter, register, time). Register 0 is the total, 1..8 the rate registers T1..T8 (TOU-4).
struct register_value {
  std::string meter_id;
  int register_number = 0;
  /// The meter's own time stamp (local civil time), the one billing uses.
  local_time time{};
  /// When the platform received it (local civil time); absent when unknown (a file).
  std::optional<local_time> received;
  /// Cumulative, as the meter shows it (before the multiplier): kWh, or m³ on a water meter.
  energy value;
  reading_source source = reading_source::file;
  reading_quality quality = reading_quality::actual;
};

/// One meter's registers at one device time, with provenance and quality.
struct reading {
  std::string meter_id;
  /// The time and the registers (total and T1..T8) as the meter shows them.
  register_reading registers;
  /// When received (the latest of its registers'); absent when unknown.
  std::optional<local_time> received;
  reading_source source = reading_source::file;
  reading_quality quality = reading_quality::actual;

  /// The device time.
  [[nodiscard]] local_time time() const noexcept { return registers.time; }
};

/// Puts register values back together as readings, one per (meter, time), ordered by meter then
/// time: register 0 is the total, 1..8 the rates; the quality is the worst of the registers', the
/// received time the latest. Refuses (submeter::error): a register number outside 0..8
/// (errc::invalid_argument); one register given twice for the same meter and time with different
/// values (errc::inconsistent, naming meter, register, time and both values; the same value twice
/// is one value); registers of one reading from different sources (errc::inconsistent); a
/// reading with rate registers but no total (errc::inconsistent), since every bill and deduction
/// reads the total.
[[nodiscard]] inline std::vector<reading> group_readings(std::vector<register_value> values) {
  for (const auto& v : values) {
    if (v.register_number < 0 || v.register_number > max_rate_registers) {
      throw error(errc::invalid_argument, "a register number is 0 (total) or 1..8 (rates)",
                  {{"meter", v.meter_id},
                   {"register", std::to_string(v.register_number)},
                   {"time", local_interval::format(v.time)}});
    }
  }
  std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
    return std::tie(a.meter_id, a.time, a.register_number) <
           std::tie(b.meter_id, b.time, b.register_number);
  });
  std::vector<reading> out;
  std::vector<bool> has_total;
  std::optional<register_value> last;
  for (const auto& v : values) {
    const bool same_reading =
        !out.empty() && out.back().meter_id == v.meter_id && out.back().registers.time == v.time;
    if (!same_reading) {
      reading r;
      r.meter_id = v.meter_id;
      r.registers.time = v.time;
      r.received = v.received;
      r.source = v.source;
      r.quality = v.quality;
      out.push_back(std::move(r));
      has_total.push_back(false);
      last.reset();
    }
    auto& r = out.back();
    if (last && last->register_number == v.register_number) {
      if (last->value != v.value) {
        throw error(errc::inconsistent, "a register is read twice at one time with two values",
                    {{"meter", v.meter_id},
                     {"register", register_name(v.register_number)},
                     {"time", local_interval::format(v.time)},
                     {"value", last->value.to_string(4)},
                     {"other_value", v.value.to_string(4)}});
      }
    }
    if (v.source != r.source) {
      throw error(errc::inconsistent, "the registers of one reading come from two sources",
                  {{"meter", v.meter_id},
                   {"time", local_interval::format(v.time)},
                   {"source", std::string(to_string(r.source))},
                   {"other_source", std::string(to_string(v.source))}});
    }
    if (v.register_number == 0) {
      r.registers.total = v.value;
      has_total.back() = true;
    } else {
      r.registers.rates[static_cast<std::size_t>(v.register_number - 1)] = v.value;
    }
    r.quality = std::max(r.quality, v.quality);
    if (v.received && (!r.received || *r.received < *v.received)) r.received = v.received;
    last = v;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!has_total[i]) {
      throw error(
          errc::inconsistent, "a reading has rate registers but no total",
          {{"meter", out[i].meter_id}, {"time", local_interval::format(out[i].registers.time)}});
    }
  }
  return out;
}

/// The store rows of reading `r`: the total (register 0), then each rate register present.
[[nodiscard]] inline std::vector<register_value> register_values(const reading& r) {
  std::vector<register_value> out;
  out.push_back(
      {r.meter_id, 0, r.registers.time, r.received, r.registers.total, r.source, r.quality});
  for (int n = 1; n <= max_rate_registers; ++n) {
    if (const auto v = r.registers.rate(n)) {
      out.push_back({r.meter_id, n, r.registers.time, r.received, *v, r.source, r.quality});
    }
  }
  return out;
}

}  // namespace submeter::metering
