#pragma once
/// \file
/// Declarative Modbus register maps: a meter model's registers as data (address, type, word and
/// byte order, scale, unit, PT × CT), decoded from a block of registers to exact values and to a
/// meter_reading.
///
/// protocols.md 4.1/4.3: PDU addresses are 0-based (manuals may print 1-based 4xxxx numbers: a
/// map built from such a manual subtracts 1 when it is made, never at read time); scale factors
/// are fixed per register; the transformer ratios are per meter and multiply only the registers
/// the manual says hold secondary-side values (ADL3000-E: "E = data × PT × CT × 0.01").

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/result.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/meters/meter_reading.hpp"
#include "submeter/meters/modbus/register_value.hpp"
#include "submeter/meters/scaled_value.hpp"

namespace submeter::meters::modbus {

/// What an entry contributes to a meter_reading.
enum class reading_role : std::uint8_t {
  none,
  total,  ///< cumulative total active energy
  rate1,  ///< T1 (尖 sharp on Acrel meters)
  rate2,  ///< T2 (峰 peak)
  rate3,  ///< T3 (平 flat)
  rate4,  ///< T4 (谷 valley)
};

/// One register (or register pair) of a map.
struct register_entry {
  /// Stable key ("total_active_energy").
  std::string name;
  /// 0-based PDU address of the first register.
  std::uint16_t address = 0;
  register_type type = register_type::u16;
  word_order words = word_order::high_first;
  byte_order bytes = byte_order::big;
  /// The value is raw × scale ("0.01" → scale {1, 2}).
  scaled_value scale{1, 0};
  /// Unit of the scaled value ("kWh", "V"), empty for a pure number.
  std::string unit;
  /// True when the register holds a secondary-side value that PT × CT turns into a primary one.
  bool transformer_scaled = false;
  /// Places a float32 is rounded to before scaling (ignored for integers).
  int float_decimals = 4;
  /// What the entry is in a meter_reading.
  reading_role role = reading_role::none;

  /// The registers the entry spans: [address, address + register_count(type)).
  [[nodiscard]] std::uint32_t end() const noexcept {
    return std::uint32_t{address} + static_cast<std::uint32_t>(register_count(type));
  }
};

/// A meter model's map.
struct register_map {
  /// Model name ("acrel-ddsy1352").
  std::string model;
  /// Where the table comes from (manual, section, URL).
  std::string source;
  /// Function code to read with: 3 (holding registers) or 4 (input registers).
  std::uint8_t function = 3;
  std::vector<register_entry> registers;

  /// The entry called `name`, or nullptr.
  [[nodiscard]] const register_entry* find(std::string_view name) const noexcept {
    for (const auto& e : registers) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }
};

/// Checks a map (a validating step for maps loaded as data): refuses (submeter::error) an empty
/// or duplicate name, overlapping registers, a zero scale, a second entry with the same reading
/// role, a float32 place count outside 0..18, and a function code other than 3 or 4.
inline void validate(const register_map& map) {
  if (map.function != 3 && map.function != 4) {
    throw error(errc::invalid_argument, "a register map reads with function 3 or 4",
                {{"model", map.model}, {"function", std::to_string(map.function)}});
  }
  for (std::size_t i = 0; i < map.registers.size(); ++i) {
    const auto& a = map.registers[i];
    if (a.name.empty())
      throw error(errc::invalid_argument, "a register without a name", {{"model", map.model}});
    if (a.scale.mantissa == 0) {
      throw error(errc::invalid_argument, "a register with a zero scale",
                  {{"model", map.model}, {"register", a.name}});
    }
    if (a.float_decimals < 0 || a.float_decimals > max_value_scale) {
      throw error(errc::invalid_argument, "float places outside 0..18",
                  {{"model", map.model}, {"register", a.name}});
    }
    if (a.end() > 0x10000u) {
      throw error(errc::invalid_argument, "a register beyond address 65535",
                  {{"model", map.model}, {"register", a.name}});
    }
    for (std::size_t j = 0; j < i; ++j) {
      const auto& b = map.registers[j];
      if (a.name == b.name)
        throw error(errc::duplicate, "a register name given twice",
                    {{"model", map.model}, {"register", a.name}});
      if (a.address < b.end() && b.address < a.end()) {
        throw error(errc::inconsistent, "registers overlap",
                    {{"model", map.model}, {"register", a.name}, {"other", b.name}});
      }
      if (a.role != reading_role::none && a.role == b.role) {
        throw error(errc::duplicate, "two registers with the same reading role",
                    {{"model", map.model}, {"register", a.name}, {"other", b.name}});
      }
    }
  }
}

/// One contiguous read: FC `function`, `count` registers from `start`.
struct read_span {
  std::uint16_t start = 0;
  std::uint16_t count = 0;
};

/// The reads that cover every entry of `map`: entries sorted by address, merged while the gap
/// between them is at most `max_gap` registers and the span stays within `max_count` (125, the
/// Modbus limit; libmodbus refuses more before sending).
[[nodiscard]] inline std::vector<read_span> plan_reads(const register_map& map,
                                                       std::uint16_t max_gap = 8,
                                                       std::uint16_t max_count = 125) {
  std::vector<const register_entry*> sorted;
  for (const auto& e : map.registers) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->address < b->address; });
  std::vector<read_span> out;
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  bool open = false;
  for (const auto* e : sorted) {
    if (open && e->address <= end + max_gap && e->end() - start <= max_count) {
      end = std::max(end, e->end());
      continue;
    }
    if (open)
      out.push_back({static_cast<std::uint16_t>(start), static_cast<std::uint16_t>(end - start)});
    start = e->address;
    end = e->end();
    open = true;
  }
  if (open)
    out.push_back({static_cast<std::uint16_t>(start), static_cast<std::uint16_t>(end - start)});
  return out;
}

