#pragma once
/// \file
/// decimal<Dimension, Scale>: an exact fixed-point quantity, int64 mantissa × 10^−Scale.
///
/// NUM-1 (rules.md): money, energy, prices and ratios are exact decimals; binary floating point
/// never holds a billed value. There is no constructor from double: build from a mantissa, an
/// integer or a decimal string. Addition and subtraction are exact and checked; products,
/// quotients and rescaling go through 128-bit integers (Boost.Multiprecision checked_int128_t)
/// and take a `rounding` policy whenever they can lose digits. Overflow throws
/// std::overflow_error naming the operation; malformed strings throw submeter::error (errc::parse).

#include <boost/multiprecision/cpp_int.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "submeter/core/dimension.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/rounding.hpp"

namespace submeter {

namespace detail {

using int128 = boost::multiprecision::checked_int128_t;

/// 10^n for 0 <= n <= 18.
[[nodiscard]] constexpr std::int64_t pow10(int n) noexcept {
  std::int64_t v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

/// 10^n as a 128-bit integer, 0 <= n <= 38.
[[nodiscard]] inline int128 pow10_128(int n) {
  int128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

[[noreturn]] inline void throw_overflow(std::string_view what) {
  std::string text = "submeter: overflow in ";
  text += what;
  throw std::overflow_error(text);
}

/// Narrows a 128-bit value to int64, throwing std::overflow_error naming `what` when it does not
/// fit.
[[nodiscard]] inline std::int64_t narrow(const int128& v, std::string_view what) {
  if (v > std::numeric_limits<std::int64_t>::max() ||
      v < std::numeric_limits<std::int64_t>::min()) {
    throw_overflow(what);
  }
  return static_cast<std::int64_t>(v);
}

/// Why a decimal string was refused; `none` when it parsed.
enum class parse_failure {
  none,
  empty,
  bad_character,  ///< anything but an optional leading '-', digits and one '.'
  no_digits,      ///< "-", "." or a side of the dot with no digit ("1.", ".5")
  too_precise,    ///< non-zero digits beyond the scale, and no rounding policy was given
  out_of_range,   ///< does not fit the int64 mantissa
};

[[nodiscard]] constexpr std::string_view describe(parse_failure f) noexcept {
  switch (f) {
    case parse_failure::none:
      return "ok";
    case parse_failure::empty:
      return "empty string";
    case parse_failure::bad_character:
      return "only an optional leading '-', digits and one '.' are allowed";
    case parse_failure::no_digits:
      return "digits are required on both sides of '.'";
    case parse_failure::too_precise:
      return "more decimal places than the type holds";
    case parse_failure::out_of_range:
      return "value out of range";
  }
  return "unknown";
}

struct parsed_mantissa {
  parse_failure failure = parse_failure::none;
  std::int64_t mantissa = 0;
};

/// Parses `-?[0-9]+(\.[0-9]+)?` into a mantissa at `scale`. Digits beyond the scale are rounded
/// by `mode` when given, else refused unless they are all zero.
[[nodiscard]] constexpr parsed_mantissa parse_mantissa(std::string_view s, int scale,
                                                       std::optional<rounding> mode) noexcept {
  if (s.empty()) return {parse_failure::empty, 0};
  std::size_t i = 0;
  const bool negative = s[0] == '-';
  if (negative) ++i;
  // Accumulate the magnitude as a negative number so that INT64_MIN parses.
  std::int64_t acc = 0;
  std::size_t int_digits = 0;
  constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
  auto push_digit = [&acc](int digit) -> bool {  // `lowest` is constexpr: no capture needed
    if (acc < lowest / 10) return false;
    acc *= 10;
    if (acc < lowest + digit) return false;
    acc -= digit;
    return true;
  };
  for (; i < s.size() && s[i] != '.'; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return {parse_failure::bad_character, 0};
    if (!push_digit(c - '0')) return {parse_failure::out_of_range, 0};
    ++int_digits;
  }
  if (int_digits == 0) {
    return {i < s.size() || negative ? parse_failure::no_digits : parse_failure::empty, 0};
  }
  int frac_digits = 0;
  int first_dropped = -1;     // first digit beyond the scale
  bool dropped_rest = false;  // any non-zero digit after that one
  if (i < s.size()) {
    ++i;  // the dot
    if (i == s.size()) return {parse_failure::no_digits, 0};
    for (; i < s.size(); ++i) {
      const char c = s[i];
      if (c < '0' || c > '9') return {parse_failure::bad_character, 0};
      if (frac_digits < scale) {
        if (!push_digit(c - '0')) return {parse_failure::out_of_range, 0};
      } else if (first_dropped < 0) {
        first_dropped = c - '0';
      } else if (c != '0') {
        dropped_rest = true;
      }
      ++frac_digits;
    }
  }
  for (int k = frac_digits; k < scale; ++k) {
    if (!push_digit(0)) return {parse_failure::out_of_range, 0};
  }
  const bool inexact = first_dropped > 0 || dropped_rest;
  int step = 0;
  if (inexact) {
    if (!mode) return {parse_failure::too_precise, 0};
    const int half = first_dropped > 5 || (first_dropped == 5 && dropped_rest)
                         ? 1
                         : (first_dropped == 5 ? 0 : -1);
    const bool odd = (acc % 2) != 0;
    step = rounding_step(odd, negative, half, true, *mode);
  }
  // acc holds −|truncated value| in mantissa units; step is toward the signed result.
  if (negative) {
    if (step < 0 && acc == lowest) return {parse_failure::out_of_range, 0};
    return {parse_failure::none, acc + (step < 0 ? -1 : (step > 0 ? 1 : 0))};
  }
  if (acc == lowest) return {parse_failure::out_of_range, 0};
  std::int64_t positive = -acc;
  if (step > 0) {
    if (positive == std::numeric_limits<std::int64_t>::max()) {
      return {parse_failure::out_of_range, 0};
    }
    ++positive;
  } else if (step < 0) {
    --positive;
  }
  return {parse_failure::none, positive};
}

}  // namespace detail

/// An exact decimal quantity: mantissa × 10^−Scale of Dimension.
/// Cheap to copy (one int64), immutable in practice, comparable only with its own type.
template <class Dimension, int Scale>
class decimal {
  static_assert(Scale >= 0 && Scale <= 18, "decimal scale must be within 0..18");

 public:
  using dimension = Dimension;
  /// Number of decimal places held.
  static constexpr int scale = Scale;
  /// The mantissa of 1 (10^Scale).
  static constexpr std::int64_t one = detail::pow10(Scale);

  /// Zero.
  constexpr decimal() noexcept = default;

  /// The value mantissa × 10^−Scale, exactly.
  [[nodiscard]] static constexpr decimal from_mantissa(std::int64_t mantissa) noexcept {
    decimal d;
    d.mantissa_ = mantissa;
    return d;
  }
  /// A whole number of units; throws std::overflow_error when out of range.
  [[nodiscard]] static constexpr decimal from_integer(std::int64_t units) {
    std::int64_t m = 0;
    if (__builtin_mul_overflow(units, one, &m)) detail::throw_overflow(op_name("from_integer"));
    return from_mantissa(m);
  }
  /// Parses a decimal string `-?[0-9]+(\.[0-9]+)?` exactly ("1234.56", "-0.5", "007").
  /// Refuses (submeter::error, errc::parse) an empty string, a leading '+', whitespace, an
  /// exponent, thousands separators, "1." or ".5", a value out of range, and non-zero digits
  /// beyond Scale (trailing zeros beyond Scale are exact and accepted).
  [[nodiscard]] static decimal parse(std::string_view text) {
    return checked_parse(text, std::nullopt);
  }
  /// Parses like parse(text) but rounds digits beyond Scale by `mode` instead of refusing them.
  [[nodiscard]] static decimal parse(std::string_view text, rounding mode) {
    return checked_parse(text, mode);
  }
  /// Parses without throwing: nullopt where parse(text) would throw.
  [[nodiscard]] static constexpr std::optional<decimal> try_parse(std::string_view text) noexcept {
    const auto p = detail::parse_mantissa(text, Scale, std::nullopt);
    if (p.failure != detail::parse_failure::none) return std::nullopt;
    return from_mantissa(p.mantissa);
  }

  /// The largest and smallest representable values.
  [[nodiscard]] static constexpr decimal max() noexcept {
    return from_mantissa(std::numeric_limits<std::int64_t>::max());
  }
  [[nodiscard]] static constexpr decimal min() noexcept {
    return from_mantissa(std::numeric_limits<std::int64_t>::min());
  }

  /// The integer mantissa (value × 10^Scale).
  [[nodiscard]] constexpr std::int64_t mantissa() const noexcept { return mantissa_; }
  [[nodiscard]] constexpr bool is_zero() const noexcept { return mantissa_ == 0; }
  [[nodiscard]] constexpr bool is_negative() const noexcept { return mantissa_ < 0; }
  /// −1, 0 or +1.
  [[nodiscard]] constexpr int sign() const noexcept { return (mantissa_ > 0) - (mantissa_ < 0); }

  /// Exact text with all Scale places: "1234.5600", "-0.0100", "7".
  [[nodiscard]] std::string to_string() const { return to_string(Scale); }
  /// Room for any decimal's text (at most 21 characters: 19 digits, a point, a sign).
  static constexpr std::size_t text_capacity = 48;
  /// Writes to_string(min_places) at the end of `buf` and returns where it begins (the text is
  /// [returned, buf + text_capacity)): for writers that put numbers into a buffer of their own.
  /// Digits are written right to left: no temporaries on this hot path (every bill line prints
  /// three decimals). The unsigned magnitude lets INT64_MIN print.
  [[nodiscard]] char* write_text(char (&buf)[text_capacity], int min_places) const noexcept {
    const bool negative = mantissa_ < 0;
    std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(mantissa_)
                                       : static_cast<std::uint64_t>(mantissa_);
    char* p = buf + text_capacity;
    const int keep = min_places < 0 ? 0 : (min_places > Scale ? Scale : min_places);
    if constexpr (Scale > 0) {
      int places = Scale;
      // Trailing zeros beyond `keep` are dropped.
      while (places > keep && magnitude % 10 == 0) {
        magnitude /= 10;
        --places;
      }
      for (int i = 0; i < places; ++i) {
        *--p = static_cast<char>('0' + magnitude % 10);
        magnitude /= 10;
      }
      if (places > 0) *--p = '.';
    }
    do {
      *--p = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude != 0);
    if (negative) *--p = '-';
    return p;
  }

  /// Exact text, trailing zeros trimmed down to at least `min_places` places (never below the
  /// digits needed to be exact): to_string(2) of 755.9000 is "755.90"; of 0.6123 is "0.6123".
  [[nodiscard]] std::string to_string(int min_places) const {
    char buf[text_capacity];
    char* begin = write_text(buf, min_places);
    return std::string(begin, buf + text_capacity);
  }
  /// Appends to_string(min_places) to `out`, without a temporary string (texts that hold
  /// several numbers, e.g. a live deduction's reference).
  void append_to(std::string& out, int min_places) const {
    char buf[text_capacity];
    char* begin = write_text(buf, min_places);
    out.append(begin, buf + text_capacity);
  }

  /// Checked negation; throws std::overflow_error for min().
  [[nodiscard]] constexpr decimal operator-() const {
    if (mantissa_ == std::numeric_limits<std::int64_t>::min())
      detail::throw_overflow(op_name("negation"));
    return from_mantissa(-mantissa_);
  }
  [[nodiscard]] constexpr decimal operator+() const noexcept { return *this; }
  /// |x|, checked.
  [[nodiscard]] constexpr decimal abs() const { return mantissa_ < 0 ? -*this : *this; }

  /// Exact, checked addition of the same quantity.
  constexpr decimal& operator+=(decimal other) {
    if (__builtin_add_overflow(mantissa_, other.mantissa_, &mantissa_)) {
      detail::throw_overflow(op_name("+"));
    }
    return *this;
  }
  /// Exact, checked subtraction of the same quantity.
  constexpr decimal& operator-=(decimal other) {
    if (__builtin_sub_overflow(mantissa_, other.mantissa_, &mantissa_)) {
      detail::throw_overflow(op_name("-"));
    }
    return *this;
  }
  [[nodiscard]] friend constexpr decimal operator+(decimal a, decimal b) { return a += b; }
  [[nodiscard]] friend constexpr decimal operator-(decimal a, decimal b) { return a -= b; }

  /// Exact, checked multiplication by a whole number (e.g. days × daily charge).
  [[nodiscard]] friend constexpr decimal operator*(decimal a, std::int64_t n) {
    std::int64_t m = 0;
    if (__builtin_mul_overflow(a.mantissa_, n, &m)) detail::throw_overflow(op_name("* integer"));
    return from_mantissa(m);
  }
  [[nodiscard]] friend constexpr decimal operator*(std::int64_t n, decimal a) { return a * n; }

  [[nodiscard]] friend constexpr bool operator==(decimal a, decimal b) noexcept {
    return a.mantissa_ == b.mantissa_;
  }
  [[nodiscard]] friend constexpr bool operator!=(decimal a, decimal b) noexcept {
    return a.mantissa_ != b.mantissa_;
  }
  [[nodiscard]] friend constexpr bool operator<(decimal a, decimal b) noexcept {
    return a.mantissa_ < b.mantissa_;
  }
  [[nodiscard]] friend constexpr bool operator>(decimal a, decimal b) noexcept {
    return a.mantissa_ > b.mantissa_;
  }
  [[nodiscard]] friend constexpr bool operator<=(decimal a, decimal b) noexcept {
    return a.mantissa_ <= b.mantissa_;
  }
  [[nodiscard]] friend constexpr bool operator>=(decimal a, decimal b) noexcept {
    return a.mantissa_ >= b.mantissa_;
  }

  /// Writes to_string(): exact, all places.
  friend std::ostream& operator<<(std::ostream& os, decimal d) { return os << d.to_string(); }

  /// "energy(4) +" style names used in overflow messages.
  [[nodiscard]] static std::string op_name(std::string_view op) {
    std::string text(Dimension::name);
    text += ' ';
    text += op;
    return text;
  }

 private:
  static decimal checked_parse(std::string_view text, std::optional<rounding> mode) {
    const auto p = detail::parse_mantissa(text, Scale, mode);
    if (p.failure != detail::parse_failure::none) {
      throw error(errc::parse, std::string("not a decimal ") + std::string(Dimension::name),
                  {{"text", "\"" + std::string(text) + "\""},
                   {"reason", std::string(detail::describe(p.failure))},
                   {"scale", std::to_string(Scale)}});
    }
    return from_mantissa(p.mantissa);
  }

  std::int64_t mantissa_ = 0;
};

/// True for any decimal<D, S>.
template <class T>
struct is_decimal : std::false_type {};
template <class D, int S>
struct is_decimal<decimal<D, S>> : std::true_type {};
template <class T>
inline constexpr bool is_decimal_v = is_decimal<T>::value;

/// The decimal type of dimension D at its default scale (money 4, prices 6, ratio 9, others 4).
template <class D>
using default_decimal = decimal<D, dimension::default_scale<D>::value>;

namespace detail {

/// value × 10^shift (shift may be negative: divide, rounding by mode) for a 128-bit value.
[[nodiscard]] inline int128 shift_decimal(const int128& value, int shift, rounding mode) {
  if (shift >= 0) return value * pow10_128(shift);
  return divide_rounded(value, pow10_128(-shift), mode);
}

/// Rescales a mantissa from scale `from` to scale `to`, int64 fast path, 128-bit fallback.
[[nodiscard]] inline std::int64_t rescale_mantissa(std::int64_t m, int from, int to, rounding mode,
                                                   std::string_view what) {
  if (to >= from) {
    std::int64_t out = 0;
    if (to - from <= 18 && !__builtin_mul_overflow(m, pow10(to - from), &out)) return out;
    return narrow(shift_decimal(int128(m), to - from, mode), what);
  }
  if (from - to <= 18) return divide_rounded<std::int64_t>(m, pow10(from - to), mode);
  return narrow(shift_decimal(int128(m), to - from, mode), what);
}

}  // namespace detail

/// Converts to another scale of the same dimension when no digit can be lost (To::scale >=
/// From::scale). A narrowing conversion needs a rounding policy: rescale<To>(x, mode).
template <class To, class D, int S>
[[nodiscard]] constexpr To rescale(decimal<D, S> x) {
  static_assert(is_decimal_v<To>, "rescale<To>: To must be a submeter::decimal");
  static_assert(std::is_same_v<typename To::dimension, D>,
                "rescale<To>: cannot convert between different dimensions");
  static_assert(To::scale >= S,
                "rescale<To>(x) would lose digits: pass a rounding policy, rescale<To>(x, mode)");
  std::int64_t m = 0;
  if (__builtin_mul_overflow(x.mantissa(), detail::pow10(To::scale - S), &m)) {
    detail::throw_overflow(To::op_name("rescale"));
  }
  return To::from_mantissa(m);
}

/// Converts to another scale of the same dimension, rounding by `mode` where digits are lost.
template <class To, class D, int S>
[[nodiscard]] To rescale(decimal<D, S> x, rounding mode) {
  static_assert(is_decimal_v<To>, "rescale<To>: To must be a submeter::decimal");
  static_assert(std::is_same_v<typename To::dimension, D>,
                "rescale<To>: cannot convert between different dimensions");
  return To::from_mantissa(
      detail::rescale_mantissa(x.mantissa(), S, To::scale, mode, To::op_name("rescale")));
}

/// Rounds x to `places` decimal places (0 <= places), keeping its type: round(755.8960, 2,
/// half_up) == 755.9000. This is how a line amount is rounded to the fen.
template <class D, int S>
[[nodiscard]] decimal<D, S> round(decimal<D, S> x, int places, rounding mode) {
  if (places < 0)
    throw error(errc::invalid_argument, "round: places must be >= 0",
                {{"places", std::to_string(places)}});
  if (places >= S) return x;
  const std::int64_t unit = detail::pow10(S - places);
  const std::int64_t q = detail::divide_rounded<std::int64_t>(x.mantissa(), unit, mode);
  std::int64_t m = 0;
  if (__builtin_mul_overflow(q, unit, &m)) detail::throw_overflow(decimal<D, S>::op_name("round"));
  return decimal<D, S>::from_mantissa(m);
}

/// True when x has no non-zero digit beyond `places` decimal places.
template <class D, int S>
[[nodiscard]] constexpr bool is_rounded(decimal<D, S> x, int places) noexcept {
  return places >= S || x.mantissa() % detail::pow10(S - places) == 0;
}

/// The product a × b at the scale of To, rounded by `mode`: energy × energy_price → money,
/// quantity × ratio → quantity. The dimensions must make sense (dimension::product), else it does
/// not compile. Exact until the one final rounding; throws std::overflow_error naming the
/// operation when the result does not fit.
template <class To, class DA, int SA, class DB, int SB>
[[nodiscard]] To multiply(decimal<DA, SA> a, decimal<DB, SB> b, rounding mode) {
  static_assert(is_decimal_v<To>, "multiply<To>: To must be a submeter::decimal");
  static_assert(std::is_same_v<typename To::dimension, typename dimension::product<DA, DB>::type>,
                "multiply<To>: To's dimension is not the product of the operands' dimensions");
  constexpr int shift = To::scale - SA - SB;
  std::int64_t p = 0;
  if (!__builtin_mul_overflow(a.mantissa(), b.mantissa(), &p)) {
    if constexpr (shift <= 0 && -shift <= 18) {
      return To::from_mantissa(
          detail::divide_rounded<std::int64_t>(p, detail::pow10(-shift), mode));
    }
  }
  const detail::int128 wide = detail::int128(a.mantissa()) * detail::int128(b.mantissa());
  return To::from_mantissa(
      detail::narrow(detail::shift_decimal(wide, shift, mode), To::op_name("multiply")));
}

/// The product at the dimension's default scale: multiply(kwh, price, half_up) is money (1e-4).
template <class DA, int SA, class DB, int SB>
[[nodiscard]] auto multiply(decimal<DA, SA> a, decimal<DB, SB> b, rounding mode) {
  return multiply<default_decimal<typename dimension::product<DA, DB>::type>>(a, b, mode);
}

/// The quotient a ÷ b at the scale of To, rounded by `mode`: money ÷ energy → energy_price,
/// energy ÷ energy → ratio, quantity ÷ ratio → quantity. Refuses b == 0 (errc::invalid_argument).
template <class To, class DA, int SA, class DB, int SB>
[[nodiscard]] To divide(decimal<DA, SA> a, decimal<DB, SB> b, rounding mode) {
  static_assert(is_decimal_v<To>, "divide<To>: To must be a submeter::decimal");
  static_assert(std::is_same_v<typename To::dimension, typename dimension::quotient<DA, DB>::type>,
                "divide<To>: To's dimension is not the quotient of the operands' dimensions");
  if (b.is_zero()) {
    throw error(errc::invalid_argument, "division by zero",
                {{"dividend", a.to_string()}, {"divisor", std::string(DB::name)}});
  }
  // a/b at scale T: a.m·10^(T+SB−SA) / b.m
  constexpr int shift = To::scale + SB - SA;
  const detail::int128 num =
      detail::shift_decimal(detail::int128(a.mantissa()), shift < 0 ? 0 : shift, mode);
  detail::int128 den = b.mantissa();
  if constexpr (shift < 0) den *= detail::pow10_128(-shift);
  return To::from_mantissa(
      detail::narrow(detail::divide_rounded(num, den, mode), To::op_name("divide")));
}

/// The quotient at the dimension's default scale.
template <class DA, int SA, class DB, int SB>
[[nodiscard]] auto divide(decimal<DA, SA> a, decimal<DB, SB> b, rounding mode) {
  return divide<default_decimal<typename dimension::quotient<DA, DB>::type>>(a, b, mode);
}

/// x ÷ n for a whole number n, rounded by `mode` (e.g. a monthly charge ÷ 30 days).
/// Refuses n == 0 (errc::invalid_argument).
template <class D, int S>
[[nodiscard]] decimal<D, S> divide(decimal<D, S> x, std::int64_t n, rounding mode) {
  if (n == 0)
    throw error(errc::invalid_argument, "division by zero", {{"dividend", x.to_string()}});
  if (n == -1) return -x;
  return decimal<D, S>::from_mantissa(detail::divide_rounded<std::int64_t>(x.mantissa(), n, mode));
}

/// x × num ÷ den in one exact step, rounded once by `mode` (proration: charge × days_used / 30).
/// Refuses den == 0.
template <class D, int S>
[[nodiscard]] decimal<D, S> scale_by(decimal<D, S> x, std::int64_t num, std::int64_t den,
                                     rounding mode) {
  if (den == 0)
    throw error(errc::invalid_argument, "division by zero", {{"dividend", x.to_string()}});
  const detail::int128 n = detail::int128(x.mantissa()) * detail::int128(num);
  return decimal<D, S>::from_mantissa(detail::narrow(
      detail::divide_rounded(n, detail::int128(den), mode), decimal<D, S>::op_name("scale_by")));
}

}  // namespace submeter
