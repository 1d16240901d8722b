#pragma once
/// \file
/// The slave-address rule of the Acrel ADF400L multi-user meter, computed, not stored.
///
/// protocols.md 4.3 (reseller page quoting the ADF400L manual): each meter number N occupies 36
/// consecutive slave addresses starting at 36 × (N − 1) + 1; within it, users are laid out CT
/// users first, then three-phase direct users, then single-phase users; a CT or three-phase user
/// takes 3 addresses, a single-phase user 1. Meter 1 with 4 CT + 4 three-phase + 12 single-phase
/// users: CT 1, 4, 7, 10; three-phase 13, 16, 19, 22; single-phase 25..36; meter 2 starts at 37.

#include <cstdint>
#include <optional>

namespace submeter::meters::modbus::adf400l {

/// How a user is connected.
enum class user_kind : std::uint8_t { ct, three_phase, single_phase };

/// Slave addresses per meter number.
inline constexpr int addresses_per_meter = 36;

/// The users configured on one meter number.
struct layout {
  int ct_users = 0;
  int three_phase_users = 0;
  int single_phase_users = 0;

  /// True when the users fit into 36 addresses (and no count is negative).
  [[nodiscard]] constexpr bool ok() const noexcept {
    return ct_users >= 0 && three_phase_users >= 0 && single_phase_users >= 0 &&
           3 * (ct_users + three_phase_users) + single_phase_users <= addresses_per_meter;
  }
};

/// The slave address of user `index` (1-based, within its kind) on meter number `meter_number`
/// (1-based). nullopt for a bad layout, an index outside the kind's count, or an address above
/// 247 (the largest Modbus unicast address).
[[nodiscard]] constexpr std::optional<std::uint8_t> slave_id(int meter_number, const layout& l,
                                                             user_kind kind, int index) noexcept {
  if (!l.ok() || meter_number < 1 || index < 1) return std::nullopt;
  int offset = 0;
  switch (kind) {
    case user_kind::ct:
      if (index > l.ct_users) return std::nullopt;
      offset = 3 * (index - 1);
      break;
    case user_kind::three_phase:
      if (index > l.three_phase_users) return std::nullopt;
      offset = 3 * l.ct_users + 3 * (index - 1);
      break;
    case user_kind::single_phase:
      if (index > l.single_phase_users) return std::nullopt;
      offset = 3 * (l.ct_users + l.three_phase_users) + (index - 1);
      break;
  }
  const long id = static_cast<long>(addresses_per_meter) * (meter_number - 1) + 1 + offset;
  if (id > 247) return std::nullopt;
  return static_cast<std::uint8_t>(id);
}

}  // namespace submeter::meters::modbus::adf400l
