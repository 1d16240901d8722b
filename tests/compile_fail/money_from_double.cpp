// Must not compile: there is no constructor from double.
#include "submeter/core/quantity.hpp"

int main() {
#ifdef SUBMETER_COMPILE_FAIL
  const submeter::money bad(0.1);
#else
  const auto bad = submeter::money::parse("0.1");
#endif
  return bad.mantissa() == 1000 ? 0 : 1;
}
