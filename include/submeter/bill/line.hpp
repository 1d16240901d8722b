#pragma once
/// \file
/// bill::line: one charged line of a bill, with its exact amount, its rounded amount, the
/// rounding rule applied and an explanation a tenant can read.
///
/// NUM-2 (rules.md): each line (quantity × price) is computed exactly and, by default, rounded
/// half-up to 0.01 yuan; a bill total is the sum of its rounded lines. "Round the total only" is
/// offered for cross-checks. This header depends on the core and bill::component only, so tariffs
/// can produce lines.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "submeter/bill/component.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/core/time.hpp"

namespace submeter::detail {

/// Writes the text of mantissa × 10^-scale as decimal::to_string(min_places) writes it (trailing
/// zeros trimmed down to min_places, clamped to 0..scale), with thousands separators in the
/// integer part when `grouped` (what group_thousands inserts), into the buffer ending at `end`:
/// returns where the text begins. The buffer must hold 48 characters (an int64 with 6
/// separators, a point, a sign and up to 18 places).
[[nodiscard]] inline char* decimal_text(char* end, std::int64_t mantissa, int scale, int min_places,
                                        bool grouped) noexcept {
  // Two digits a step ("00".."99" from a table): half the dependent divisions of a digit a step.
  static constexpr char pairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445"
      "46474849505152535455565758596061626364656667686970717273747576777879808182838485868788899091"
      "9293949596979899";
  const auto put_two = [](char* at, std::uint64_t v) noexcept {
    at -= 2;
    std::memcpy(at, pairs + 2 * v, 2);
    return at;
  };
  const bool negative = mantissa < 0;
  std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(mantissa)
                                     : static_cast<std::uint64_t>(mantissa);
  char* p = end;
  const int keep = min_places < 0 ? 0 : (min_places > scale ? scale : min_places);
  int places = scale;
  // Trailing zeros trimmed in steps of 8, 4, 2 and 1 (an amount to 1e-10 rounded to the fen has
  // eight): the removed count is min(trailing zeros, places - keep) in binary, as one at a time.
  while (places - keep >= 8 && magnitude % 100000000 == 0) {
    magnitude /= 100000000;
    places -= 8;
  }
  if (places - keep >= 4 && magnitude % 10000 == 0) {
    magnitude /= 10000;
    places -= 4;
  }
  if (places - keep >= 2 && magnitude % 100 == 0) {
    magnitude /= 100;
    places -= 2;
  }
  if (places > keep && magnitude % 10 == 0) {
    magnitude /= 10;
    --places;
  }
  int left = places;
  for (; left >= 2; left -= 2) {
    p = put_two(p, magnitude % 100);
    magnitude /= 100;
  }
  if (left == 1) {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  }
  if (places > 0) *--p = '.';
  if (grouped) {
    while (magnitude >= 1000) {
      const std::uint64_t group = magnitude % 1000;
      magnitude /= 1000;
      p = put_two(p, group % 100);
      *--p = static_cast<char>('0' + group / 100);
      *--p = ',';
    }
  }
  while (magnitude >= 100) {
    p = put_two(p, magnitude % 100);
    magnitude /= 100;
  }
  if (magnitude >= 10) {
    p = put_two(p, magnitude);
  } else {
    *--p = static_cast<char>('0' + magnitude);
  }
  if (negative) *--p = '-';
  return p;
}

}  // namespace submeter::detail

namespace submeter::bill {

/// Money held exactly to 1e-10 yuan: an energy (1e-4) × price (1e-6) product without loss.
/// Range ±922,337,203 yuan per line; beyond it the product throws std::overflow_error.
using exact_money = decimal<dimension::money, 10>;

/// Where a bill rounds (NUM-2): each line, or only the total (for cross-checks).
enum class rounding_scope {
  per_line,    ///< round each line; total = Σ rounded lines (the default)
  total_only,  ///< keep lines exact; round Σ exact lines once
};

[[nodiscard]] constexpr std::string_view to_string(rounding_scope s) noexcept {
  return s == rounding_scope::per_line ? "per_line" : "total_only";
}

/// The rounding point of a bill: where, to how many places (0..4), and how. Printed on bills.
struct rounding_rule {
  rounding_scope scope = rounding_scope::per_line;
  int places = 2;
  rounding mode = rounding::half_up;

