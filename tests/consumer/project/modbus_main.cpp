// Consumer program for submeter::modbus: links the compiled transport (and libmodbus through it)
// without opening any port.
#include <submeter/meters/transport/modbus_client.hpp>

#include <iostream>

int main() {
  using submeter::meters::transport::link_error;
  const auto text = submeter::meters::transport::to_string(link_error::timeout);
  std::cout << "modbus link error: " << text << "\n";
  return text.empty() ? 1 : 0;
}
