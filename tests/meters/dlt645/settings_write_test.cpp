// Tests of submeter/meters/dlt645/settings_write.hpp: write frames match the independent vectors
// of dlt645-settings.json and the public write capture of dlt645-2007.json byte for byte;
// passwords and operator codes parse as written on a label; the meter's 94 / D4 answers decode.
#include "submeter/meters/dlt645/settings_write.hpp"

#include <gtest/gtest.h>

#include "support/error_of.hpp"
#include "vectors.hpp"

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;
using submeter::errc;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;
using submeter::test_support::error_of;

namespace {

nlohmann::json vector_of(const std::string& file, const std::string& id) {
  const auto doc = load_vectors(file);
  for (const auto& v : doc["vectors"]) {
    if (v["id"] == id) return v;
  }
  ADD_FAILURE() << "no vector " << id;
  return {};
}

}  // namespace

TEST(dlt645_settings_write, credentials_parse_most_significant_first) {
  const auto c = dlt::write_credentials::parse("04", "123456", "00000001");
  EXPECT_EQ(c.wire_password(), (dlt::password{0x04, 0x56, 0x34, 0x12}));
  EXPECT_EQ(c.operator_bytes, (dlt::operator_code{0x01, 0x00, 0x00, 0x00}));
  const auto e = error_of([] { (void)dlt::write_credentials::parse("2", "000000", "00000000"); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.context_value("field"), "password level");
  EXPECT_EQ(error_of([] {
              (void)dlt::write_credentials::parse("02", "00000G", "00000000");
            }).context_value("field"),
            "password");
  EXPECT_EQ(error_of([] {
              (void)dlt::write_credentials::parse("02", "000000", "0000000");
            }).context_value("field"),
            "operator");
}

TEST(dlt645_settings_write, frames_match_the_independent_vectors) {
  const auto addr = *dlt::address::parse("000000001234");
  const auto v = vector_of("dlt645-settings.json", "set1-price-T4-0.2875-password-04");
  const dlt::write_item item{0x04050104, hex("75 28 00 00"), "T4"};
  EXPECT_EQ(dlt::write_frame(addr, item, dlt::write_credentials::parse("04", "123456", "00000001")),
            hex(v["hex"].get<std::string>()));
  const auto w = vector_of("dlt645-settings.json", "weekend-no-rest-day");
  EXPECT_EQ(dlt::write_frame(addr, {0x04000801, {0x7F}, ""}, {}), hex(w["hex"].get<std::string>()));
}

TEST(dlt645_settings_write, the_public_write_capture_is_rebuilt_byte_for_byte) {
  // d07-write-04A20200-vendor (dlt645-2007.json): a write captured from a vendor tool.
  const auto capture = hex(vector_of("dlt645-2007.json", "d07-write-04A20200-vendor")["hex"]);
  const auto f = dlt::decode(capture);
  ASSERT_TRUE(f.ok());
  const auto r = dlt::decode_request(*f.value);
  ASSERT_TRUE(r.ok());
  dlt::write_credentials c;
  c.level = (*r.value->password)[0];
  c.password_bytes = {(*r.value->password)[1], (*r.value->password)[2], (*r.value->password)[3]};
  c.operator_bytes = *r.value->operator_code;
  EXPECT_EQ(dlt::write_frame(f.value->address, {*r.value->di, r.value->payload, ""}, c,
                             f.value->preamble),
            capture);
}

TEST(dlt645_settings_write, answers_decode) {
  const auto ack = dlt::decode(hex(vector_of("dlt645-settings.json", "write-ack-94")["hex"]));
  const auto a = dlt::decode_write_reply(*ack.value);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a.value->accepted());
  const auto no =
      dlt::decode(hex(vector_of("dlt645-settings.json", "write-refused-D4-unauthorised")["hex"]));
  const auto r = dlt::decode_write_reply(*no.value);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value->accepted());
  EXPECT_TRUE(r.value->error->unauthorised());
  EXPECT_EQ(r.value->error->names(), std::vector<std::string>{"unauthorised"});
  // a read reply, a request and a 94 carrying data are not write answers
  const auto read_reply = dlt::decode(hex("68 12 00 00 00 10 20 68 D1 01 35 19 16"));
  EXPECT_EQ(dlt::decode_write_reply(*read_reply.value).status, decode_status::unsupported);
  const auto addr = *dlt::address::parse("1");
  const auto req = dlt::decode(dlt::write_frame(addr, {0x04000801, {0x7F}, ""}, {}));
  EXPECT_EQ(dlt::decode_write_reply(*req.value).status, decode_status::unsupported);
  const auto long_ack =
      dlt::decode(dlt::encode(addr, dlt::control::reply_to(dlt::function::write), hex("00")));
  EXPECT_EQ(dlt::decode_write_reply(*long_ack.value).status, decode_status::bad_length);
}
