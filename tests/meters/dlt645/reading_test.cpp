// Tests of submeter/meters/dlt645/reading.hpp: block replies and single registers become a
// meter_reading; totals are never derived from rates.
#include "submeter/meters/dlt645/reading.hpp"
#include "submeter/meters/dlt645/request.hpp"
#include "submeter/meters/dlt645/scanner.hpp"

#include <gtest/gtest.h>

#include "vectors.hpp"

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;
using submeter::energy;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;

namespace {
dlt::read_response reply(const std::string& text, dlt::edition ed = dlt::edition::v2007) {
  return *dlt::decode_read_response(*dlt::decode(hex(text)).value, ed).value;
}
}  // namespace

TEST(dlt645_reading, every_block_vector_becomes_a_reading) {
  const auto doc = load_vectors("dlt645-2007.json");
  int blocks = 0;
  for (const auto& v : doc.at("vectors")) {
    if (!v.at("expect").contains("values")) continue;
    SCOPED_TRACE(v.at("id").get<std::string>());
    ++blocks;
    const auto r = dlt::to_reading(reply(v.at("hex")), submeter::ratio::parse("80"));
    ASSERT_TRUE(r.ok());
    const auto& want = v.at("expect").at("values");
    EXPECT_EQ(r.value->total, energy::parse(want.at("total").get<std::string>()));
    for (int n = 1; n <= 4; ++n) {
      EXPECT_EQ(r.value->rate(n),
                energy::parse(want.at("T" + std::to_string(n)).get<std::string>()));
    }
    EXPECT_FALSE(r.value->rate(5).has_value());
    EXPECT_EQ(r.value->multiplier, submeter::ratio::parse("80"));
  }
  EXPECT_EQ(blocks, 5);
}

// The worked example of docs/meters.md "Reading a DL/T 645 meter end to end".
TEST(dlt645_reading, docs_worked_example) {
  const auto meter = *dlt::address::parse("000000000224");
  EXPECT_EQ(dlt::read(meter, 0x0001FF00),
            hex("FE FE FE FE 68 24 02 00 00 00 00 68 11 04 33 32 34 33 D7 16"));
  const auto wire =
      hex("FE FE FE FE 68 24 02 00 00 00 00 68 91 18 33 32 34 33 C7 47 35 33 37 86 33 33 A7 86 33 "
          "33 36 "
          "87 33 33 44 87 33 33 EB 16");
  dlt::scanner s;
  s.feed(submeter::meters::byte_span{wire.data(), 20});  // a first read returns half the reply
  EXPECT_EQ(s.next().status, decode_status::need_more);
  s.feed(submeter::meters::byte_span{wire.data() + 20, wire.size() - 20});
  const auto f = s.next();
  ASSERT_TRUE(f.ok());
  const auto r = dlt::decode_read_response(*f.value);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->entry->name, "forward active energy");
  const auto reading = dlt::to_reading(*r.value, submeter::ratio::parse("30"));  // CT 150/5
  ASSERT_TRUE(reading.ok());
  EXPECT_EQ(reading.value->total->to_string(2), "214.94");
  EXPECT_EQ(reading.value->rate(1)->to_string(2), "53.04");
  EXPECT_EQ(reading.value->rate(4)->to_string(2), "54.11");
  EXPECT_EQ(reading.value->primary_total(submeter::rounding::half_up)->to_string(2), "6448.20");
}

TEST(dlt645_reading, total_is_kept_even_when_it_differs_from_the_sum_of_rates) {
  // d07-read-resp-0001FF00-total-ne-sum: 214.94 vs 53.04 + 53.74 + 54.03 + 54.11 = 214.92
  const auto r =
      dlt::to_reading(reply("FE FE FE FE 68 24 02 00 00 00 00 68 91 18 33 32 34 33 C7 47 35 33 37 "
                            "86 33 33 A7 86 33 33 36 "
                            "87 33 33 44 87 33 33 EB 16"));
  ASSERT_TRUE(r.ok());
  energy sum;
  for (int n = 1; n <= 4; ++n) sum += *r.value->rate(n);
  EXPECT_EQ(sum, energy::parse("214.92"));
  EXPECT_EQ(*r.value->total, energy::parse("214.94"));
  EXPECT_EQ(r.value->primary_total(submeter::rounding::half_up), energy::parse("214.94"));
}

TEST(dlt645_reading, single_registers_of_the_stream_merge_into_one_reading) {
  const auto doc = load_vectors("dlt645-2007.json");
  const auto bytes = hex(doc.at("stream_vectors").at(0).at("hex"));
  dlt::scanner s;
  s.feed(bytes);
  submeter::meters::meter_reading m;
  int merged = 0;
  for (auto f = s.next(); f.status != decode_status::need_more; f = s.next()) {
    ASSERT_TRUE(f.ok());
    const auto r = dlt::decode_read_response(*f.value);
    ASSERT_TRUE(r.ok());
    if (dlt::merge_into(m, *r.value) == decode_status::ok) ++merged;
  }
  EXPECT_EQ(merged, 5);  // 00010000 and 00010100..00010400
  EXPECT_EQ(m.total, energy::parse("230.93"));
  EXPECT_EQ(m.rate(1), energy::parse("0"));
  EXPECT_EQ(m.rate(3), energy::parse("221.76"));
  EXPECT_EQ(m.rate(4), energy::parse("9.17"));
}

TEST(dlt645_reading, the_1997_block_and_register) {
  const auto r = dlt::to_reading(
      reply("68 54 07 13 00 80 13 68 81 06 43 C3 34 33 33 33 2B 16", dlt::edition::v1997));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->total, energy::parse("0.01"));
}

TEST(dlt645_reading, other_items_and_abnormal_replies_are_refused) {
  submeter::meters::meter_reading m;
  EXPECT_EQ(dlt::merge_into(m, reply("68 01 00 44 23 52 00 68 91 06 33 36 34 35 95 55 DD 16")),
            decode_status::unsupported);  // a voltage
  EXPECT_EQ(dlt::merge_into(m, reply("68 12 00 00 00 10 20 68 D1 01 35 19 16")),
            decode_status::unsupported);
  // forward active is not combined active
  const auto fwd = reply("68 12 90 78 56 34 12 68 91 08 33 33 34 33 89 67 45 33 54 16");
  EXPECT_EQ(dlt::merge_into(m, fwd, 0x00), decode_status::unsupported);
  EXPECT_FALSE(m.total.has_value());
  EXPECT_EQ(dlt::merge_into(m, fwd), decode_status::ok);
  EXPECT_EQ(m.total, energy::parse("1234.56"));
}

TEST(dlt645_reading, fillers_leave_registers_absent) {
  // 0001FF00 with total 1.00, T1 filler (FF after -0x33 = 32 on the wire)
  const std::vector<std::uint8_t> data{0x00, 0xFF, 0x01, 0x00, 0x00, 0x01,
                                       0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF};
  const auto wire = dlt::encode(dlt::address::wildcard(), dlt::control{0x91}, data);
  const auto r = dlt::to_reading(*dlt::decode_read_response(*dlt::decode(wire).value).value);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->total, energy::parse("1"));
  EXPECT_FALSE(r.value->rate(1).has_value());
}
