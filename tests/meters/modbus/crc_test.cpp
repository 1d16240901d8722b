// Tests of submeter/meters/modbus/crc.hpp against every RTU vector.
#include "submeter/meters/modbus/crc.hpp"

#include <gtest/gtest.h>

#include "vectors.hpp"

namespace mb = submeter::meters::modbus;
using submeter::meters::byte_span;
using submeter::meters::test::hex;

TEST(modbus_crc, every_rtu_vector_carries_its_crc_low_byte_first) {
  const auto doc = submeter::meters::test::load_vectors("modbus.json");
  int n = 0;
  for (const auto* list : {&doc.at("rtu_vectors"), &doc.at("derived_rtu_vectors")}) {
    for (const auto& v : *list) {
      SCOPED_TRACE(v.at("id").get<std::string>());
      const auto b = hex(v.at("hex"));
      const auto crc = mb::crc16(byte_span{b.data(), b.size() - 2});
      EXPECT_EQ(b[b.size() - 2], crc & 0xFF);
      EXPECT_EQ(b[b.size() - 1], crc >> 8);
      ++n;
    }
  }
  EXPECT_EQ(n, 13);
}

TEST(modbus_crc, the_reference_value) {
  EXPECT_EQ(mb::crc16(hex("01 03 00 00 00 0A")), 0xCDC5);
  EXPECT_EQ(mb::crc16(hex("")), 0xFFFF);
  // CRC-16/MODBUS check value of "123456789"
  const std::string s = "123456789";
  EXPECT_EQ(mb::crc16(byte_span{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}),
            0x4B37);
}
