// rapidcheck properties of the core: parse/print round trips, split sums, and every rounding
// mode against an independent reference computed with the compiler's native 128-bit integers.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "submeter/core/decimal.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"

namespace {

using namespace submeter;
using i64 = std::int64_t;
__extension__ typedef __int128 native128;

const rounding all_modes[] = {rounding::half_up, rounding::half_even, rounding::toward_zero,
                              rounding::floor, rounding::ceil};

// Reference: round n/d by mode using floor division and an exact doubled remainder.
native128 reference_divide(native128 n, native128 d, rounding mode) {
  if (d < 0) {
    n = -n;
    d = -d;
  }
  native128 fl = n / d;
  if ((n % d != 0) && (n < 0)) fl -= 1;  // floor
  const native128 rem = n - fl * d;      // 0 <= rem < d
  if (rem == 0) return fl;
  const native128 twice = 2 * rem;
  switch (mode) {
    case rounding::floor:
      return fl;
    case rounding::ceil:
      return fl + 1;
    case rounding::toward_zero:
      return n < 0 ? fl + 1 : fl;
    case rounding::half_up:
      if (twice > d) return fl + 1;
      if (twice < d) return fl;
      return n < 0 ? fl : fl + 1;  // tie: away from zero
    case rounding::half_even:
      if (twice > d) return fl + 1;
      if (twice < d) return fl;
      return (fl % 2 == 0) ? fl : fl + 1;
  }
  return fl;
}

rc::Gen<rounding> gen_mode() {
  return rc::gen::elementOf(std::vector<rounding>(std::begin(all_modes), std::end(all_modes)));
}

RC_GTEST_PROP(CoreProperties, ParsePrintRoundTrip, (i64 mantissa)) {
  const auto x = money::from_mantissa(mantissa);
  RC_ASSERT(money::parse(x.to_string()) == x);
  RC_ASSERT(money::parse(x.to_string(0)) == x);
  const auto p = energy_price::from_mantissa(mantissa);
  RC_ASSERT(energy_price::parse(p.to_string(2)) == p);
}

RC_GTEST_PROP(CoreProperties, AppendToAppendsToString, (i64 mantissa, std::string prefix)) {
  const int places = *rc::gen::inRange(-1, 12);
  const auto x = money::from_mantissa(mantissa);
  std::string s = prefix;
  x.append_to(s, places);
  RC_ASSERT(s == prefix + x.to_string(places));
  const auto e = energy::from_mantissa(mantissa);
  s = prefix;
  e.append_to(s, places);
  RC_ASSERT(s == prefix + e.to_string(places));
}

RC_GTEST_PROP(CoreProperties, ParseWithPolicyMatchesReference, (i64 whole, std::uint32_t frac)) {
  // "whole.fffffffff" (9 places) parsed into a 4-place money: reference = round(value / 10^5).
  const auto mode = *gen_mode();
  const i64 w = whole / 100000;  // keep within range after scaling
  std::string f = std::to_string(frac % 1000000000u);
  f.insert(0, 9 - f.size(), '0');
  const bool negative = w < 0 || (w == 0 && *rc::gen::arbitrary<bool>());
  const native128 magnitude =
      static_cast<native128>(w < 0 ? -w : w) * 1000000000 + (frac % 1000000000u);
  const native128 exact = negative ? -magnitude : magnitude;
  const std::string text = (negative ? "-" : "") + std::to_string(w < 0 ? -w : w) + "." + f;
  const auto expected = reference_divide(exact, 100000, mode);
  RC_ASSERT(money::parse(text, mode).mantissa() == static_cast<i64>(expected));
}

RC_GTEST_PROP(CoreProperties, MultiplyMatchesReference, (i64 q, i64 p)) {
  const auto mode = *gen_mode();
  const auto e = energy::from_mantissa(q / 4);
  const auto price = energy_price::from_mantissa(p % 100000000);  // |price| < 100 yuan/kWh
  const native128 product = static_cast<native128>(e.mantissa()) * price.mantissa();
  const native128 expected = reference_divide(product, 1000000, mode);
  if (expected > std::numeric_limits<i64>::max() || expected < std::numeric_limits<i64>::min()) {
    RC_ASSERT_THROWS_AS((void)multiply(e, price, mode), std::overflow_error);
  } else {
    RC_ASSERT(multiply(e, price, mode).mantissa() == static_cast<i64>(expected));
  }
}

RC_GTEST_PROP(CoreProperties, DivideMatchesReference, (i64 a, i64 b)) {
  RC_PRE(b != 0);
  const auto mode = *gen_mode();
  const auto x = money::from_mantissa(a / 1000000);
  const auto y = energy::from_mantissa(b);
  // money(4) / energy(4) → price(6): a·10^6 / b
  const native128 expected =
      reference_divide(static_cast<native128>(x.mantissa()) * 1000000, b, mode);
  if (expected > std::numeric_limits<i64>::max() || expected < std::numeric_limits<i64>::min()) {
    RC_ASSERT_THROWS_AS((void)divide(x, y, mode), std::overflow_error);
  } else {
    RC_ASSERT(divide(x, y, mode).mantissa() == static_cast<i64>(expected));
  }
}

RC_GTEST_PROP(CoreProperties, RoundAndRescaleMatchReference, (i64 m)) {
  const auto mode = *gen_mode();
  const auto x = money::from_mantissa(m / 100);  // keep room for the rounded-up result
  const native128 q = reference_divide(x.mantissa(), 100, mode);
  RC_ASSERT(round(x, 2, mode).mantissa() == static_cast<i64>(q * 100));
  using money2 = decimal<dimension::money, 2>;
  RC_ASSERT(rescale<money2>(x, mode).mantissa() == static_cast<i64>(q));
  const native128 d7 = reference_divide(x.mantissa(), 7, mode);
  RC_ASSERT(divide(x, 7, mode).mantissa() == static_cast<i64>(d7));
  const native128 s = reference_divide(static_cast<native128>(x.mantissa()) * 10, 30, mode);
  RC_ASSERT(scale_by(x, 10, 30, mode).mantissa() == static_cast<i64>(s));
}

RC_GTEST_PROP(CoreProperties, SplitPartsSumToTheTotal, ()) {
  const auto units = *rc::gen::inRange<i64>(-100000000, 100000000);
  const auto total = money::from_mantissa(units * 100);
  const auto weights =
      *rc::gen::nonEmpty(rc::gen::container<std::vector<i64>>(rc::gen::inRange<i64>(0, 1000000)));
  RC_PRE(total.is_zero() ||
         std::any_of(weights.begin(), weights.end(), [](i64 w) { return w > 0; }));
  const auto parts = split(total, weights, money::parse("0.01"));
  RC_ASSERT(parts.size() == weights.size());
  money sum;
  native128 weight_sum = 0;
  for (auto w : weights) weight_sum += w;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    sum += parts[i];
    RC_ASSERT(parts[i].mantissa() % 100 == 0);
    RC_ASSERT(total.is_zero() || parts[i].sign() == 0 || parts[i].sign() == total.sign());
    if (weight_sum > 0) {
      // Each part is within one unit of its exact share.
      const native128 exact_num = static_cast<native128>(total.mantissa() / 100) * weights[i];
      const native128 part_units = parts[i].mantissa() / 100;
      const native128 diff = part_units * weight_sum - exact_num;
      RC_ASSERT(diff < weight_sum && -diff < weight_sum);
    }
  }
  RC_ASSERT(sum == total);
}

}  // namespace
