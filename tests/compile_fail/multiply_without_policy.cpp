// Must not compile: a product that can lose digits needs a rounding policy.
#include "submeter/core/quantity.hpp"

int main() {
  const auto e = submeter::energy::parse("1234.56");
  const auto p = submeter::energy_price::parse("0.6123");
#ifdef SUBMETER_COMPILE_FAIL
  const submeter::money bad = submeter::multiply(e, p);
#else
  const submeter::money bad = submeter::multiply(e, p, submeter::rounding::half_up);
#endif
  return bad.is_zero() ? 1 : 0;
}
