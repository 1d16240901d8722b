#pragma once
/// \file
/// CJ/T 188 metering data (DI 901F, history D120..D12B): the water/gas and heat layouts.
///
/// protocols.md 3.2, CJ/T 188-2004 (KingDa header): water/gas (T 1x, 3x), L = 0x16: current
/// cumulative flow (4-byte BCD XXXXXX.XX) + unit, settlement-day cumulative flow + unit, real time
/// (ss mm hh DD MM YYYY, year low byte first), ST (2). Heat (T 2x), L = 0x2E: settlement-day heat,
/// current heat, heat power (each XXXXXX.XX + unit), flow rate (XXXX.XXXX + unit), cumulative
/// flow (XXXXXX.XX + unit), supply and return temperature (3-byte XXXX.XX °C), working hours
/// (3-byte XXXXXX h), real time (7), ST (2). The profile decides whether units come before or
/// after their values. Values are exact (scaled_value); a volume in m³ converts with to_volume().

#include <cstddef>
#include <cstdint>
#include <optional>

#include "submeter/core/quantity.hpp"
#include "submeter/core/result.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/meters/bcd.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/cjt188/message.hpp"
#include "submeter/meters/cjt188/profile.hpp"
#include "submeter/meters/clock_value.hpp"
#include "submeter/meters/scaled_value.hpp"

namespace submeter::meters::cjt188 {

/// Unit codes (protocols.md 3.2, KingDa header).
enum class unit_code : std::uint8_t {
  wh = 0x02,
  kwh = 0x05,
  mwh = 0x08,
  mwh_x100 = 0x0A,
  j = 0x01,
  kj = 0x0B,
  mj = 0x0E,
  gj = 0x11,
  gj_x100 = 0x13,
  w = 0x14,
  kw = 0x17,
  mw = 0x1A,
  litre = 0x29,
  cubic_metre = 0x2C,
  litre_per_hour = 0x32,
  cubic_metre_per_hour = 0x35,
};

/// The symbol of a unit code ("m3", "MWh"), or "" when unknown.
[[nodiscard]] constexpr std::string_view unit_symbol(std::uint8_t code) noexcept {
  switch (code) {
    case 0x02:
      return "Wh";
    case 0x05:
      return "kWh";
    case 0x08:
      return "MWh";
    case 0x0A:
      return "MWh*100";
    case 0x01:
      return "J";
    case 0x0B:
      return "kJ";
    case 0x0E:
      return "MJ";
    case 0x11:
      return "GJ";
    case 0x13:
      return "GJ*100";
    case 0x14:
      return "W";
    case 0x17:
      return "kW";
    case 0x1A:
      return "MW";
    case 0x29:
      return "L";
    case 0x2C:
      return "m3";
    case 0x32:
      return "L/h";
    case 0x35:
      return "m3/h";
    default:
      return "";
  }
}

/// A value with its unit code. `value` is absent when the meter sent FF fillers.
struct measured {
  std::optional<scaled_value> value;
  std::uint8_t unit = 0;

  /// The value in m³ when the unit is m³ or L (1 L = 0.001 m³), else nullopt.
  [[nodiscard]] std::optional<scaled_value> in_cubic_metres() const noexcept {
    if (!value) return std::nullopt;
    if (unit == static_cast<std::uint8_t>(unit_code::cubic_metre)) return value;
    if (unit == static_cast<std::uint8_t>(unit_code::litre) &&
        value->scale + 3 <= max_value_scale) {
      return scaled_value{value->mantissa, value->scale + 3};
    }
    return std::nullopt;
  }
  /// As a volume (m³ to 1e-4) without loss; nullopt when not a volume or not exact at 1e-4.
  [[nodiscard]] std::optional<submeter::volume> to_volume() const noexcept {
    const auto m3 = in_cubic_metres();
    if (!m3) return std::nullopt;
    return m3->to_exact<submeter::volume>();
  }
  /// As a volume rounded to 1e-4 m³ by `mode`; nullopt when not a volume.
  [[nodiscard]] std::optional<submeter::volume> to_volume(rounding mode) const noexcept {
    const auto m3 = in_cubic_metres();
    if (!m3) return std::nullopt;
    return m3->to<submeter::volume>(mode);
  }
};

/// 901F of a water or gas meter.
struct water_data {
  measured current_flow;     ///< current cumulative flow
  measured settlement_flow;  ///< cumulative flow at the settlement day
  clock_value time;          ///< meter time (check ok(): self-tests send zeros)
  meter_status status;
};

/// 901F of a heat meter.
struct heat_data {
  measured settlement_heat;
  measured current_heat;
  measured heat_power;
  measured flow_rate;
  measured cumulative_flow;
  std::optional<scaled_value> supply_temperature;  ///< °C
  std::optional<scaled_value> return_temperature;  ///< °C
  std::optional<scaled_value> working_hours;       ///< h
  clock_value time;
  meter_status status;
};

namespace detail {

class body_reader {
 public:
  explicit body_reader(byte_span b) noexcept : b_(b) {}
  [[nodiscard]] bool ok() const noexcept { return ok_; }
  [[nodiscard]] std::size_t offset() const noexcept { return at_; }

