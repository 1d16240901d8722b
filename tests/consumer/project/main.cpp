// Consumer program: one explained bill line, computed exactly.
#include <submeter/core.hpp>

#include <iostream>

int main() {
  using namespace submeter;
  const auto kwh = energy::parse("1234.56");
  const auto price = energy_price::parse("0.6123");
  const auto amount = round(multiply(kwh, price, rounding::half_up), 2, rounding::half_up);
  std::cout << kwh.to_string(2) << " kWh x " << price.to_string(0) << " = " << amount.to_string(2)
            << "\n";
  return amount == money::parse("755.92") ? 0 : 1;
}
