#pragma once
/// \file
/// The DL/T 645 data identifier (DI) catalogue, as data: which DIs exist, what they are called,
/// their wire format and unit, and which ones are blocks.
///
/// DL/T 645-2007 Appendix A / protocols.md 2.3 (energy tree DI3 = 00: DI2 quantity, DI1 tariff
/// 00 total / 01..3F rate / FF block, DI0 period 00 current / 01..0C previous settlement / FF
/// block), the cost-control supplement (remaining money, overdraft, alarm limits, price;
/// protocols.md 2.3 and acrel-registers.json `dlt645_prepaid_di`; rate prices, ladders and their
/// switch-over times: price_items.hpp) and DL/T 645-1997's 2-byte DIs
/// (protocols.md 2.5). A family entry (shape other than `exact`) stands for every DI its shape
/// admits, so the table stays small and complete; adding an item is adding a row.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "submeter/meters/bcd.hpp"

namespace submeter::meters::dlt645 {

/// How an item's bytes are written (after −0x33; every multi-byte item is low byte first).
enum class item_kind : std::uint8_t {
  number,          ///< BCD number with `decimals` places (XXXXXX.XX), maybe with a sign bit
  digits,          ///< BCD digit string (addresses, meter numbers, MMDDNN table rows)
  ascii,           ///< ASCII text, reversed on the wire, NUL padding dropped
  status_word,     ///< bit field, shown as hex (meter status words, weekend character)
  date_ww,         ///< YYMMDDWW (WW: 0 = Sunday)
  time_hms,        ///< hhmmss
  date_time_min,   ///< YYMMDDhhmm
  month_day_time,  ///< MMDDhhmm (1997 demand time)
};

/// The format of one field of an item.
struct item_format {
  item_kind kind = item_kind::number;
  /// Bytes on the wire.
  std::uint8_t size = 0;
  /// Decimal places (numbers only).
  std::uint8_t decimals = 0;
  /// Whether the top bit of the most significant byte is a sign (numbers only).
  bcd_sign sign = bcd_sign::unsigned_value;
};

/// Which DIs a catalogue row stands for.
enum class di_shape : std::uint8_t {
  exact,        ///< exactly `pattern`
  energy,       ///< DI3 DI2 fixed; DI1 tariff 00..3F or FF (block); DI0 period 00..0C or FF (block)
  phase,        ///< DI3 DI2 fixed; DI1 phase 01..03 or FF (block of A, B, C); DI0 00
  total_phase,  ///< DI3 DI2 fixed; DI1 00 total, 01..03 phase A..C, or FF (block); DI0 00
  index_1_8,    ///< DI3 DI2 DI1 fixed; DI0 01..08 (daily period tables)
  index_1_3,    ///< DI3 DI2 DI1 fixed; DI0 01..03 (settlement days)
  index_1_7,    ///< DI3 DI2 DI1 fixed; DI0 01..07 (status words, ladder prices)
  index_1_6,    ///< DI3 DI2 DI1 fixed; DI0 01..06 (ladder bounds)
  index_1_63,   ///< DI3 DI2 DI1 fixed; DI0 01..3F (rate prices of tariffs 1..63)
  holiday,      ///< DI3 DI2 fixed; DI1 DI0 0001..00FE (public holiday n)
  table,        ///< exactly `pattern`, a table of up to `max_elements` rows (TOU tables)
};

/// One row of the catalogue.
struct di_entry {
  /// The DI (for a family: its fixed bytes, the free bytes 0).
  std::uint32_t pattern = 0;
  di_shape shape = di_shape::exact;
  /// What the item is ("forward active energy").
  std::string_view name;
  /// Unit of the numbers ("kWh"), empty when none.
  std::string_view unit;
  /// The fields of one element (a demand element is value + time).
  std::array<item_format, 2> fields{};
  std::uint8_t field_count = 1;
  /// For shape `table`: the largest number of rows (14 for TOU tables).
  std::uint8_t max_elements = 1;

