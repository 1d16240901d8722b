// Must not compile: money + energy is a unit mix-up (DESIGN.md "Values").
#include "submeter/core/quantity.hpp"

int main() {
  const auto m = submeter::money::parse("1");
  const auto e = submeter::energy::parse("1");
#ifdef SUBMETER_COMPILE_FAIL
  const auto bad = m + e;
  (void)bad;
#endif
  return static_cast<int>(m.mantissa() + e.mantissa() - 20000);
}
