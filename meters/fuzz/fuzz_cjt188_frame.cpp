// libFuzzer target: CJ/T 188 frames, messages, 901F layouts, valve commands and replies under
// every built-in profile, and the scanner. A decoded frame re-encodes to the bytes consumed.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "submeter/meters/cjt188.hpp"

namespace cj = submeter::meters::cjt188;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const submeter::meters::byte_span in{data, size};
  cj::scanner s;
  s.feed(in);
  while (s.next().status != submeter::decode_status::need_more) {
  }
  const auto r = cj::decode(in, cj::decode_options{255, size > 0 && (data[0] & 1) != 0});
  if (r.consumed > size) __builtin_trap();
  if (!r.ok()) return 0;
  const auto again = cj::encode(*r.value, r.value->preamble);
  if (again.size() != r.consumed) __builtin_trap();
  for (const auto* p : {&cj::standard_2004, &cj::standard_2018, &cj::sc_water, &cj::jy_heat}) {
    (void)cj::decode_message(*r.value, *p);
    const auto w = cj::decode_water_reply(*r.value, *p);
    if (w.ok()) (void)w.value->current_flow.to_volume(submeter::rounding::half_up);
    (void)cj::decode_heat_reply(*r.value, *p);
    (void)cj::decode_valve_request(*r.value, *p);
    (void)cj::decode_valve_reply(*r.value, *p);
  }
  return 0;
}
