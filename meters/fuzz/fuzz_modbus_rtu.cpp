// libFuzzer target: Modbus RTU requests and responses. A decoded frame re-encodes to the bytes
// consumed (the codec keeps every field).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "submeter/meters/modbus.hpp"

namespace mb = submeter::meters::modbus;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const submeter::meters::byte_span in{data, size};
  const auto q = mb::decode_rtu_request(in);
  if (q.consumed > size) __builtin_trap();
  if (q.ok()) {
    const auto again = mb::encode_rtu(q.value->slave, q.value->pdu);
    if (again.size() != q.consumed || std::memcmp(again.data(), data, again.size()) != 0)
      __builtin_trap();
  }
  const auto a = mb::decode_rtu_response(in);
  if (a.consumed > size) __builtin_trap();
  if (a.ok()) {
    const auto again = mb::encode_rtu(a.value->slave, a.value->pdu);
    if (again.size() != a.consumed || std::memcmp(again.data(), data, again.size()) != 0)
      __builtin_trap();
  }
  return 0;
}
