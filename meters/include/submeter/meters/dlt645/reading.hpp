#pragma once
/// \file
/// From DL/T 645 energy replies to a meter_reading (total and T1..T8) the tariff engine bills.
///
/// protocols.md 2.3: DI 0001FF00 (forward active, current, block) is total then T1..Tk, k the
/// number of tariffs (4 on Acrel meters); 0001nn00 is one register. DL/T 645-1997 901F is the
/// same block with a 2-byte DI. Registers are taken as reported (2.4: a total that differs from
/// the sum of the rates by 0.01 is normal and is not "fixed"); FF fillers leave a register absent.

#include <cstddef>
#include <cstdint>

#include "submeter/core/result.hpp"
#include "submeter/meters/dlt645/data_identifier.hpp"
#include "submeter/meters/dlt645/read_response.hpp"
#include "submeter/meters/meter_reading.hpp"

namespace submeter::meters::dlt645 {

namespace detail {
[[nodiscard]] inline decode_status set_register(meter_reading& m, int n, const item_value& v) {
  std::optional<energy> e;
  if (v.kind == value_kind::number) {
    e = v.number.to_exact<energy>();
    if (!e) return decode_status::bad_value;
  } else if (v.kind != value_kind::absent) {
    return decode_status::bad_value;
  }
  if (n == 0) {
    m.total = e;
  } else if (n >= 1 && n <= max_rates) {
    m.rates[static_cast<std::size_t>(n - 1)] = e;
  } else {
    return decode_status::unsupported;  // a rate register beyond T8
  }
  return decode_status::ok;
}
}  // namespace detail

/// Merges an energy reply into `reading`: a block (DI1 = FF; 1997: 901F) sets the total and the
/// rates it carries, a single register (DI1 = 00 total, 01..08 rate n) sets that one.
/// `quantity` is the DI2 of the energy family to accept (01 forward active by default; 00
/// combined active). Returns ok; unsupported for another DI, an abnormal reply or a rate above 8;
/// bad_value for a value that is not a plain number. Leaves `reading` unchanged unless ok.
[[nodiscard]] inline decode_status merge_into(meter_reading& reading, const read_response& r,
                                              std::uint8_t quantity = 0x01) {
  if (r.error || r.entry == nullptr) return decode_status::unsupported;
  meter_reading next = reading;
  if (r.di <= 0xFFFF) {  // 1997
    if (r.di == 0x901F) {
      for (std::size_t i = 0; i < r.values.size(); ++i) {
        const auto s = detail::set_register(next, static_cast<int>(i), r.values[i]);
        if (s != decode_status::ok) return s;
      }
    } else if (r.di >= 0x9010 && r.di <= 0x9014) {
      if (r.values.size() != 1) return decode_status::bad_length;
      const auto s = detail::set_register(next, static_cast<int>(r.di - 0x9010), r.values[0]);
      if (s != decode_status::ok) return s;
    } else {
      return decode_status::unsupported;
    }
    reading = next;
    return decode_status::ok;
  }
  if (di_byte(r.di, 3) != 0x00 || di_byte(r.di, 2) != quantity ||
      r.entry->shape != di_shape::energy) {
    return decode_status::unsupported;
  }
  if (di_byte(r.di, 0) == 0xFF) return decode_status::unsupported;  // a block of settlements
  const int tariff = tariff_of(r.di);
  if (tariff == 0xFF) {
    for (std::size_t i = 0; i < r.values.size(); ++i) {
      const auto s = detail::set_register(next, static_cast<int>(i), r.values[i]);
      if (s != decode_status::ok) return s;
    }
  } else {
    if (r.values.size() != 1) return decode_status::bad_length;
    const auto s = detail::set_register(next, tariff, r.values[0]);
    if (s != decode_status::ok) return s;
  }
  reading = next;
  return decode_status::ok;
}

/// A reading from one block reply (0001FF00 or 1997 901F) with the meter's multiplier (PT × CT).
[[nodiscard]] inline decode_result<meter_reading> to_reading(
    const read_response& r, ratio multiplier = ratio::from_integer(1),
    std::uint8_t quantity = 0x01) {
  meter_reading m;
  m.multiplier = multiplier;
  const auto s = merge_into(m, r, quantity);
  if (s != decode_status::ok) return decode_result<meter_reading>::failure(s);
  return decode_result<meter_reading>::success(m, r.raw.size());
}

}  // namespace submeter::meters::dlt645
