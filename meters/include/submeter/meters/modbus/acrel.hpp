#pragma once
/// \file
/// Register maps of Acrel meters, as data (protocols.md 4.3; acrel-registers.json).
///
/// Partial tables transcribed from public manuals; confirm against the manual of the exact
/// firmware. Acrel conventions: 0-based PDU addresses printed in hex ("0000H"), FC03 read, 32-bit
/// values high word first, scale fixed per register; F1..F4 = sharp/peak/flat/valley.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/meters/clock_value.hpp"
#include "submeter/meters/modbus/register_map.hpp"

namespace submeter::meters::modbus::acrel {

namespace detail {
inline register_entry reg(std::string name, std::uint16_t address, register_type type,
                          std::string_view scale, std::string unit,
                          reading_role role = reading_role::none, bool transformer_scaled = false) {
  register_entry e;
  e.name = std::move(name);
  e.address = address;
  e.type = type;
  e.words = word_order::high_first;
  e.bytes = byte_order::big;
  e.scale = *scaled_value::parse(scale);
  e.unit = std::move(unit);
  e.role = role;
  e.transformer_scaled = transformer_scaled;
  return e;
}
}  // namespace detail

/// DDSY1352 single-phase prepaid meter: operation manual T1.0 (2021-06-25) section 8.1
/// (manualshive.com/en/manual/acrel/ddsy1352/2841079?page=15). 000EH and everything after 0010H
/// (frequency, remaining money, relay state) are not transcribed yet.
[[nodiscard]] inline register_map ddsy1352() {
  using detail::reg;
  return register_map{
      "acrel-ddsy1352",
      "Acrel DDSY1352/DTSY1352 operation manual T1.0 (2021-06-25) 8.1",
      3,
      {reg("total_active_energy", 0x0000, register_type::u32, "0.01", "kWh", reading_role::total),
       reg("sharp_active_energy", 0x0002, register_type::u32, "0.01", "kWh", reading_role::rate1),
       reg("peak_active_energy", 0x0004, register_type::u32, "0.01", "kWh", reading_role::rate2),
       reg("flat_active_energy", 0x0006, register_type::u32, "0.01", "kWh", reading_role::rate3),
       reg("valley_active_energy", 0x0008, register_type::u32, "0.01", "kWh", reading_role::rate4),
       reg("code", 0x000A, register_type::u16, "1", ""),
       reg("voltage", 0x000B, register_type::u16, "0.1", "V"),
       reg("current", 0x000C, register_type::u16, "0.01", "A"),
       reg("active_power", 0x000D, register_type::s16, "0.001", "kW"),
       reg("apparent_power", 0x000F, register_type::u16, "0.001", "kVA"),
       reg("power_factor", 0x0010, register_type::s16, "0.001", "")}};
}

/// DTSY1352 three-phase prepaid meter: the energy registers of the same manual (section 8.1);
/// its per-phase instantaneous registers are not transcribed yet.
[[nodiscard]] inline register_map dtsy1352() {
  using detail::reg;
  return register_map{
      "acrel-dtsy1352",
      "Acrel DDSY1352/DTSY1352 operation manual T1.0 (2021-06-25) 8.1 (energy registers)",
      3,
      {reg("total_active_energy", 0x0000, register_type::u32, "0.01", "kWh", reading_role::total),
       reg("sharp_active_energy", 0x0002, register_type::u32, "0.01", "kWh", reading_role::rate1),
       reg("peak_active_energy", 0x0004, register_type::u32, "0.01", "kWh", reading_role::rate2),
       reg("flat_active_energy", 0x0006, register_type::u32, "0.01", "kWh", reading_role::rate3),
       reg("valley_active_energy", 0x0008, register_type::u32, "0.01", "kWh",
           reading_role::rate4)}};
}

/// DTSD1352 / ADL3000-E three-phase meters: energy block 0000H..0014H (DTSD1352 manual V2.0 9.1;
/// ADL3000-E manual 9.1). Every energy register is secondary-side: E = data × PT × CT × 0.01.
/// The reading takes the forward active registers (000AH..0012H), the billing registers; the
/// combined ones are kept as extra entries.
[[nodiscard]] inline register_map dtsd1352() {
  using detail::reg;
  const auto e = [](std::string name, std::uint16_t a, reading_role role = reading_role::none) {
    return reg(std::move(name), a, register_type::u32, "0.01", "kWh", role, true);
  };
  return register_map{
      "acrel-dtsd1352",
      "Acrel DTSD1352 manual V2.0 9.1; ADL3000-E manual 9.1 (E = data x PT x CT x 0.01)",
      3,
      {e("combined_total_active_energy", 0x0000), e("combined_sharp_active_energy", 0x0002),
       e("combined_peak_active_energy", 0x0004), e("combined_flat_active_energy", 0x0006),
       e("combined_valley_active_energy", 0x0008),
       e("forward_total_active_energy", 0x000A, reading_role::total),
       e("forward_sharp_active_energy", 0x000C, reading_role::rate1),
       e("forward_peak_active_energy", 0x000E, reading_role::rate2),
       e("forward_flat_active_energy", 0x0010, reading_role::rate3),
       e("forward_valley_active_energy", 0x0012, reading_role::rate4),
       e("reverse_total_active_energy", 0x0014)}};
}

/// ADL3000-E: the same energy block as DTSD1352.
[[nodiscard]] inline register_map adl3000() {
  auto m = dtsd1352();
  m.model = "acrel-adl3000";
  return m;
}

/// ADW300 wireless meter (evcc-io/evcc templates/definition/meter/acrel-adw300.yaml): decimal
/// holding-register addresses; powers in W as int32.
[[nodiscard]] inline register_map adw300() {
  using detail::reg;
  return register_map{
      "acrel-adw300",
      "evcc-io/evcc templates/definition/meter/acrel-adw300.yaml (0316f24)",
      3,
      {reg("voltage_a", 20, register_type::u16, "0.1", "V"),
       reg("voltage_b", 21, register_type::u16, "0.1", "V"),
       reg("voltage_c", 22, register_type::u16, "0.1", "V"),
       reg("current_a", 26, register_type::u16, "0.01", "A"),
       reg("current_b", 27, register_type::u16, "0.01", "A"),
       reg("current_c", 28, register_type::u16, "0.01", "A"),
       reg("active_power_a", 30, register_type::s32, "1", "W"),
       reg("active_power_b", 32, register_type::s32, "1", "W"),
       reg("active_power_c", 34, register_type::s32, "1", "W"),
       reg("total_active_power", 36, register_type::s32, "1", "W"),
       reg("forward_active_energy", 62, register_type::s32, "0.01", "kWh", reading_role::total),
       reg("reverse_active_energy", 64, register_type::s32, "0.01", "kWh")}};
}

/// One DTSD1352 event record (6 registers from 3001H; manual V2.0 event example).
struct event_record {
  /// When it happened: YY MM DD hh mm ss as **binary** bytes, not BCD (protocols.md 4.3,
  /// pitfall 14). Check ok(): an empty record is all zeros.
  clock_value time;
  /// Event code (0x0100 = power on).
  std::uint16_t event = 0;
  /// Details and reserved words, as read.
  std::uint16_t details = 0;
  std::uint16_t reserved = 0;
};

/// Decodes an event record from its 6 registers. bad_length for another count.
[[nodiscard]] inline decode_result<event_record> decode_event_record(const std::uint16_t* regs,
                                                                     std::size_t count) {
  if (count != 6) return decode_result<event_record>::failure(decode_status::bad_length);
  const auto hi = [&](std::size_t i) { return static_cast<int>(regs[i] >> 8); };
  const auto lo = [&](std::size_t i) { return static_cast<int>(regs[i] & 0xFF); };
  event_record r;
  r.time =
      clock_value{clock_fields::date_time, 2000 + hi(0), lo(0), hi(1), lo(1), hi(2), lo(2), -1};
  r.event = regs[3];
  r.details = regs[4];
  r.reserved = regs[5];
  return decode_result<event_record>::success(r, count);
}

/// The names of the built-in maps, as find_map() knows them.
inline constexpr std::array<std::string_view, 5> map_names{
    "acrel-ddsy1352", "acrel-dtsy1352", "acrel-dtsd1352", "acrel-adl3000", "acrel-adw300"};

/// The built-in map called `model` ("acrel-ddsy1352", …), or nullopt.
[[nodiscard]] inline std::optional<register_map> find_map(std::string_view model) {
  if (model == "acrel-ddsy1352") return ddsy1352();
  if (model == "acrel-dtsy1352") return dtsy1352();
  if (model == "acrel-dtsd1352") return dtsd1352();
  if (model == "acrel-adl3000") return adl3000();
  if (model == "acrel-adw300") return adw300();
  return std::nullopt;
}

}  // namespace submeter::meters::modbus::acrel
