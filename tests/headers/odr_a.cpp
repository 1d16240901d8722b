// Two-TU ODR test, part A: includes every umbrella header.
#include "odr_all.hpp"

int odr_b();

int main() { return odr_b() == odr_a_value() ? 0 : 1; }
