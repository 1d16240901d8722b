// libFuzzer target: register values and maps. The input is a block of registers (big-endian
// pairs) decoded with every Acrel map, plus float32 conversion at every scale and policy.
// Invariant: floor <= half_even <= ceil, and they differ by at most one unit.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "submeter/meters/modbus.hpp"

namespace mb = submeter::meters::modbus;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint16_t> regs;
  for (std::size_t i = 0; i + 1 < size; i += 2)
    regs.push_back(static_cast<std::uint16_t>(data[i] << 8 | data[i + 1]));
  for (const char* model : {"acrel-ddsy1352", "acrel-dtsd1352", "acrel-adw300"}) {
    const auto map = *mb::acrel::find_map(model);
    (void)mb::decode_block(map, 0, regs.data(), regs.size());
    (void)mb::decode_reading(map, 0, regs.data(), regs.size(), submeter::ratio::parse("1200"));
  }
  for (std::size_t i = 0; i + 1 < regs.size(); i += 2) {
    const std::uint32_t bits =
        mb::assemble(&regs[i], 2, mb::word_order::high_first, mb::byte_order::big);
    const int places = static_cast<int>(bits % 19);
    const auto lo = mb::float_to_decimal(bits, places, submeter::rounding::floor);
    const auto mid = mb::float_to_decimal(bits, places, submeter::rounding::half_even);
    const auto hi = mb::float_to_decimal(bits, places, submeter::rounding::ceil);
    if (lo.ok() && hi.ok() && mid.ok()) {
      if (lo.value->mantissa > mid.value->mantissa || mid.value->mantissa > hi.value->mantissa)
        __builtin_trap();
      if (hi.value->mantissa - lo.value->mantissa > 1) __builtin_trap();
    }
  }
  return 0;
}