  /// Bytes of one element.
  [[nodiscard]] constexpr std::size_t element_size() const noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < field_count; ++i) n += fields[i].size;
    return n;
  }
};

/// DI3 (most significant byte) .. DI0.
[[nodiscard]] constexpr std::uint8_t di_byte(std::uint32_t di, int n) noexcept {
  return static_cast<std::uint8_t>((di >> (8 * n)) & 0xFFu);
}

/// True when `di` is one of the DIs `e` stands for.
[[nodiscard]] constexpr bool matches(const di_entry& e, std::uint32_t di) noexcept {
  const auto d1 = di_byte(di, 1);
  const auto d0 = di_byte(di, 0);
  switch (e.shape) {
    case di_shape::exact:
    case di_shape::table:
      return di == e.pattern;
    case di_shape::energy:
      return (di & 0xFFFF0000u) == e.pattern && (d1 <= 0x3F || d1 == 0xFF) &&
             (d0 <= 0x0C || d0 == 0xFF) && !(d1 == 0xFF && d0 == 0xFF);
    case di_shape::phase:
      return (di & 0xFFFF00FFu) == e.pattern && ((d1 >= 1 && d1 <= 3) || d1 == 0xFF);
    case di_shape::total_phase:
      return (di & 0xFFFF00FFu) == e.pattern && (d1 <= 3 || d1 == 0xFF);
    case di_shape::index_1_8:
      return (di & 0xFFFFFF00u) == e.pattern && d0 >= 1 && d0 <= 8;
    case di_shape::index_1_3:
      return (di & 0xFFFFFF00u) == e.pattern && d0 >= 1 && d0 <= 3;
    case di_shape::index_1_7:
      return (di & 0xFFFFFF00u) == e.pattern && d0 >= 1 && d0 <= 7;
    case di_shape::index_1_6:
      return (di & 0xFFFFFF00u) == e.pattern && d0 >= 1 && d0 <= 6;
    case di_shape::index_1_63:
      return (di & 0xFFFFFF00u) == e.pattern && d0 >= 1 && d0 <= 0x3F;
    case di_shape::holiday: {
      const auto n = di & 0xFFFFu;
      return (di & 0xFFFF0000u) == e.pattern && n >= 1 && n <= 0xFE;
    }
  }
  return false;
}

namespace detail {

/// The DI bytes a row of shape `s` fixes (its `pattern` holds them; the others are free).
/// `matches` compares them first for every shape, so a lookup can skip a row on them alone.
[[nodiscard]] constexpr std::uint32_t fixed_di_mask(di_shape s) noexcept {
  switch (s) {
    case di_shape::exact:
    case di_shape::table:
      return 0xFFFFFFFFu;
    case di_shape::energy:
    case di_shape::holiday:
      return 0xFFFF0000u;
    case di_shape::phase:
    case di_shape::total_phase:
      return 0xFFFF00FFu;
    case di_shape::index_1_8:
    case di_shape::index_1_3:
    case di_shape::index_1_7:
    case di_shape::index_1_6:
    case di_shape::index_1_63:
      return 0xFFFFFF00u;
  }
  return 0xFFFFFFFFu;
}

}  // namespace detail

/// True when `di` under `e` is a block (several elements: FF in a block position, or a table).
[[nodiscard]] constexpr bool is_block(const di_entry& e, std::uint32_t di) noexcept {
  switch (e.shape) {
    case di_shape::energy:
      return di_byte(di, 1) == 0xFF || di_byte(di, 0) == 0xFF;
    case di_shape::phase:
    case di_shape::total_phase:
      return di_byte(di, 1) == 0xFF;
    case di_shape::table:
    case di_shape::index_1_8:
      return true;
    default:
      return false;
  }
}