/// The value of `e` from a block of registers read from `first` (0-based PDU address).
/// need_more when the block does not cover the entry (read more); bad_value for a float NaN/inf
/// or a value beyond int64 after scaling.
[[nodiscard]] inline decode_result<scaled_value> decode_entry(const register_entry& e,
                                                              std::uint16_t first,
                                                              const std::uint16_t* regs,
                                                              std::size_t count) {
  using result = decode_result<scaled_value>;
  if (e.address < first || e.end() > std::uint32_t{first} + count)
    return result::failure(decode_status::need_more);
  const std::size_t n = register_count(e.type);
  const std::uint32_t bits = assemble(regs + (e.address - first), n, e.words, e.bytes);
  scaled_value raw;
  if (e.type == register_type::float32) {
    auto f = float_to_decimal(bits, e.float_decimals, rounding::half_even);
    if (!f) return result::failure(f.status);
    raw = *f.value;
  } else {
    raw = scaled_value{integer_value(bits, e.type), 0};
  }
  const auto v = multiply_exact(raw, e.scale);
  if (!v) return result::failure(decode_status::bad_value);
  return result::success(*v, n);
}

/// An entry's decoded value.
struct decoded_register {
  const register_entry* entry = nullptr;
  scaled_value value;
};

/// Every entry of `map` the block covers, in map order. Entries outside the block are skipped; a
/// bad value (float NaN) fails the whole block with its status.
[[nodiscard]] inline decode_result<std::vector<decoded_register>> decode_block(
    const register_map& map, std::uint16_t first, const std::uint16_t* regs, std::size_t count) {
  using result = decode_result<std::vector<decoded_register>>;
  std::vector<decoded_register> out;
  for (const auto& e : map.registers) {
    const auto v = decode_entry(e, first, regs, count);
    if (v.status == decode_status::need_more) continue;
    if (!v) return result::failure(v.status);
    out.push_back({&e, *v.value});
  }
  return result::success(std::move(out), count);
}

/// The meter_reading in a block: the entries with a reading role, as energy (exact at 1e-4; a
/// value with more places is bad_value), with multiplier PT × CT when the total is
/// transformer-scaled (else 1). need_more when the block lacks the total register.
[[nodiscard]] inline decode_result<meter_reading> decode_reading(
    const register_map& map, std::uint16_t first, const std::uint16_t* regs, std::size_t count,
    ratio pt_times_ct = ratio::from_integer(1)) {
  using result = decode_result<meter_reading>;
  meter_reading m;
  bool have_total = false;
  for (const auto& e : map.registers) {
    if (e.role == reading_role::none) continue;
    const auto v = decode_entry(e, first, regs, count);
    if (v.status == decode_status::need_more) continue;
    if (!v) return result::failure(v.status);
    const auto en = v.value->to_exact<energy>();
    if (!en) return result::failure(decode_status::bad_value);
    if (e.role == reading_role::total) {
      m.total = en;
      have_total = true;
      if (e.transformer_scaled) m.multiplier = pt_times_ct;
    } else {
      m.rates[static_cast<std::size_t>(static_cast<int>(e.role) -
                                       static_cast<int>(reading_role::rate1))] = en;
    }
  }
  if (!have_total) return result::failure(decode_status::need_more);
  return result::success(m, count);
}

/// The primary-side value of a decoded entry: value × PT × CT when the entry is
/// transformer-scaled, else the value. Exact; nullopt on overflow.
[[nodiscard]] inline std::optional<scaled_value> primary_value(const register_entry& e,
                                                               const scaled_value& v,
                                                               const ratio& pt_times_ct) {
  if (!e.transformer_scaled) return v;
  // a ratio has 9 places; drop the trailing zeros first so that the scale stays small
  std::int64_t m = pt_times_ct.mantissa();
  int s = ratio::scale;
  while (s > 0 && m % 10 == 0) {
    m /= 10;
    --s;
  }
  return multiply_exact(v, scaled_value{m, s});
}

}  // namespace submeter::meters::modbus