  /// Refuses (errc::invalid_argument) places outside 0..4 (money is kept to 1e-4).
  static rounding_rule make(rounding_scope scope, int places, rounding mode) {
    if (places < 0 || places > 4) {
      throw error(errc::invalid_argument, "rounding places must be within 0..4",
                  {{"places", std::to_string(places)}});
    }
    return rounding_rule{scope, places, mode};
  }

  /// "half_up to 0.01 per line", "half_even to 1 on the total only".
  [[nodiscard]] std::string describe() const {
    std::string unit =
        places == 0 ? "1" : "0." + std::string(static_cast<std::size_t>(places - 1), '0') + "1";
    return std::string(submeter::to_string(mode)) + " to " + unit +
           (scope == rounding_scope::per_line ? " per line" : " on the total only");
  }

  friend bool operator==(const rounding_rule& a, const rounding_rule& b) noexcept {
    return a.scope == b.scope && a.places == b.places && a.mode == b.mode;
  }
};

/// Inserts thousands separators into exact decimal text: "1234567.5" → "1,234,567.5".
[[nodiscard]] inline std::string group_thousands(std::string_view text) {
  const std::size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
  const std::size_t dot = text.find('.');
  const std::size_t int_end = dot == std::string_view::npos ? text.size() : dot;
  const std::size_t digits = int_end - start;
  if (digits <= 3) return std::string(text);
  std::string out;
  out.reserve(text.size() + (digits - 1) / 3);
  out.append(text.substr(0, start));
  for (std::size_t i = start; i < int_end; ++i) {
    out += text[i];
    const std::size_t left = int_end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  out.append(text.substr(int_end));
  return out;
}

/// The quantity a line counts, as a plain number in the line's `unit` ("kWh", "m3", "kVA", "kW",
/// "m2", "yuan" for a line that is a percentage of a base). Lines are records of what was charged:
/// the typed arithmetic (energy × energy_price, …) happens before a line is made, in the factories
/// below and in the rating code, so the line itself needs no dimension.
using line_quantity = decimal<dimension::ratio, 4>;
/// The price of one `unit` of a line, in `price_unit` ("yuan/kWh", "yuan/kVA·month"), or a signed
/// fraction for a percentage line (power-factor adjustment: 0.025 = +2.5 %).
using line_price = decimal<dimension::ratio, 6>;

/// Restates a typed quantity with 4 places (energy, volume, power, area, reactive energy, money)
/// as a line quantity, exactly.
template <class D>
[[nodiscard]] constexpr line_quantity as_line_quantity(decimal<D, 4> q) noexcept {
  return line_quantity::from_mantissa(q.mantissa());
}
/// Restates a typed unit price (6 places) as a line price, exactly.
template <class D>
[[nodiscard]] constexpr line_price as_line_price(decimal<D, 6> p) noexcept {
  return line_price::from_mantissa(p.mantissa());
}

/// The explanation of a line, a tenant can read: "1,234.56 kWh × 0.6123 = 755.90". A line that
/// charges quantity × price in a short unit (charge_line, energy_line, the tariffs' lines) keeps
/// the three numbers and writes the text only when it is read (str, append_to, a renderer):
/// rating such a line formats no decimals and allocates no text. Any other line (a share, a
/// formula, a note, a charge with a head or tail or a unit over 6 bytes) holds its text, as does
/// a charge once it is edited (`+=`, `prepend`). Either way it reads as one string: compared with
/// text, concatenated, converted to std::string. 40 bytes: the text or the numbers, and a tag.
class explanation {
 public:
  explanation() noexcept : text_() {}
  // Implicit: an explanation is set from text wherever a line's text is written.
  explanation(std::string text) noexcept  // NOLINT(google-explicit-constructor)
      : text_(std::move(text)) {}
  explanation(const char* text) : text_(text) {}       // NOLINT(google-explicit-constructor)
  explanation(std::string_view text) : text_(text) {}  // NOLINT(google-explicit-constructor)

  explanation(const explanation& o) : formula_(o.formula_) {
    if (formula_) {
      numbers_ = o.numbers_;
    } else {
      new (&text_) std::string(o.text_);
    }
  }
  explanation(explanation&& o) noexcept : formula_(o.formula_) {
    if (formula_) {
      numbers_ = o.numbers_;
    } else {
      new (&text_) std::string(std::move(o.text_));
    }
  }
  explanation& operator=(const explanation& o) {
    if (this == &o) return *this;
    if (o.formula_) {
      become_numbers(o.numbers_);
    } else {
      become_text(o.text_);
    }
    return *this;
  }
  explanation& operator=(explanation&& o) noexcept {
    if (this == &o) return *this;
    if (o.formula_) {
      become_numbers(o.numbers_);
    } else {
      become_text(std::move(o.text_));
    }
    return *this;
  }
  ~explanation() {
    if (!formula_) text_.~basic_string();
  }

  /// "<head><quantity> <unit> × <price> = <amount><tail>": the quantity (1e-4) grouped by
  /// thousands and trimmed to at least 2 places, the price (1e-6) to at least 2 places, the
  /// amount (1e-10) grouped and trimmed to at least `places` places. Kept as numbers without a
  /// head or tail and with a unit of up to 6 bytes; written now otherwise.
  [[nodiscard]] static explanation charge(std::string_view head, std::int64_t quantity,
                                          std::string_view unit, std::int64_t price,
                                          std::int64_t amount, int places,
                                          std::string_view tail = {}) {
    explanation e;
    e.assign_charge(head, quantity, unit, price, amount, places, tail);
    return e;
  }
  /// Sets this explanation to charge(...), in place (a line's, no explanation moved).
  void assign_charge(std::string_view head, std::int64_t quantity, std::string_view unit,
                     std::int64_t price, std::int64_t amount, int places,
                     std::string_view tail = {}) {
    if (head.empty() && tail.empty() && unit.size() <= sizeof numbers{}.unit) {
      numbers n{};
      n.quantity = quantity;
      n.price = price;
      n.amount = amount;
      if (!unit.empty()) std::memcpy(n.unit, unit.data(), unit.size());
      n.unit_size = static_cast<std::uint8_t>(unit.size());
      n.places = static_cast<std::int8_t>(places);
      become_numbers(n);
      return;
    }
    // Written on the stack and made the string in one step (allocate and copy); a longer text
    // is written into a string of its size.
    const texts t(quantity, price, amount, places);
    const std::size_t size = t.size(head, unit, tail);
    char buf[256];
    if (size <= sizeof buf) {
      t.put(buf, head, unit, tail);
      become_text(std::string(buf, size));
    } else {
      std::string text(size, '\0');
      t.put(text.data(), head, unit, tail);
      become_text(std::move(text));
    }
  }

  /// Appends the text to `out`.
  void append_to(std::string& out) const {
    if (!formula_) {
      out.append(text_);
      return;
    }
    const texts t(numbers_.quantity, numbers_.price, numbers_.amount, numbers_.places);
    const std::string_view unit(numbers_.unit, numbers_.unit_size);
    const std::size_t at = out.size();
    out.resize(at + t.size({}, unit, {}));
    t.put(out.data() + at, {}, unit, {});
  }

  /// The text.
  [[nodiscard]] std::string str() const {
    if (!formula_) return text_;
    std::string out;
    append_to(out);
    return out;
  }
  // Implicit, as the std::string it replaces converted.
  operator std::string() const { return str(); }  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool empty() const noexcept { return !formula_ && text_.empty(); }
  /// True while the text is kept as numbers (not yet written).
  [[nodiscard]] bool is_formula() const noexcept { return formula_; }

  /// Appends `more` (a charge's text is written first).
  explanation& operator+=(std::string_view more) {
    if (formula_) become_text(str());
    text_.append(more);
    return *this;
  }
  /// Puts `head` before the text (a charge's text is written first).
  explanation& prepend(std::string_view head) {
    if (formula_) become_text(str());
    text_.insert(0, head);
    return *this;
  }

  friend std::ostream& operator<<(std::ostream& os, const explanation& e) { return os << e.str(); }
  friend bool operator==(const explanation& a, const explanation& b) {
    if (!a.formula_ && !b.formula_) return a.text_ == b.text_;
    return a.str() == b.str();
  }
  friend bool operator!=(const explanation& a, const explanation& b) { return !(a == b); }
  friend bool operator==(const explanation& a, std::string_view b) {
    return a.formula_ ? a.str() == b : std::string_view(a.text_) == b;
  }
  friend bool operator==(std::string_view a, const explanation& b) { return b == a; }
  friend bool operator!=(const explanation& a, std::string_view b) { return !(a == b); }
  friend bool operator!=(std::string_view a, const explanation& b) { return !(b == a); }
  friend bool operator==(const explanation& a, const char* b) { return a == std::string_view(b); }
  friend bool operator==(const char* a, const explanation& b) { return b == std::string_view(a); }
  friend bool operator!=(const explanation& a, const char* b) { return !(a == b); }
  friend bool operator!=(const char* a, const explanation& b) { return !(b == a); }
  friend bool operator==(const explanation& a, const std::string& b) {
    return a == std::string_view(b);
  }
  friend bool operator==(const std::string& a, const explanation& b) {
    return b == std::string_view(a);
  }
  friend bool operator!=(const explanation& a, const std::string& b) { return !(a == b); }
  friend bool operator!=(const std::string& a, const explanation& b) { return !(b == a); }
  friend std::string operator+(std::string a, const explanation& b) {
    b.append_to(a);
    return a;
  }
  friend std::string operator+(const char* a, const explanation& b) { return std::string(a) + b; }
  friend std::string operator+(const explanation& a, std::string_view b) {
    std::string out = a.str();
    out.append(b);
    return out;
  }
  friend std::string operator+(const explanation& a, const char* b) {
    return a + std::string_view(b);
  }
  friend std::string operator+(const explanation& a, const std::string& b) {
    return a + std::string_view(b);
  }

 private:
  /// A charge kept as numbers: 32 bytes, the size of the std::string it shares storage with.
  struct numbers {
    std::int64_t quantity;  ///< 1e-4
    std::int64_t price;     ///< 1e-6
    std::int64_t amount;    ///< 1e-10
    char unit[6];           ///< "kWh", "m3", "kvarh"
    std::uint8_t unit_size;
    std::int8_t places;  ///< the amount's least places
  };
  static_assert(sizeof(numbers) == 32);

  void become_numbers(const numbers& n) noexcept {
    if (!formula_) text_.~basic_string();
    numbers_ = n;
    formula_ = true;
  }
  void become_text(std::string text) noexcept {
    if (formula_) {
      new (&text_) std::string(std::move(text));  // was numbers: nothing to destroy
      formula_ = false;
    } else {
      text_ = std::move(text);
    }
  }

  /// The three numbers of a charge as text, written on the stack, and where they go in
  /// "<head><quantity> <unit> × <price> = <amount><tail>".
  class texts {
   public:
    texts(std::int64_t quantity, std::int64_t price, std::int64_t amount, int places) noexcept
        : q_(text_of(q_buf_, quantity, 4, 2, true)),
          p_(text_of(p_buf_, price, 6, 2, false)),
          a_(text_of(a_buf_, amount, 10, places, true)) {}
    texts(const texts&) = delete;
    texts& operator=(const texts&) = delete;

    [[nodiscard]] std::size_t size(std::string_view head, std::string_view unit,
                                   std::string_view tail) const noexcept {
      return head.size() + q_.size() + 1 + unit.size() + times.size() + p_.size() + equals.size() +
             a_.size() + tail.size();
    }
    /// Writes the text at `out`, which holds size(head, unit, tail) bytes.
    void put(char* out, std::string_view head, std::string_view unit,
             std::string_view tail) const noexcept {
      const auto put_one = [&out](std::string_view part) {
        if (part.empty()) return;  // an empty view's data() may be null: no memcpy
        std::memcpy(out, part.data(), part.size());
        out += part.size();
      };
      put_one(head);
      put_one(q_);
      *out++ = ' ';
      put_one(unit);
      put_one(times);
      put_one(p_);
      put_one(equals);
      put_one(a_);
      put_one(tail);
    }

   private:
    static constexpr std::string_view times = " × ";
    static constexpr std::string_view equals = " = ";
    static std::string_view text_of(char (&buf)[48], std::int64_t mantissa, int scale,
                                    int min_places, bool grouped) noexcept {
      char* const end = buf + sizeof buf;
      const char* const begin =
          submeter::detail::decimal_text(end, mantissa, scale, min_places, grouped);
      return {begin, static_cast<std::size_t>(end - begin)};
    }
    char q_buf_[48];
    char p_buf_[48];
    char a_buf_[48];
    std::string_view q_;
    std::string_view p_;
    std::string_view a_;
  };

  union {
    std::string text_;
    numbers numbers_;
  };
  bool formula_ = false;
};

/// One charged line of a bill. Every line says what it charges (component, meter, register, tier,
/// price version, window), how much (quantity × unit price, exact and as charged), the rounding
/// applied, and an explanation a tenant can read (DESIGN.md "bill").
struct line {
  /// What is charged (bill/component.hpp).
  bill::component component = bill::component::energy;
  /// The meter measured (empty for a line that belongs to no meter, e.g. rent or a share).
  std::string meter_id;
  /// Who pays a line that no meter measured: the sharer's id on a share of a site amount (common
  /// area, losses, a master meter's charges), the tenant's unit on property fee and rent; empty
  /// on a metered line.
  std::string payer;
  /// The register priced: 0 for the total, 1..8 for a rate register (TOU-4).
  int rate_register = 0;
  /// "total", "sharp", "peak", "flat", "valley", "deep_valley", "rate6".."rate8".
  std::string register_name;
  /// The tier (阶梯) this quantity fell in, 1..n; 0 when the tariff has no tiers.
  int tier = 0;
  /// The price version that priced the line; empty when the tariff has a single version.
  std::string version;
  /// The part of the billing period this line covers, when a price change split the period
  /// (local civil time, half-open); empty for the whole period.
  std::optional<local_interval> window;
  /// How the quantity of a split window was obtained: "reads at the change instant", "interval
  /// data" or "by days" (TOU price versions); empty when the period was not split.
  std::string split_method;
  /// The quantity charged (multiplier applied), in `unit`.
  line_quantity quantity;
  std::string unit;
  /// The unit price, in `price_unit`.
  line_price unit_price;
  std::string price_unit;
  /// The exact amount: quantity × unit_price, or the component's own exact formula (capacity
  /// prorated by days, a share of a common amount); the explanation says which.
  exact_money unrounded;
  /// The amount charged: `unrounded` rounded by `rule` when it rounds per line, else equal
  /// to `unrounded`.
  exact_money amount;
  /// The bill's rounding point, as applied to this line.
  rounding_rule rule;
  /// "1,234.56 kWh × 0.6123 = 755.90": quantity grouped by thousands and trimmed to at least 2
  /// places, the price as given (at least 2 places), the amount as charged (written when read).
  bill::explanation explanation;
};

/// Rounds an exact amount as `rule` says a line is charged: per line to `rule.places`, or kept
/// exact when the bill rounds only its total.
[[nodiscard]] inline exact_money charge_of(exact_money exact, const rounding_rule& rule) {
  return rule.scope == rounding_scope::per_line ? round(exact, rule.places, rule.mode) : exact;
}

namespace detail {

/// Sets `s` to `text` by moving in a new string: for a short text (held in the string itself)
/// cheaper than assign, whose general replace handles overlap and growth.
inline void set_text(std::string& s, std::string_view text) {
  s = std::string(text.data(), text.size());
}

/// Fills `l` (a line in place, e.g. one of a vector's) as charge_line builds a line, all but
/// meter_id: component, quantity, unit, price, price unit "yuan/<unit><price_suffix>" (a demand
/// line's "·month"), the exact and charged amounts, the rule and the explanation, followed by
/// `tail` (a split line's " (version, window, method)") and preceded by `head` (a tier adder's
/// "tier 2 adder: "). The explanation keeps the three numbers (explanation::assign_charge) and
/// prints them as group_thousands(to_string(...)) would when it is read (with a head or tail it
/// writes them at once); the short texts are set with set_text (no temporaries).
template <class D>
void charge_into(line& l, bill::component what, decimal<D, 4> quantity,
                 decimal<dimension::price_of<D>, 6> price, const rounding_rule& rule,
                 std::string_view unit, std::string_view price_suffix = {},
                 std::string_view tail = {}, std::string_view head = {}) {
  const auto exact =
      multiply<exact_money>(quantity, price, rounding::half_up);  // exact: 4 + 6 <= 10
  const auto charged = charge_of(exact, rule);
  // The text is written when it is read (bill::explanation): the numbers are kept.
  l.explanation.assign_charge(head, quantity.mantissa(), unit, price.mantissa(), charged.mantissa(),
                              rule.places, tail);
  constexpr std::string_view yuan = "yuan/";
  l.component = what;
  l.quantity = as_line_quantity(quantity);
  set_text(l.unit, unit);
  // "yuan/kWh", "yuan/kW·month": short (the string's own buffer); appended, any length.
  l.price_unit.clear();
  l.price_unit.reserve(yuan.size() + unit.size() + price_suffix.size());
  l.price_unit.append(yuan).append(unit).append(price_suffix);
  l.unit_price = as_line_price(price);
  l.unrounded = exact;
  l.amount = charged;
  l.rule = rule;
}

}  // namespace detail

/// Builds a line that charges `quantity` × `price` of any priced quantity (energy, water volume,
/// demand or capacity power, area): multiplies exactly, rounds per `rule`, and explains itself as
/// "<quantity> <unit> × <price> = <amount>". `unit` defaults to the quantity's unit ("kWh", "m3",
/// "kW", "m2"); pass "kVA" for capacity.
template <class D>
[[nodiscard]] line charge_line(bill::component what, std::string meter_id, decimal<D, 4> quantity,
                               decimal<dimension::price_of<D>, 6> price, const rounding_rule& rule,
                               std::string unit = std::string(D::unit)) {
  line l;
  detail::charge_into(l, what, quantity, price, rule, unit);
  l.meter_id = std::move(meter_id);
  return l;
}

/// Builds a line whose exact amount the caller computed by the component's own formula (a
/// prorated capacity charge, a power-factor percentage of a base, a share of a common amount):
/// rounds it per `rule` and keeps the caller's explanation, to which " = <amount>" is appended.
/// Quantity, unit and price are left for the caller to state.
[[nodiscard]] inline line amount_line(bill::component what, std::string meter_id, exact_money exact,
                                      std::string explanation, const rounding_rule& rule) {
  line l;
  l.component = what;
  l.meter_id = std::move(meter_id);
  l.unrounded = exact;
  l.amount = charge_of(exact, rule);
  l.rule = rule;
  l.explanation = std::move(explanation) + " = " + group_thousands(l.amount.to_string(rule.places));
  return l;
}

/// Builds an energy line for one register: `charge_line` with component::energy.
[[nodiscard]] inline line energy_line(std::string meter_id, int rate_register,
                                      std::string register_name, energy quantity,
                                      energy_price price, const rounding_rule& rule) {
  line l = charge_line(component::energy, std::move(meter_id), quantity, price, rule);
  l.rate_register = rate_register;
  l.register_name = std::move(register_name);
  return l;
}

}  // namespace submeter::bill