namespace detail {
constexpr item_format num(std::uint8_t size, std::uint8_t decimals) noexcept {
  return {item_kind::number, size, decimals, bcd_sign::unsigned_value};
}
constexpr item_format snum(std::uint8_t size, std::uint8_t decimals) noexcept {
  return {item_kind::number, size, decimals, bcd_sign::sign_bit};
}
constexpr item_format fmt(item_kind k, std::uint8_t size) noexcept {
  return {k, size, 0, bcd_sign::unsigned_value};
}
constexpr di_entry row(std::uint32_t p, di_shape s, std::string_view name, std::string_view unit,
                       item_format f) noexcept {
  return {p, s, name, unit, {f, item_format{}}, 1, 1};
}
constexpr di_entry row2(std::uint32_t p, di_shape s, std::string_view name, std::string_view unit,
                        item_format f, item_format g) noexcept {
  return {p, s, name, unit, {f, g}, 2, 1};
}
constexpr di_entry table(std::uint32_t p, std::string_view name, item_format f,
                         std::uint8_t rows) noexcept {
  return {p, di_shape::table, name, "", {f, item_format{}}, 1, rows};
}
}  // namespace detail

/// The DL/T 645-2007 catalogue (exact rows first: a lookup takes the first match).
inline constexpr di_entry catalogue_2007[] = {
    // cost-control supplement (DI3 = 00 but outside the energy tree)
    detail::row(0x00900100, di_shape::exact, "remaining energy", "kWh", detail::num(4, 2)),
    detail::row(0x00900101, di_shape::exact, "overdraft energy", "kWh", detail::num(4, 2)),
    detail::row(0x00900200, di_shape::exact, "remaining money", "yuan", detail::num(4, 2)),
    detail::row(0x00900201, di_shape::exact, "overdraft money", "yuan", detail::num(4, 2)),
    detail::row(0x03320201, di_shape::exact, "last purchase: total purchase count (energy records)",
                "", detail::num(2, 0)),
    detail::row(0x03330201, di_shape::exact, "last purchase: total purchase count (money records)",
                "", detail::num(2, 0)),
    detail::row(0x03320601, di_shape::exact, "cumulative purchased energy after last purchase",
                "kWh", detail::num(4, 2)),
    detail::row(0x03330601, di_shape::exact, "cumulative purchase money after last purchase",
                "yuan", detail::num(4, 2)),
    detail::row(0x04000F01, di_shape::exact, "alarm energy limit 1", "kWh", detail::num(4, 2)),
    detail::row(0x04000F04, di_shape::exact, "overdraft energy limit", "kWh", detail::num(4, 2)),
    detail::row(0x04001001, di_shape::exact, "alarm money limit 1", "yuan", detail::num(4, 2)),
    detail::row(0x04001002, di_shape::exact, "alarm money limit 2", "yuan", detail::num(4, 2)),
    // energy (DI3 = 00), XXXXXX.XX
    detail::row(0x00000000, di_shape::energy, "combined active energy", "kWh", detail::snum(4, 2)),
    detail::row(0x00010000, di_shape::energy, "forward active energy", "kWh", detail::num(4, 2)),
    detail::row(0x00020000, di_shape::energy, "reverse active energy", "kWh", detail::num(4, 2)),
    detail::row(0x00030000, di_shape::energy, "combined reactive energy 1", "kvarh",
                detail::snum(4, 2)),
    detail::row(0x00040000, di_shape::energy, "combined reactive energy 2", "kvarh",
                detail::snum(4, 2)),
    detail::row(0x00050000, di_shape::energy, "quadrant I reactive energy", "kvarh",
                detail::num(4, 2)),
    detail::row(0x00060000, di_shape::energy, "quadrant II reactive energy", "kvarh",
                detail::num(4, 2)),
    detail::row(0x00070000, di_shape::energy, "quadrant III reactive energy", "kvarh",
                detail::num(4, 2)),
    detail::row(0x00080000, di_shape::energy, "quadrant IV reactive energy", "kvarh",
                detail::num(4, 2)),
    detail::row(0x00090000, di_shape::energy, "forward apparent energy", "kVAh", detail::num(4, 2)),
    detail::row(0x000A0000, di_shape::energy, "reverse apparent energy", "kVAh", detail::num(4, 2)),
    // maximum demand and its time (DI3 = 01), XX.XXXX + YYMMDDhhmm
    detail::row2(0x01010000, di_shape::energy, "forward active maximum demand", "kW",
                 detail::num(3, 4), detail::fmt(item_kind::date_time_min, 5)),
    detail::row2(0x01020000, di_shape::energy, "reverse active maximum demand", "kW",
                 detail::num(3, 4), detail::fmt(item_kind::date_time_min, 5)),
    detail::row2(0x01030000, di_shape::energy, "combined reactive 1 maximum demand", "kvar",
                 detail::snum(3, 4), detail::fmt(item_kind::date_time_min, 5)),
    detail::row2(0x01040000, di_shape::energy, "combined reactive 2 maximum demand", "kvar",
                 detail::snum(3, 4), detail::fmt(item_kind::date_time_min, 5)),
    detail::row2(0x01090000, di_shape::energy, "forward apparent maximum demand", "kVA",
                 detail::num(3, 4), detail::fmt(item_kind::date_time_min, 5)),
    detail::row2(0x010A0000, di_shape::energy, "reverse apparent maximum demand", "kVA",
                 detail::num(3, 4), detail::fmt(item_kind::date_time_min, 5)),
    // instantaneous variables (DI3 = 02)
    detail::row(0x02010000, di_shape::phase, "phase voltage", "V", detail::num(2, 1)),
    detail::row(0x02020000, di_shape::phase, "phase current", "A", detail::snum(3, 3)),
    detail::row(0x02030000, di_shape::total_phase, "active power", "kW", detail::snum(3, 4)),
    detail::row(0x02040000, di_shape::total_phase, "reactive power", "kvar", detail::snum(3, 4)),
    detail::row(0x02050000, di_shape::total_phase, "apparent power", "kVA", detail::snum(3, 4)),
    detail::row(0x02060000, di_shape::total_phase, "power factor", "", detail::snum(2, 3)),
    detail::row(0x02800001, di_shape::exact, "neutral current", "A", detail::snum(3, 3)),
    detail::row(0x02800002, di_shape::exact, "grid frequency", "Hz", detail::num(2, 2)),
    detail::row(0x02800020, di_shape::exact, "current price", "yuan/kWh", detail::num(4, 4)),
    // parameters (DI3 = 04)
    detail::row(0x04000101, di_shape::exact, "date", "", detail::fmt(item_kind::date_ww, 4)),
    detail::row(0x04000102, di_shape::exact, "time", "", detail::fmt(item_kind::time_hms, 3)),
    detail::row(0x04000103, di_shape::exact, "maximum demand period", "min", detail::num(1, 0)),
    detail::row(0x04000104, di_shape::exact, "demand slip time", "min", detail::num(1, 0)),
    detail::row(0x04000106, di_shape::exact, "switch-over time of the year time-zone tables", "",
                detail::fmt(item_kind::date_time_min, 5)),
    detail::row(0x04000107, di_shape::exact, "switch-over time of the daily period tables", "",
                detail::fmt(item_kind::date_time_min, 5)),
    detail::row(0x04000108, di_shape::exact, "switch-over time of the two sets of rate prices", "",
                detail::fmt(item_kind::date_time_min, 5)),
    detail::row(0x04000109, di_shape::exact, "switch-over time of the two ladders", "",
                detail::fmt(item_kind::date_time_min, 5)),
    detail::row(0x04000201, di_shape::exact, "number of year time zones", "", detail::num(1, 0)),
    detail::row(0x04000202, di_shape::exact, "number of daily period tables", "",
                detail::num(1, 0)),
    detail::row(0x04000203, di_shape::exact, "number of daily periods", "", detail::num(1, 0)),
    detail::row(0x04000204, di_shape::exact, "number of tariffs", "", detail::num(1, 0)),
    detail::row(0x04000205, di_shape::exact, "number of public holidays", "", detail::num(2, 0)),
    detail::row(0x04000401, di_shape::exact, "communication address", "",
                detail::fmt(item_kind::digits, 6)),
    detail::row(0x04000402, di_shape::exact, "meter number", "", detail::fmt(item_kind::digits, 6)),
    detail::row(0x04000404, di_shape::exact, "rated voltage", "", detail::fmt(item_kind::ascii, 6)),
    detail::row(0x04000405, di_shape::exact, "rated current", "", detail::fmt(item_kind::ascii, 6)),
    detail::row(0x04000406, di_shape::exact, "maximum current", "",
                detail::fmt(item_kind::ascii, 6)),
    detail::row(0x04000407, di_shape::exact, "active accuracy class", "",
                detail::fmt(item_kind::ascii, 4)),
    detail::row(0x04000409, di_shape::exact, "active pulse constant", "imp/kWh", detail::num(3, 0)),
    detail::row(0x04000500, di_shape::index_1_7, "meter status word", "",
                detail::fmt(item_kind::status_word, 2)),
    detail::row(0x04000801, di_shape::exact, "weekend character", "",
                detail::fmt(item_kind::status_word, 1)),
    detail::row(0x04000802, di_shape::exact, "daily table used on weekends", "", detail::num(1, 0)),
    detail::row(0x04000B00, di_shape::index_1_3, "settlement day (DDhh)", "",
                detail::fmt(item_kind::digits, 2)),
    detail::table(0x04010000, "first set: year time-zone table (MMDDNN rows)",
                  detail::fmt(item_kind::digits, 3), 14),
    {0x04010000,
     di_shape::index_1_8,
     "first set: daily period table (hhmmNN rows)",
     "",
     {detail::fmt(item_kind::digits, 3), item_format{}},
     1,
     14},
    detail::table(0x04020000, "second set: year time-zone table (MMDDNN rows)",
                  detail::fmt(item_kind::digits, 3), 14),
    {0x04020000,
     di_shape::index_1_8,
     "second set: daily period table (hhmmNN rows)",
     "",
     {detail::fmt(item_kind::digits, 3), item_format{}},
     1,
     14},
    detail::row(0x04030000, di_shape::holiday, "public holiday (YYMMDDNN)", "",
                detail::fmt(item_kind::digits, 4)),
    // cost-control supplement: rate prices and ladders of the two sets (price_items.hpp)
    detail::row(0x04050100, di_shape::index_1_63, "first set: rate price", "yuan/kWh",
                detail::num(4, 4)),
    detail::row(0x04050200, di_shape::index_1_63, "second set: rate price", "yuan/kWh",
                detail::num(4, 4)),
    detail::row(0x04060000, di_shape::index_1_6, "first set: ladder bound", "kWh",
                detail::num(4, 2)),
    detail::row(0x04060100, di_shape::index_1_7, "first set: ladder price", "yuan/kWh",
                detail::num(4, 4)),
    detail::row(0x04060200, di_shape::index_1_6, "second set: ladder bound", "kWh",
                detail::num(4, 2)),
    detail::row(0x04060300, di_shape::index_1_7, "second set: ladder price", "yuan/kWh",
                detail::num(4, 4)),
};

