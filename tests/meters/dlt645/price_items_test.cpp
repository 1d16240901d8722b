// Tests of submeter/meters/dlt645/price_items.hpp: the DIs of rate prices and ladders of the two
// sets and their switch-over times (MPRC-1..3, sources in dlt645-settings.json), the 4-byte
// price and bound formats, refusals, and the catalogue rows that decode them in read replies.
#include "submeter/meters/dlt645/price_items.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "submeter/meters/dlt645/read_response.hpp"
#include "support/error_of.hpp"
#include "vectors.hpp"

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;
using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;
using submeter::test_support::error_of;

namespace {

std::vector<std::uint8_t> write_data(const std::string& id) {
  const auto doc = load_vectors("dlt645-settings.json");
  for (const auto& v : doc["vectors"]) {
    if (v["id"] != id) continue;
    return dlt::decode(hex(v["hex"].get<std::string>())).value->payload().subspan(12).to_vector();
  }
  ADD_FAILURE() << "no vector " << id;
  return {};
}

template <std::size_t N>
std::vector<std::uint8_t> vec(const std::array<std::uint8_t, N>& a) {
  return {a.begin(), a.end()};
}

}  // namespace

TEST(dlt645_price_items, dis_agree_with_the_public_firmware_tables) {
  // Every DI below is listed with at least two independent sources in dlt645-settings.json.
  EXPECT_EQ(dlt::rate_price_di(dlt::table_set::first, 1), 0x04050101u);
  EXPECT_EQ(dlt::rate_price_di(dlt::table_set::second, 1), 0x04050201u);
  EXPECT_EQ(dlt::rate_price_di(dlt::table_set::second, 63), 0x0405023Fu);
  EXPECT_EQ(dlt::ladder_bound_di(dlt::table_set::first, 1), 0x04060001u);
  EXPECT_EQ(dlt::ladder_price_di(dlt::table_set::first, 1), 0x04060101u);
  EXPECT_EQ(dlt::ladder_bound_di(dlt::table_set::second, 1), 0x04060201u);
  EXPECT_EQ(dlt::ladder_price_di(dlt::table_set::second, 7), 0x04060307u);
  EXPECT_EQ(dlt::price_switch_time_di, 0x04000108u);
  EXPECT_EQ(dlt::ladder_switch_time_di, 0x04000109u);
  const auto items = load_vectors("dlt645-settings.json")["items"];
  std::size_t with_two_sources = 0;
  for (const auto& i : items) with_two_sources += i["sources"].size() >= 2 ? 1u : 0u;
  EXPECT_EQ(with_two_sources, items.size());
}

TEST(dlt645_price_items, prices_and_bounds_encode_as_the_vectors) {
  EXPECT_EQ(vec(dlt::encode_price(energy_price::parse("0.8976"))),
            write_data("set2-price-T2-0.8976"));
  EXPECT_EQ(vec(dlt::encode_price(energy_price::parse("0.2875"))),
            write_data("set1-price-T4-0.2875-password-04"));
  EXPECT_EQ(vec(dlt::encode_ladder_bound(energy::parse("2760"))),
            write_data("set2-ladder-bound1-2760"));
  EXPECT_EQ(vec(dlt::encode_price(energy_price::parse("0.5783"))),
            write_data("set2-ladder-price2-0.5783"));
  EXPECT_EQ(*dlt::decode_price(hex("76 89 00 00")).value, energy_price::parse("0.8976"));
  EXPECT_EQ(*dlt::decode_ladder_bound(hex("00 60 27 00")).value, energy::parse("2760"));
  EXPECT_EQ(*dlt::decode_price(hex("99 99 99 99")).value, energy_price::parse("9999.9999"));
}

TEST(dlt645_price_items, values_the_format_cannot_hold_are_refused) {
  const auto e = error_of([] { (void)dlt::encode_price(energy_price::parse("0.61235")); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("value"), "0.612350");
  EXPECT_EQ(error_of([] { (void)dlt::encode_price(energy_price::parse("10000")); }).code(),
            errc::unsupported);
  EXPECT_EQ(error_of([] { (void)dlt::encode_price(energy_price::parse("-0.1")); }).code(),
            errc::unsupported);
  EXPECT_EQ(error_of([] { (void)dlt::encode_ladder_bound(energy::parse("2760.005")); }).code(),
            errc::unsupported);
  EXPECT_EQ(error_of([] { (void)dlt::encode_ladder_bound(energy::parse("1000000")); }).code(),
            errc::unsupported);
  EXPECT_EQ(dlt::decode_price(hex("0A 00 00 00")).status, decode_status::bad_value);
  EXPECT_EQ(dlt::decode_price(hex("FF FF FF FF")).status, decode_status::bad_value);
  EXPECT_EQ(dlt::decode_price(hex("00 00 00")).status, decode_status::bad_length);
  const auto doc = load_vectors("dlt645-settings.json");
  for (const auto& v : doc["negative_vectors"]) {
    if (v["item"].get<std::string>().rfind("0405", 0) != 0) continue;
    EXPECT_EQ(std::string(to_string(dlt::decode_price(hex(v["data"].get<std::string>())).status)),
              v["expect"].get<std::string>());
  }
}

TEST(dlt645_price_items, the_catalogue_decodes_read_replies_of_the_new_items) {
  const auto addr = *dlt::address::parse("000000001234");
  const auto reply = [&](std::uint32_t di, std::vector<std::uint8_t> data) {
    std::vector<std::uint8_t> d{static_cast<std::uint8_t>(di), static_cast<std::uint8_t>(di >> 8),
                                static_cast<std::uint8_t>(di >> 16),
                                static_cast<std::uint8_t>(di >> 24)};
    d.insert(d.end(), data.begin(), data.end());
    const auto f = dlt::decode(dlt::encode(addr, dlt::control::reply_to(dlt::function::read), d));
    return dlt::decode_read_response(*f.value);
  };
  const auto p = reply(0x04050202, hex("76 89 00 00"));
  ASSERT_TRUE(p.ok());
  ASSERT_NE(p.value->entry, nullptr);
  EXPECT_EQ(p.value->values.at(0).to_string(), "0.8976");
  EXPECT_EQ(std::string(p.value->entry->unit), "yuan/kWh");
  EXPECT_EQ(reply(0x04060201, hex("00 60 27 00")).value->values.at(0).to_string(), "2760.00");
  EXPECT_EQ(reply(0x04060307, hex("00 00 00 01")).value->values.at(0).to_string(), "100.0000");
  EXPECT_EQ(reply(0x04000108, hex("00 00 01 06 25")).value->values.at(0).to_string(),
            "2025-06-01 00:00:00");
  EXPECT_EQ(dlt::find_di(0x04060007), nullptr);  // bound 7 does not exist
  EXPECT_EQ(dlt::find_di(0x04060107)->shape, dlt::di_shape::index_1_7);
  EXPECT_EQ(dlt::find_di(0x04060108), nullptr);  // price 8 does not exist
  EXPECT_EQ(dlt::find_di(0x04050140), nullptr);  // tariff 64
}

RC_GTEST_PROP(dlt645_price_items, prices_round_trip, ()) {
  const auto m = *rc::gen::inRange<std::int64_t>(0, 100000000);
  const auto p = energy_price::from_mantissa(m * 100);  // 4 places of 6
  RC_ASSERT(*dlt::decode_price(vec(dlt::encode_price(p))).value == p);
  const auto b = energy::from_mantissa(m * 100);  // 2 places of 4
  RC_ASSERT(*dlt::decode_ladder_bound(vec(dlt::encode_ladder_bound(b))).value == b);
}
