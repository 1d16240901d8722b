#pragma once
// Every umbrella header, included by both translation units of the ODR test.
#if __has_include("submeter/submeter.hpp")
#include "submeter/submeter.hpp"
#else
#include "submeter/core.hpp"
#endif
#if defined(SUBMETER_HAS_METERS) && __has_include("submeter/meters.hpp")
#include "submeter/meters.hpp"
#endif

inline int odr_a_value() {
  return static_cast<int>(submeter::money::parse("1.5").mantissa() / 1000);
}