/// The DL/T 645-1997 catalogue (2-byte DIs, protocols.md 2.5).
inline constexpr di_entry catalogue_1997[] = {
    {0x901F,
     di_shape::table,
     "forward active energy block: total, T1..T4",
     "kWh",
     {detail::num(4, 2), item_format{}},
     1,
     5},
    detail::row(0x9010, di_shape::exact, "forward active total energy", "kWh", detail::num(4, 2)),
    detail::row(0x9011, di_shape::exact, "forward active energy, tariff 1", "kWh",
                detail::num(4, 2)),
    detail::row(0x9012, di_shape::exact, "forward active energy, tariff 2", "kWh",
                detail::num(4, 2)),
    detail::row(0x9013, di_shape::exact, "forward active energy, tariff 3", "kWh",
                detail::num(4, 2)),
    detail::row(0x9014, di_shape::exact, "forward active energy, tariff 4", "kWh",
                detail::num(4, 2)),
    detail::row(0xA010, di_shape::exact, "forward active maximum demand", "kW", detail::num(3, 4)),
    detail::row(0xB010, di_shape::exact, "forward active maximum demand time", "",
                detail::fmt(item_kind::month_day_time, 4)),
    detail::row(0xB611, di_shape::exact, "phase A voltage", "V", detail::num(2, 0)),
    detail::row(0xB612, di_shape::exact, "phase B voltage", "V", detail::num(2, 0)),
    detail::row(0xB613, di_shape::exact, "phase C voltage", "V", detail::num(2, 0)),
    detail::row(0xB621, di_shape::exact, "phase A current", "A", detail::num(2, 2)),
    detail::row(0xB622, di_shape::exact, "phase B current", "A", detail::num(2, 2)),
    detail::row(0xB623, di_shape::exact, "phase C current", "A", detail::num(2, 2)),
    detail::row(0xB630, di_shape::exact, "active power", "kW", detail::snum(3, 4)),
    detail::row(0xC010, di_shape::exact, "date", "", detail::fmt(item_kind::date_ww, 4)),
    detail::row(0xC011, di_shape::exact, "time", "", detail::fmt(item_kind::time_hms, 3)),
};

