// libFuzzer target: Modbus TCP (MBAP) requests and responses; the libmodbus #612 frame is a seed.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "submeter/meters/modbus.hpp"

namespace mb = submeter::meters::modbus;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const submeter::meters::byte_span in{data, size};
  const auto q = mb::decode_tcp_request(in);
  if (q.consumed > size) __builtin_trap();
  if (q.ok()) {
    const auto again =
        mb::encode_tcp(q.value->header.transaction, q.value->header.unit, mb::encode(q.value->pdu));
    if (again.size() != q.consumed || std::memcmp(again.data(), data, again.size()) != 0)
      __builtin_trap();
  }
  const auto a = mb::decode_tcp_response(in);
  if (a.consumed > size) __builtin_trap();
  return 0;
}
