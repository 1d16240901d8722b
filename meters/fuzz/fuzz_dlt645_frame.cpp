// libFuzzer target: DL/T 645 frame decoding, read replies (2007 and 1997), requests, edition
// classification and readings. Invariants: nothing reads past the input; a decoded frame
// re-encodes to exactly the bytes consumed.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "submeter/meters/dlt645.hpp"

namespace dlt = submeter::meters::dlt645;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const submeter::meters::byte_span in{data, size};
  const auto r = dlt::decode(in);
  if (r.consumed > size) __builtin_trap();
  if (!r.ok()) return 0;
  const auto again = dlt::encode(*r.value, r.value->preamble);
  if (again.size() != r.consumed || std::memcmp(again.data(), data, again.size()) != 0)
    __builtin_trap();
  for (const auto ed : {dlt::edition::v2007, dlt::edition::v1997}) {
    const auto reply = dlt::decode_read_response(*r.value, ed);
    if (reply.ok()) {
      for (const auto& v : reply.value->values) (void)v.to_string();
      submeter::meters::meter_reading m;
      (void)dlt::merge_into(m, *reply.value);
    }
  }
  (void)dlt::decode_request(*r.value);
  (void)dlt::classify_edition(*r.value);
  return 0;
}