/// Which edition of DL/T 645 a DI belongs to.
enum class edition : std::uint8_t {
  v2007,  ///< 4-byte DI
  v1997,  ///< 2-byte DI
};

/// The catalogue row for `di`, or nullptr when the catalogue does not know it.
[[nodiscard]] constexpr const di_entry* find_di(std::uint32_t di,
                                                edition ed = edition::v2007) noexcept {
  // The fixed bytes first (a table lookup and a compare a row), the shape's rule only for a row
  // whose fixed bytes agree: the same first match as `matches` alone, without a branch on the
  // shape for every row before it.
  if (ed == edition::v2007) {
    for (const auto& e : catalogue_2007) {
      if ((di & detail::fixed_di_mask(e.shape)) == e.pattern && matches(e, di)) return &e;
    }
  } else {
    for (const auto& e : catalogue_1997) {
      if ((di & detail::fixed_di_mask(e.shape)) == e.pattern && matches(e, di)) return &e;
    }
  }
  return nullptr;
}

/// A DI as text, DI3..DI0 ("00010000"; 1997: "9010").
[[nodiscard]] inline std::string di_to_string(std::uint32_t di, edition ed = edition::v2007) {
  constexpr std::string_view digits = "0123456789ABCDEF";
  const int nibbles = ed == edition::v2007 ? 8 : 4;
  std::string s;
  for (int i = nibbles - 1; i >= 0; --i) s += digits[(di >> (4 * i)) & 0xFu];
  return s;
}

/// Parses "00010000" (8 hex digits; 4 for 1997) into a DI; nullopt otherwise.
[[nodiscard]] inline std::optional<std::uint32_t> parse_di(std::string_view text,
                                                           edition ed = edition::v2007) {
  const std::size_t want = ed == edition::v2007 ? 8 : 4;
  if (text.size() != want) return std::nullopt;
  std::uint32_t di = 0;
  for (const char c : text) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (d < 0) return std::nullopt;
    di = di << 4 | static_cast<std::uint32_t>(d);
  }
  return di;
}

/// For an energy-tree DI: the tariff (DI1: 0 total, 1..63 rate, 0xFF block).
[[nodiscard]] constexpr int tariff_of(std::uint32_t di) noexcept { return di_byte(di, 1); }
/// For an energy-tree DI: the period (DI0: 0 current, 1..12 n-th previous settlement, 0xFF block).
[[nodiscard]] constexpr int settlement_of(std::uint32_t di) noexcept { return di_byte(di, 0); }

}  // namespace submeter::meters::dlt645
