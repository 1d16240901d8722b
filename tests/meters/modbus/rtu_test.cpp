// Tests of submeter/meters/modbus/rtu.hpp: every RTU vector decodes to its fields and
// re-encodes; prefixes need more; a corrupted CRC is refused.
#include "submeter/meters/modbus/rtu.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vectors.hpp"

namespace mb = submeter::meters::modbus;
using submeter::decode_status;
using submeter::meters::byte_span;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;

namespace {
std::uint16_t number(const nlohmann::json& j) {
  if (j.is_number()) return j.get<std::uint16_t>();
  return static_cast<std::uint16_t>(std::stoul(j.get<std::string>(), nullptr, 0));
}
bool is_response(const std::string& id) {
  return id.find("resp") != std::string::npos || id.find("exception") != std::string::npos;
}
}  // namespace

TEST(modbus_rtu, every_request_vector) {
  const auto doc = load_vectors("modbus.json");
  int n = 0;
  for (const auto* list : {&doc.at("rtu_vectors"), &doc.at("derived_rtu_vectors")}) {
    for (const auto& v : *list) {
      const std::string id = v.at("id");
      if (is_response(id)) continue;
      SCOPED_TRACE(id);
      const auto b = hex(v.at("hex"));
      const auto r = mb::decode_rtu_request(b);
      ASSERT_TRUE(r.ok()) << submeter::to_string(r.status);
      EXPECT_EQ(r.consumed, b.size());
      const auto& e = v.at("expect");
      if (e.contains("slave")) {
        EXPECT_EQ(r.value->slave, e.at("slave").get<int>());
      }
      if (const auto* rd = std::get_if<mb::read_request>(&r.value->pdu)) {
        EXPECT_EQ(rd->function, e.at("function").get<int>());
        EXPECT_EQ(rd->start, number(e.at("start_address")));
        EXPECT_EQ(rd->quantity, number(e.at("quantity")));
      } else if (const auto* ws = std::get_if<mb::write_single>(&r.value->pdu)) {
        EXPECT_EQ(ws->address, number(e.at("address")));
        EXPECT_EQ(ws->value, number(e.at("value")));
      } else if (const auto* wm = std::get_if<mb::write_registers_request>(&r.value->pdu)) {
        EXPECT_EQ(wm->start, number(e.at("start_address")));
        ASSERT_EQ(wm->values.size(), number(e.at("quantity")));
        for (std::size_t i = 0; i < wm->values.size(); ++i) {
          EXPECT_EQ(wm->values[i], number(e.at("values").at(i)));
        }
      } else {
        ADD_FAILURE() << "unexpected request kind";
      }
      EXPECT_EQ(mb::encode_rtu(r.value->slave, r.value->pdu), b);
      ++n;
    }
  }
  EXPECT_EQ(n, 7);
}

TEST(modbus_rtu, every_response_vector) {
  const auto doc = load_vectors("modbus.json");
  int n = 0;
  for (const auto* list : {&doc.at("rtu_vectors"), &doc.at("derived_rtu_vectors")}) {
    for (const auto& v : *list) {
      const std::string id = v.at("id");
      if (!is_response(id) && id.find("fc06") == std::string::npos) continue;
      SCOPED_TRACE(id);
      const auto b = hex(v.at("hex"));
      const auto r = mb::decode_rtu_response(b);
      ASSERT_TRUE(r.ok()) << submeter::to_string(r.status);
      EXPECT_EQ(r.consumed, b.size());
      const auto& e = v.at("expect");
      if (const auto* regs = std::get_if<mb::registers_response>(&r.value->pdu)) {
        if (e.contains("byte_count")) {
          EXPECT_EQ(regs->registers.size() * 2, e.at("byte_count").get<std::size_t>());
        }
        if (e.contains("registers")) {
          ASSERT_EQ(regs->registers.size(), e.at("registers").size());
          for (std::size_t i = 0; i < regs->registers.size(); ++i) {
            EXPECT_EQ(regs->registers[i], number(e.at("registers").at(i)));
          }
        }
      } else if (const auto* ex = std::get_if<mb::exception_response>(&r.value->pdu)) {
        EXPECT_EQ(ex->function, e.at("function").get<int>());
        EXPECT_EQ(ex->code, e.at("exception_code").get<int>());
      } else if (const auto* wm = std::get_if<mb::write_multiple_response>(&r.value->pdu)) {
        EXPECT_EQ(wm->start, number(e.at("start_address")));
        EXPECT_EQ(wm->quantity, number(e.at("quantity")));
      } else if (std::get_if<mb::write_single>(&r.value->pdu) == nullptr) {
        ADD_FAILURE() << "unexpected response kind";
      }
      EXPECT_EQ(mb::encode_rtu(r.value->slave, r.value->pdu), b);
      ++n;
    }
  }
  EXPECT_EQ(n, 8);  // 3 spec/vendor responses, the FC06 echoes (2), 3 derived responses
}

TEST(modbus_rtu, prefixes_bad_crc_and_unknown_functions) {
  const auto b = hex("11 03 06 AE 41 56 52 43 40 49 AD");
  for (std::size_t n = 0; n < b.size(); ++n) {
    EXPECT_EQ(mb::decode_rtu_response(byte_span{b.data(), n}).status, decode_status::need_more)
        << n;
  }
  auto bad = b;
  bad[4] ^= 0x01;
  EXPECT_EQ(mb::decode_rtu_response(bad).status, decode_status::bad_checksum);
  EXPECT_EQ(mb::decode_rtu_response(bad).consumed, 1u);
  EXPECT_EQ(mb::decode_rtu_request(mb::encode_rtu(1, hex("2B 0E 01 00"))).status,
            decode_status::unsupported);
  // read of 0 or 126 registers is refused by value
  EXPECT_EQ(mb::decode_rtu_request(mb::encode_rtu(1, hex("03 00 00 00 00"))).status,
            decode_status::bad_value);
  EXPECT_EQ(mb::decode_rtu_request(mb::encode_rtu(1, hex("03 00 00 00 7E"))).status,
            decode_status::bad_value);
  // odd byte count in a register response
  EXPECT_EQ(mb::decode_rtu_response(mb::encode_rtu(1, hex("03 03 00 01 02"))).status,
            decode_status::bad_length);
}

TEST(modbus_rtu, acrel_event_record_has_binary_time) {
  const auto r = mb::decode_rtu_response(hex("01 03 0C 12 01 08 0A 01 01 01 00 00 00 00 00 80 23"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<mb::registers_response>(r.value->pdu).registers,
            (std::vector<std::uint16_t>{0x1201, 0x080A, 0x0101, 0x0100, 0x0000, 0x0000}));
}

RC_GTEST_PROP(modbus_rtu, register_responses_round_trip,
              (std::uint8_t slave, std::vector<std::uint16_t> regs)) {
  if (regs.empty()) regs.push_back(0);
  if (regs.size() > 125) regs.resize(125);
  const mb::response resp = mb::registers_response{3, regs};
  const auto wire = mb::encode_rtu(slave, resp);
  const auto r = mb::decode_rtu_response(wire);
  RC_ASSERT(r.ok());
  RC_ASSERT(r.value->slave == slave);
  RC_ASSERT(std::get<mb::registers_response>(r.value->pdu).registers == regs);
}

RC_GTEST_PROP(modbus_rtu, random_bytes_are_never_read_past, (std::vector<std::uint8_t> bytes)) {
  const auto a = mb::decode_rtu_request(bytes);
  const auto b = mb::decode_rtu_response(bytes);
  RC_ASSERT(a.consumed <= bytes.size());
  RC_ASSERT(b.consumed <= bytes.size());
}
