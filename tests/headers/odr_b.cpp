// Two-TU ODR test, part B: the same headers in a second translation unit.
#include "odr_all.hpp"

int odr_b() { return odr_a_value(); }
