// Must not compile: kWh × yuan/m³ is not money.
#include "submeter/core/quantity.hpp"

int main() {
  const auto e = submeter::energy::parse("10");
  const auto water = submeter::volume_price::parse("3.5");
#ifdef SUBMETER_COMPILE_FAIL
  const auto bad = submeter::multiply<submeter::money>(e, water, submeter::rounding::half_up);
#else
  const auto bad =
      submeter::multiply(submeter::volume::parse("10"), water, submeter::rounding::half_up);
#endif
  (void)e;
  return bad.is_zero() ? 1 : 0;
}
