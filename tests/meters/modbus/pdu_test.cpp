// Tests of submeter/meters/modbus/pdu.hpp: lengths, limits, and encode/decode round trips.
#include "submeter/meters/modbus/pdu.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vectors.hpp"

namespace mb = submeter::meters::modbus;
using submeter::decode_status;
using submeter::meters::test::hex;

TEST(modbus_pdu, lengths_from_prefixes) {
  EXPECT_EQ(mb::request_length(hex("")).status, decode_status::need_more);
  EXPECT_EQ(*mb::request_length(hex("03")).value, 5u);
  EXPECT_EQ(mb::request_length(hex("10 00 01 00")).status, decode_status::need_more);
  EXPECT_EQ(*mb::request_length(hex("10 00 01 00 02 04")).value, 10u);
  EXPECT_EQ(*mb::response_length(hex("03 06")).value, 8u);
  EXPECT_EQ(*mb::response_length(hex("83")).value, 2u);
  EXPECT_EQ(mb::response_length(hex("2B")).status, decode_status::unsupported);
}

TEST(modbus_pdu, limits_of_the_spec) {
  EXPECT_TRUE(mb::decode_request(hex("03 00 00 00 7D")).ok());  // 125
  EXPECT_EQ(mb::decode_request(hex("04 00 00 00 7E")).status, decode_status::bad_value);
  EXPECT_TRUE(mb::decode_request(hex("01 00 00 07 D0")).ok());  // 2000 coils
  EXPECT_EQ(mb::decode_request(hex("05 00 01 12 34")).status,
            decode_status::bad_value);  // coil value
  EXPECT_TRUE(mb::decode_request(hex("05 00 01 FF 00")).ok());
  EXPECT_EQ(mb::decode_request(hex("10 00 01 00 02 03 00 0A 01")).status,
            decode_status::bad_length);
  EXPECT_EQ(mb::decode_request(hex("03 00 00 00 01 00")).status,
            decode_status::bad_length);  // trailing byte
  EXPECT_EQ(mb::decode_response(hex("01 00")).status, decode_status::bad_length);
}

TEST(modbus_pdu, exception_and_bits) {
  const auto r = mb::decode_response(hex("83 02"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<mb::exception_response>(*r.value).code,
            static_cast<std::uint8_t>(mb::exception_code::illegal_data_address));
  const auto bits = mb::decode_response(hex("01 02 CD 01"));
  EXPECT_EQ(std::get<mb::bits_response>(*bits.value).bytes, hex("CD 01"));
  EXPECT_EQ(mb::encode(mb::response{mb::exception_response{3, 2}}), hex("83 02"));
}

RC_GTEST_PROP(modbus_pdu, write_requests_round_trip,
              (std::uint16_t start, std::vector<std::uint16_t> values)) {
  if (values.empty()) values.push_back(1);
  if (values.size() > 121) values.resize(121);
  const mb::request w = mb::write_registers_request{start, values};
  const auto back = mb::decode_request(mb::encode(w));
  RC_ASSERT(back.ok());
  RC_ASSERT(std::get<mb::write_registers_request>(*back.value) ==
            std::get<mb::write_registers_request>(w));
  const mb::request rw =
      mb::read_write_request{start, 3, static_cast<std::uint16_t>(start + 1), values};
  const auto back2 = mb::decode_request(mb::encode(rw));
  RC_ASSERT(back2.ok());
  RC_ASSERT(std::get<mb::read_write_request>(*back2.value) == std::get<mb::read_write_request>(rw));
}

RC_GTEST_PROP(modbus_pdu, random_pdus_never_crash, (std::vector<std::uint8_t> bytes)) {
  const auto a = mb::decode_request(bytes);
  const auto b = mb::decode_response(bytes);
  if (a.ok()) RC_ASSERT(mb::encode(*a.value) == bytes);
  if (b.ok()) RC_ASSERT(mb::encode(*b.value) == bytes);
}
