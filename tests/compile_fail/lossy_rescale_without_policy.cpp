// Must not compile: narrowing money from 4 to 2 places without a rounding policy.
#include "submeter/core/quantity.hpp"

int main() {
  using money2 = submeter::decimal<submeter::dimension::money, 2>;
  const auto m = submeter::money::parse("1.2345");
#ifdef SUBMETER_COMPILE_FAIL
  const auto bad = submeter::rescale<money2>(m);
#else
  const auto bad = submeter::rescale<money2>(m, submeter::rounding::half_up);
#endif
  return static_cast<int>(bad.mantissa() - 123);
}
