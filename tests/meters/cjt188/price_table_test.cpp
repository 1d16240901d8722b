// Tests of submeter/meters/cjt188/price_table.hpp: the A010 price table and A011 settlement day
// requests match the independent vectors of dlt645-settings.json (MWAT-1/2); 8102/8103 answers
// and 84/C4 write answers decode (MWAT-3); values the layout cannot hold are refused.
#include "submeter/meters/cjt188/price_table.hpp"

#include <gtest/gtest.h>

#include "support/error_of.hpp"
#include "vectors.hpp"

namespace cj = submeter::meters::cjt188;
using submeter::decode_status;
using submeter::errc;
using submeter::volume;
using submeter::volume_price;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;
using submeter::test_support::error_of;

namespace {

std::vector<std::uint8_t> price_frame_of(const std::string& id) {
  const auto doc = load_vectors("dlt645-settings.json");
  for (const auto& v : doc["vectors"]) {
    if (v["id"] == id) return hex(v["hex"].get<std::string>());
  }
  ADD_FAILURE() << "no vector " << id;
  return {};
}

const auto water = *cj::address::parse("00000011223344");

cj::price_table three_steps() {
  return {{volume_price::parse("3.45"), volume_price::parse("4.83"), volume_price::parse("5.83")},
          {volume::parse("220"), volume::parse("300")},
          1};
}

}  // namespace

TEST(cjt188_price_table, requests_match_the_vectors) {
  EXPECT_EQ(cj::price_table_request(cj::standard_2004, 0x10, water, 0, three_steps()),
            price_frame_of("cjt188-A010-price-table"));
  EXPECT_EQ(cj::settlement_day_request(cj::standard_2004, 0x10, water, 1, 25),
            price_frame_of("cjt188-A011-settlement-day-25"));
}

TEST(cjt188_price_table, answers_decode) {
  const auto f = cj::decode(price_frame_of("cjt188-8102-reply"));
  ASSERT_TRUE(f.ok());
  const auto r = cj::decode_setting_reply(*f.value, cj::standard_2004);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->di, cj::di::price_table);
  EXPECT_EQ(*r.value->table, three_steps());
  const auto d = cj::decode_setting_reply(*cj::decode(price_frame_of("cjt188-8103-reply")).value,
                                          cj::standard_2004);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d.value->settlement_day, 25);
  const auto a =
      cj::decode_write_ack(*cj::decode(price_frame_of("cjt188-84-ack")).value, cj::standard_2004);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a.value->accepted);
  EXPECT_EQ(a.value->di, cj::di::write_price_table);
  EXPECT_EQ(a.value->status->valve, cj::valve_state::open);
}

TEST(cjt188_price_table, a_table_without_its_start_day_and_the_2018_di_order) {
  auto body = cj::encode_price_table(three_steps());
  body.pop_back();
  const auto t = cj::decode_price_table(body);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value->start_day, 0);
  const auto req = cj::price_table_request(cj::standard_2018, 0x10, water, 7, three_steps());
  const auto f = cj::decode(req);
  EXPECT_EQ(f.value->payload()[0], 0x10);  // A010 low byte first
  EXPECT_EQ(f.value->payload()[1], 0xA0);
}

TEST(cjt188_price_table, refusals) {
  auto t = three_steps();
  t.prices[1] = volume_price::parse("4.835");
  const auto e = error_of([&] { (void)cj::encode_price_table(t); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("field"), "price_2");
  t = three_steps();
  t.bounds[0] = volume::parse("220.5");
  EXPECT_EQ(error_of([&] { (void)cj::encode_price_table(t); }).context_value("field"), "volume_1");
  t = three_steps();
  t.bounds = {volume::parse("300"), volume::parse("220")};
  EXPECT_EQ(error_of([&] { (void)cj::encode_price_table(t); }).code(), errc::invalid_argument);
  t = three_steps();
  t.start_day = 32;
  EXPECT_EQ(error_of([&] { (void)cj::encode_price_table(t); }).code(), errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)cj::settlement_day_request(cj::standard_2004, 0x10, water, 0, 0);
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(cj::decode_price_table(hex("00 00")).status, decode_status::bad_length);
  auto bad = cj::encode_price_table(three_steps());
  bad[0] = 0x4A;
  EXPECT_EQ(cj::decode_price_table(bad).status, decode_status::bad_value);
  auto descending = cj::encode_price_table(three_steps());
  descending[3] = 0x01;  // volume 1: 301 m3 > volume 2
  descending[4] = 0x03;
  EXPECT_EQ(cj::decode_price_table(descending).status, decode_status::bad_value);
  // a read request is not an answer; the valve's DI is not a setting
  const auto req = cj::decode(cj::read_data(cj::standard_2004, 0x10, water, 0, 0x8102));
  EXPECT_EQ(cj::decode_setting_reply(*req.value, cj::standard_2004).status,
            decode_status::unsupported);
}

TEST(cjt188_price_table, a_flat_price_is_three_equal_prices) {
  const auto t = cj::price_table::flat(volume_price::parse("3.45"), 5);
  EXPECT_EQ(t.prices[0], t.prices[2]);
  EXPECT_EQ(t.bounds[1], volume::parse("999999"));
  EXPECT_EQ(*cj::decode_price_table(cj::encode_price_table(t)).value, t);
}
