// libFuzzer target: the DL/T 645 stream scanner fed in chunks whose sizes come from the input.
// Invariants: every frame it yields decodes again on its own; pending bytes stay below one
// maximum frame once it says need_more.
#include <cstddef>
#include <cstdint>

#include "submeter/meters/dlt645.hpp"

namespace dlt = submeter::meters::dlt645;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 32;
  dlt::scanner s;
  for (std::size_t at = 1; at < size; at += chunk) {
    const std::size_t n = size - at < chunk ? size - at : chunk;
    s.feed(submeter::meters::byte_span{data + at, n});
    for (auto r = s.next(); r.status != submeter::decode_status::need_more; r = s.next()) {
      if (r.ok() && !dlt::decode(dlt::encode(*r.value, 0)).ok()) __builtin_trap();
    }
    if (s.pending() >= dlt::max_frame_size) __builtin_trap();
  }
  return 0;
}
