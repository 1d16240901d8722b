// Tests of submeter/meters/dlt645/request.hpp: builders reproduce the request vectors byte for
// byte; requests decode back into their fields; the 2007/1997 mixed frame is flagged.
#include "submeter/meters/dlt645/request.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vectors.hpp"

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;
using submeter::meters::clock_fields;
using submeter::meters::clock_value;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;

TEST(dlt645_request, read_requests_match_the_vectors) {
  EXPECT_EQ(dlt::read(dlt::address::wildcard(), 0x00010000, 0),
            hex("68 AA AA AA AA AA AA 68 11 04 33 33 34 33 AE 16"));
  EXPECT_EQ(dlt::read(dlt::address::wildcard(), 0x02010100, 0),
            hex("68 AA AA AA AA AA AA 68 11 04 33 34 34 35 B1 16"));
  EXPECT_EQ(dlt::read(*dlt::address::parse("202208310002"), 0x028022FF),
            hex("FE FE FE FE 68 02 00 31 08 22 20 68 11 04 32 55 B3 35 D1 16"));
  EXPECT_EQ(dlt::read(*dlt::address::parse("000000193600"), 0x0001FF00, 1),
            hex("FE 68 00 36 19 00 00 00 68 11 04 33 32 34 33 00 16"));
  EXPECT_EQ(dlt::read(*dlt::address::parse("1234567890"), 0x00000000, 0),
            hex("68 90 78 56 34 12 00 68 11 04 33 33 33 33 55 16"));
  EXPECT_EQ(dlt::read(*dlt::address::parse("12345678"), 0x02010100, 0),
            hex("68 78 56 34 12 00 00 68 11 04 33 34 34 35 C9 16"));
}

TEST(dlt645_request, read_address_write_address_and_1997_read) {
  EXPECT_EQ(dlt::read_address(), hex("FE FE FE FE 68 AA AA AA AA AA AA 68 13 00 DF 16"));
  // 600888/dlt645 write-address vector: sent to 121078563412 (not the wildcard) in that library;
  // our builder addresses the wildcard, so compare the data field and rebuild with its address.
  const auto new_address = *dlt::address::parse("131078563412");
  const auto ours = dlt::write_address(new_address);
  const auto f = dlt::decode(ours).value;
  EXPECT_EQ(f->payload().to_vector(), hex("12 34 56 78 10 13"));
  EXPECT_EQ(dlt::encode(*dlt::address::parse("121078563412"), dlt::control{0x15}, f->payload()),
            hex("FE FE FE FE 68 12 34 56 78 10 12 68 15 06 45 67 89 AB 43 46 8A 16"));
  EXPECT_EQ(dlt::read_1997(*dlt::address::parse("3"), 0xB611, 0),
            hex("68 03 00 00 00 00 00 68 01 02 44 E9 03 16"));
  EXPECT_EQ(dlt::read_1997(*dlt::address::parse("000003430163"), 0x9010, 0),
            hex("68 63 01 43 03 00 00 68 01 02 43 C3 83 16"));
}

TEST(dlt645_request, write_vector_decodes_into_password_operator_and_data) {
  const auto bytes =
      hex("68 AA AA AA AA AA AA 68 14 2E 33 35 D5 37 33 6C 85 89 33 33 33 33 34 33 55 33 55 33 55 "
          "33 33 "
          "58 33 33 58 33 33 58 33 33 33 88 33 33 33 88 33 33 33 88 33 43 33 43 33 43 C6 16");
  const auto r = dlt::decode_request(*dlt::decode(bytes).value);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->di, 0x04A20200u);
  EXPECT_EQ(r.value->password, (dlt::password{0x00, 0x39, 0x52, 0x56}));
  EXPECT_EQ(r.value->operator_code, (dlt::operator_code{0, 0, 0, 0}));
  EXPECT_EQ(r.value->payload.size(), 34u);
  // and the builder gives the same bytes back
  EXPECT_EQ(dlt::write(dlt::address::wildcard(), *r.value->di, *r.value->password,
                       *r.value->operator_code, r.value->payload, 0),
            bytes);
}