  std::optional<scaled_value> number(std::size_t size, int decimals) {
    const byte_span f = take(size);
    if (!ok_) return std::nullopt;
    const auto n = decode_bcd(f, bcd_sign::unsigned_value);
    if (!n) {
      ok_ = false;
      return std::nullopt;
    }
    if (n.value->filler) return std::nullopt;
    return scaled_value{static_cast<std::int64_t>(n.value->magnitude), decimals};
  }
  measured with_unit(unit_position pos, int decimals) {
    measured m;
    if (pos == unit_position::before_value) m.unit = byte();
    m.value = number(4, decimals);
    if (pos == unit_position::after_value) m.unit = byte();
    return m;
  }
  std::uint8_t byte() {
    const byte_span f = take(1);
    return ok_ ? f[0] : std::uint8_t{0};
  }
  clock_value time() {
    const byte_span f = take(7);
    clock_value c;
    if (!ok_) return c;
    int v[7];
    for (std::size_t i = 0; i < 7; ++i) {
      const auto d = bcd_byte(f[i]);
      if (!d) {
        ok_ = false;
        return c;
      }
      v[i] = *d;
    }
    c = clock_value{clock_fields::date_time, v[6] * 100 + v[5], v[4], v[3], v[2], v[1], v[0], -1};
    return c;
  }

 private:
  byte_span take(std::size_t n) {
    if (!ok_ || b_.size() - at_ < n) {
      ok_ = false;
      return {};
    }
    const byte_span f = b_.subspan(at_, n);
    at_ += n;
    return f;
  }
  byte_span b_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace detail

/// Decodes the body (after DI and SER) of a water/gas 901F reply. bad_length when it is not
/// exactly 19 bytes; bad_value for a non-BCD digit (FF-filled values are absent).
[[nodiscard]] inline decode_result<water_data> decode_water_data(byte_span body, const profile& p) {
  if (body.size() != 19) return decode_result<water_data>::failure(decode_status::bad_length);
  detail::body_reader r(body);
  water_data w;
  w.current_flow = r.with_unit(p.units, 2);
  w.settlement_flow = r.with_unit(p.units, 2);
  w.time = r.time();
  const auto st0 = r.byte();
  const auto st1 = r.byte();
  w.status = decode_st(p, st0, st1);
  if (!r.ok()) return decode_result<water_data>::failure(decode_status::bad_value);
  return decode_result<water_data>::success(w, body.size());
}

/// Decodes the body (after DI and SER) of a heat-meter 901F reply. bad_length unless 43 bytes.
[[nodiscard]] inline decode_result<heat_data> decode_heat_data(byte_span body, const profile& p) {
  if (body.size() != 43) return decode_result<heat_data>::failure(decode_status::bad_length);
  detail::body_reader r(body);
  heat_data h;
  h.settlement_heat = r.with_unit(p.units, 2);
  h.current_heat = r.with_unit(p.units, 2);
  h.heat_power = r.with_unit(p.units, 2);
  h.flow_rate = r.with_unit(p.units, 4);
  h.cumulative_flow = r.with_unit(p.units, 2);
  h.supply_temperature = r.number(3, 2);
  h.return_temperature = r.number(3, 2);
  h.working_hours = r.number(3, 0);
  h.time = r.time();
  const auto st0 = r.byte();
  const auto st1 = r.byte();
  h.status = decode_st(p, st0, st1);
  if (!r.ok()) return decode_result<heat_data>::failure(decode_status::bad_value);
  return decode_result<heat_data>::success(h, body.size());
}

/// True for the DIs that carry metering data (901F and the history records D120..D12B).
[[nodiscard]] constexpr bool is_metering_di(std::uint16_t d) noexcept {
  return d == di::metering_data || (d >= di::history_first && d <= di::history_first + 11);
}

/// Decodes a water/gas metering reply frame (C = 81): checks control, DI and meter family.
/// unsupported for another control code, DI or a heat meter (use decode_heat_reply).
[[nodiscard]] inline decode_result<water_data> decode_water_reply(const frame& f,
                                                                  const profile& p) {
  using result = decode_result<water_data>;
  if (f.control.code != 0x81) return result::failure(decode_status::unsupported);
  const auto fam = family_of(f.meter_type);
  if (fam != meter_family::water && fam != meter_family::gas)
    return result::failure(decode_status::unsupported);
  const auto m = decode_message(f, p);
  if (!m) return result::failure(m.status);
  if (!is_metering_di(m.value->di)) return result::failure(decode_status::unsupported);
  return decode_water_data(m.value->body, p);
}

/// Decodes a heat metering reply frame (C = 81, T = 2x).
[[nodiscard]] inline decode_result<heat_data> decode_heat_reply(const frame& f, const profile& p) {
  using result = decode_result<heat_data>;
  if (f.control.code != 0x81 || family_of(f.meter_type) != meter_family::heat) {
    return result::failure(decode_status::unsupported);
  }
  const auto m = decode_message(f, p);
  if (!m) return result::failure(m.status);
  if (!is_metering_di(m.value->di)) return result::failure(decode_status::unsupported);
  return decode_heat_data(m.value->body, p);
}

}  // namespace submeter::meters::cjt188
