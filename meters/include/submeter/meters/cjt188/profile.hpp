#pragma once
/// \file
/// cjt188::profile: the vendor dialect a CJ/T 188 meter speaks, as data.
///
/// protocols.md 3.3: implementations disagree on the DI byte order (2004 texts and the "JY"
/// heat meter send 90 1F; CJ/T 188-2018 and the "SC" water meter send 1F 90 — but SC sends its
/// valve DI A0 17 high byte first), on whether the unit code comes before or after each 4-byte
/// value ("JY" puts it before), and on where the ST valve and battery bits sit. Strict by
/// default, lenient by profile: the codec accepts a dialect only when the profile says so.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace submeter::meters::cjt188 {

/// The order of the two DI bytes on the wire.
enum class di_order : std::uint8_t {
  high_first,  ///< 90 1F (CJ/T 188-2004 as most 2004 implementations read it)
  low_first,   ///< 1F 90 (CJ/T 188-2018)
};

/// Where the unit code sits relative to its 4-byte value in 901F replies.
enum class unit_position : std::uint8_t {
  after_value,   ///< value then unit (the standard)
  before_value,  ///< unit then value ("JY" heat meters)
};

/// Where the valve state and battery bits are in ST (2 bytes, as sent).
struct st_layout {
  /// Which ST byte carries them (0 = the first sent).
  std::uint8_t byte_index = 0;
  /// Bit position of the 2-bit valve field (00 open, 01 closed, 11 abnormal).
  std::uint8_t valve_shift = 0;
  /// Bit position of "battery low".
  std::uint8_t battery_bit = 2;
};

/// A vendor dialect.
struct profile {
  /// A name for logs and maps ("cjt188-2004").
  std::string_view name;
  /// DI order of read items (901F, D12x, 81xx).
  di_order read_di = di_order::high_first;
  /// DI order of write items (A0xx), which some vendors send differently.
  di_order write_di = di_order::high_first;
  /// Unit before or after each 4-byte value.
  unit_position units = unit_position::after_value;
  /// ST bit layout.
  st_layout st{};
  /// FE bytes to send before a request.
  std::size_t preamble = 4;
  /// 2004 or 2018.
  int version = 2004;

  /// The DI order for `di`: write order for A0xx items, read order otherwise.
  [[nodiscard]] constexpr di_order order_for(std::uint16_t di) const noexcept {
    return (di & 0xF000) == 0xA000 ? write_di : read_di;
  }
};

/// CJ/T 188-2004 as most implementations read it: DI high byte first, unit after value.
inline constexpr profile standard_2004{"cjt188-2004",
                                       di_order::high_first,
                                       di_order::high_first,
                                       unit_position::after_value,
                                       st_layout{},
                                       4,
                                       2004};
/// CJ/T 188-2018: DI low byte first (ng-gateway driver docs), unit after value.
inline constexpr profile standard_2018{"cjt188-2018",
                                       di_order::low_first,
                                       di_order::low_first,
                                       unit_position::after_value,
                                       st_layout{},
                                       4,
                                       2018};
/// The "SC" water meter (cnblogs yangykaifa/p/7010777): 1F 90 for reads, A0 17 for the valve.
inline constexpr profile sc_water{"sc-water",
                                  di_order::low_first,
                                  di_order::high_first,
                                  unit_position::after_value,
                                  st_layout{},
                                  4,
                                  2004};
/// The "JY" heat meter (cnblogs llguanli/p/8683992): 90 1F, unit before each value.
inline constexpr profile jy_heat{"jy-heat",
                                 di_order::high_first,
                                 di_order::high_first,
                                 unit_position::before_value,
                                 st_layout{},
                                 4,
                                 2004};

/// The built-in profile called `name`, or nullptr.
[[nodiscard]] constexpr const profile* find_profile(std::string_view name) noexcept {
  for (const profile* p : {&standard_2004, &standard_2018, &sc_water, &jy_heat}) {
    if (p->name == name) return p;
  }
  return nullptr;
}

/// Valve state from ST.
enum class valve_state : std::uint8_t { open, closed, abnormal, unknown };

/// ST decoded by a profile.
struct meter_status {
  valve_state valve = valve_state::unknown;
  bool battery_low = false;
  /// The two ST bytes as sent.
  std::uint8_t raw[2] = {0, 0};
};

/// Decodes ST (`first`, `second` as sent) by the profile's layout. Valve bits 00 open, 01 closed,
/// 11 abnormal; 10 is not defined and reads as unknown.
[[nodiscard]] constexpr meter_status decode_st(const profile& p, std::uint8_t first,
                                               std::uint8_t second) noexcept {
  meter_status s;
  s.raw[0] = first;
  s.raw[1] = second;
  const std::uint8_t b = p.st.byte_index == 0 ? first : second;
  switch ((b >> p.st.valve_shift) & 0x3) {
    case 0:
      s.valve = valve_state::open;
      break;
    case 1:
      s.valve = valve_state::closed;
      break;
    case 3:
      s.valve = valve_state::abnormal;
      break;
    default:
      s.valve = valve_state::unknown;
      break;
  }
  s.battery_low = ((b >> p.st.battery_bit) & 1) != 0;
  return s;
}

/// The DI as the profile puts it on the wire.
[[nodiscard]] constexpr std::array<std::uint8_t, 2> di_wire(const profile& p,
                                                            std::uint16_t di) noexcept {
  const auto hi = static_cast<std::uint8_t>(di >> 8);
  const auto lo = static_cast<std::uint8_t>(di & 0xFF);
  return p.order_for(di) == di_order::high_first ? std::array<std::uint8_t, 2>{hi, lo}
                                                 : std::array<std::uint8_t, 2>{lo, hi};
}

}  // namespace submeter::meters::cjt188