TEST(dlt645_request, broadcast_time_vector_is_wire_level_only) {
  const auto bytes = hex("FE FE FE FE 68 99 99 99 99 99 99 68 08 06 58 44 35 45 67 89 7A 16");
  const auto r = dlt::decode_request(*dlt::decode(bytes).value);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value->address.is_broadcast());
  EXPECT_EQ(r.value->payload, hex("25 11 02 12 34 56"));
  EXPECT_FALSE(r.value->time->ok());  // month byte 0x34: not a calendar time
}

TEST(dlt645_request, broadcast_time_builder) {
  const clock_value t{clock_fields::date_time, 2026, 11, 24, 17, 30, 5, -1};
  const auto bytes = dlt::broadcast_time(t, 0);
  const auto r = dlt::decode_request(*dlt::decode(bytes).value);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->payload, hex("05 30 17 24 11 26"));  // ss mm hh DD MM YY
  EXPECT_EQ(*r.value->time, t);
  const clock_value bad{clock_fields::date_time, 2026, 13, 1, 0, 0, 0, -1};
  EXPECT_THROW((void)dlt::broadcast_time(bad), submeter::error);
}

TEST(dlt645_request, relay_control_carries_a_deadline) {
  const clock_value deadline{clock_fields::date_time, 2026, 11, 24, 18, 0, 0, -1};
  const auto bytes =
      dlt::relay_control(*dlt::address::parse("000006605518"), dlt::password{0x02, 0, 0, 0},
                         dlt::operator_code{1, 2, 3, 4}, dlt::relay_action::trip, deadline);
  const auto f = dlt::decode(bytes);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value->control.code, 0x1C);
  EXPECT_EQ(f.value->length, 16);
  const auto r = dlt::decode_request(*f.value);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->relay_action, std::uint8_t{0x1A});
  EXPECT_EQ(*r.value->time, deadline);
  EXPECT_EQ(r.value->password, (dlt::password{0x02, 0, 0, 0}));
}

TEST(dlt645_request, follow_up_and_freeze) {
  const auto r = dlt::decode_request(
      *dlt::decode(dlt::read_follow_up(dlt::address::wildcard(), 0x04010001, 3)).value);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->di, 0x04010001u);
  EXPECT_EQ(r.value->sequence, std::uint8_t{3});
  const auto fz = dlt::decode(dlt::freeze(dlt::address::broadcast(), {0x99, 0x99, 0x99, 0x99}));
  EXPECT_EQ(fz.value->control.code, 0x16);
  EXPECT_EQ(fz.value->payload().to_vector(), hex("99 99 99 99"));
}

TEST(dlt645_request, the_mixed_2007_1997_frame_is_flagged_and_refused) {
  const auto doc = load_vectors("dlt645-1997.json");
  const auto& neg = doc.at("negative_vectors").at(0);
  const auto f = dlt::decode(hex(neg.at("hex")));
  ASSERT_TRUE(f.ok());  // checksum is fine (expect.checksum_ok)
  EXPECT_EQ(dlt::classify_edition(*f.value), dlt::frame_edition::mixed);
  EXPECT_EQ(dlt::decode_request(*f.value).status, decode_status::bad_length);
  // the genuine frames classify by edition
  for (const auto& v : doc.at("vectors")) {
    EXPECT_EQ(dlt::classify_edition(*dlt::decode(hex(v.at("hex"))).value),
              dlt::frame_edition::v1997);
  }
  const auto d07 = load_vectors("dlt645-2007.json");
  for (const auto& v : d07.at("vectors")) {
    const auto e = dlt::classify_edition(*dlt::decode(hex(v.at("hex"))).value);
    EXPECT_TRUE(e == dlt::frame_edition::v2007 || e == dlt::frame_edition::either) << v.at("id");
  }
}

TEST(dlt645_request, replies_are_not_requests) {
  EXPECT_EQ(
      dlt::decode_request(*dlt::decode(hex("68 12 00 00 00 10 20 68 D1 01 35 19 16")).value).status,
      decode_status::unsupported);
}

RC_GTEST_PROP(dlt645_request, read_round_trips,
              (std::uint32_t di, std::array<std::uint8_t, 6> addr)) {
  const dlt::address a{addr};
  const auto r = dlt::decode_request(*dlt::decode(dlt::read(a, di)).value);
  RC_ASSERT(r.ok());
  RC_ASSERT(*r.value->di == di);
  RC_ASSERT(r.value->address == a);
}
