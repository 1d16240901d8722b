// Tests of submeter/meters/modbus/tcp.hpp: the MBAP vectors, including libmodbus #612's FC23 seed.
#include "submeter/meters/modbus/tcp.hpp"

#include <gtest/gtest.h>

#include "vectors.hpp"

namespace mb = submeter::meters::modbus;
using submeter::decode_status;
using submeter::meters::test::hex;

TEST(modbus_tcp, derived_read_request) {
  const auto b = hex("00 01 00 00 00 06 01 03 00 00 00 02");
  const auto r = mb::decode_tcp_request(b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->header.transaction, 1);
  EXPECT_EQ(r.value->header.length, 6);
  EXPECT_EQ(r.value->header.unit, 1);
  EXPECT_EQ(std::get<mb::read_request>(r.value->pdu), (mb::read_request{3, 0, 2}));
  EXPECT_EQ(mb::encode_tcp(1, 1, mb::encode(r.value->pdu)), b);
}

TEST(modbus_tcp, libmodbus_612_seed_is_a_well_formed_fc23) {
  const auto doc = submeter::meters::test::load_vectors("modbus.json");
  const auto& v = doc.at("tcp_vectors").at(1);
  const auto b = hex(v.at("hex"));
  const auto r = mb::decode_tcp_request(b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->header.transaction, 0x03DD);
  EXPECT_EQ(r.value->header.length, 13);
  EXPECT_EQ(r.value->header.unit, 255);
  const auto& rw = std::get<mb::read_write_request>(r.value->pdu);
  EXPECT_EQ(rw.read_start, 0x0162);
  EXPECT_EQ(rw.read_quantity, 1);
  EXPECT_EQ(rw.write_start, 0x006A);
  EXPECT_EQ(rw.values, std::vector<std::uint16_t>{0xD711});
  EXPECT_EQ(mb::encode_tcp(0x03DD, 255, mb::encode(r.value->pdu)), b);
}

TEST(modbus_tcp, refusals) {
  EXPECT_EQ(mb::decode_tcp_request(hex("00 01 00 00 00 06 01 03 00")).status,
            decode_status::need_more);
  EXPECT_EQ(mb::decode_tcp_request(hex("00 01 00 01 00 06 01 03 00 00 00 02")).status,
            decode_status::unsupported);
  EXPECT_EQ(mb::decode_tcp_request(hex("00 01 00 00 00 01 01")).status, decode_status::bad_length);
  // length says 7 but the PDU is a 5-byte read: refused, and the whole ADU is skipped
  const auto r = mb::decode_tcp_request(hex("00 01 00 00 00 07 01 03 00 00 00 02 00"));
  EXPECT_EQ(r.status, decode_status::bad_length);
  EXPECT_EQ(r.consumed, 13u);
  // FC23 with a byte count that contradicts its quantity
  EXPECT_EQ(mb::decode_tcp_request(hex("00 01 00 00 00 0D FF 17 01 62 00 01 00 6A 00 01 04 D7 11"))
                .status,
            decode_status::bad_length);
}

TEST(modbus_tcp, exception_response) {
  const auto r = mb::decode_tcp_response(mb::encode_tcp(7, 1, hex("83 02")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<mb::exception_response>(r.value->pdu), (mb::exception_response{3, 2}));
}
