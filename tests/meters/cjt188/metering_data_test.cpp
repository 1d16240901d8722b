// Tests of submeter/meters/cjt188/metering_data.hpp: the 901F layouts of the vectors (water
// stub, JY heat meter with units first, SC reply decoded leniently), exact values.
#include "submeter/meters/cjt188/metering_data.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "vectors.hpp"

namespace cj = submeter::meters::cjt188;
using submeter::decode_status;
using submeter::meters::scaled_value;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;

namespace {
const nlohmann::json& vector_by_id(const nlohmann::json& doc, const std::string& id) {
  for (const auto* list : {&doc.at("vectors"), &doc.at("negative_vectors")}) {
    for (const auto& v : *list) {
      if (v.at("id") == id) return v;
    }
  }
  throw std::runtime_error("no vector " + id);
}
scaled_value val(const nlohmann::json& j) { return *scaled_value::parse(j.get<std::string>()); }
}  // namespace

TEST(cjt188_metering_data, heat_meter_with_units_before_values) {
  const auto doc = load_vectors("cjt188.json");
  const auto& v = vector_by_id(doc, "cj-read-resp-901F-heat-JY-unit-first");
  const auto& e = v.at("expect");
  const auto f = cj::decode(hex(v.at("hex")));
  ASSERT_TRUE(f.ok());
  const auto r = cj::decode_heat_reply(*f.value, cj::jy_heat);
  ASSERT_TRUE(r.ok()) << submeter::to_string(r.status);
  const auto& h = *r.value;
  const auto check = [](const cj::measured& m, const nlohmann::json& want) {
    EXPECT_EQ(m.value, val(want.at("value")));
    EXPECT_EQ(m.unit,
              submeter::meters::test::hex_number(want.at("unit").get<std::string>().substr(0, 2)));
  };
  check(h.settlement_heat, e.at("settlement_day_heat"));
  check(h.current_heat, e.at("current_heat"));
  check(h.heat_power, e.at("heat_power"));
  check(h.flow_rate, e.at("flow_rate"));
  check(h.cumulative_flow, e.at("cumulative_flow"));
  EXPECT_EQ(cj::unit_symbol(h.current_heat.unit), "MWh");
  EXPECT_EQ(h.supply_temperature, val(e.at("supply_temp_C")));
  EXPECT_EQ(h.return_temperature, val(e.at("return_temp_C")));
  EXPECT_EQ(h.working_hours, val(e.at("working_hours")));
  EXPECT_EQ(h.time.to_string(), e.at("real_time").get<std::string>());
  EXPECT_EQ(h.status.valve, cj::valve_state::open);
  EXPECT_EQ(h.cumulative_flow.to_volume(), submeter::volume::parse("10.34"));
  // the standard layout (unit after value) does not read this meter: the first "value" would be
  // 08 02 00 00 -> 00000208 -> 2.08, not 0.02
  const auto wrong = cj::decode_heat_reply(*f.value, cj::standard_2004);
  EXPECT_TRUE(!wrong.ok() ||
              wrong.value->settlement_heat.value != val(e.at("settlement_day_heat").at("value")));
}

TEST(cjt188_metering_data, water_stub_reply) {
  const auto doc = load_vectors("cjt188.json");
  const auto& v = vector_by_id(doc, "cj-read-resp-901F-stub");
  const auto& e = v.at("expect");
  const auto r = cj::decode_water_reply(*cj::decode(hex(v.at("hex"))).value, cj::standard_2004);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->current_flow.value, val(e.at("current_cumulative_flow")));
  EXPECT_EQ(r.value->settlement_flow.value, val(e.at("settlement_day_cumulative_flow")));
  EXPECT_EQ(r.value->current_flow.unit, 0x2C);
  EXPECT_EQ(r.value->current_flow.to_volume(), submeter::volume::parse("1000.10"));
  EXPECT_FALSE(r.value->time.ok());  // "all zero (invalid date)"
  EXPECT_EQ(r.value->status.raw[0], 0x00);
  EXPECT_EQ(r.value->status.raw[1], 0xFF);
}

TEST(cjt188_metering_data, sc_reply_with_its_wrong_checksum_decodes_only_leniently) {
  const auto doc = load_vectors("cjt188.json");
  const auto& v = vector_by_id(doc, "cj-read-resp-901F-water-SC-badcs");
  const auto& e = v.at("expect");
  const auto bytes = hex(v.at("hex"));
  ASSERT_EQ(cj::decode(bytes).status, decode_status::bad_checksum);
  const auto f = cj::decode(bytes, cj::decode_options{255, false});
  const auto r = cj::decode_water_reply(*f.value, cj::sc_water);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->current_flow.value, val(e.at("current_cumulative_flow")));
  EXPECT_EQ(r.value->settlement_flow.value, val(e.at("settlement_day_cumulative_flow")));
  EXPECT_EQ(r.value->time.to_string(), e.at("real_time").get<std::string>());
  EXPECT_EQ(r.value->status.raw[0], 0x21);
  EXPECT_EQ(r.value->status.raw[1], 0x84);
  EXPECT_EQ(r.value->status.valve, cj::valve_state::closed);  // 0x21: valve bits 01
}

TEST(cjt188_metering_data, refusals) {
  const auto doc = load_vectors("cjt188.json");
  const auto heat =
      *cj::decode(hex(vector_by_id(doc, "cj-read-resp-901F-heat-JY-unit-first").at("hex"))).value;
  EXPECT_EQ(cj::decode_water_reply(heat, cj::jy_heat).status,
            decode_status::unsupported);  // a heat meter
  const auto req = *cj::decode(hex(vector_by_id(doc, "cj-read-req-901F-be").at("hex"))).value;
  EXPECT_EQ(cj::decode_water_reply(req, cj::standard_2004).status,
            decode_status::unsupported);  // a request
  EXPECT_EQ(cj::decode_water_data(hex("00 00"), cj::standard_2004).status,
            decode_status::bad_length);
  std::vector<std::uint8_t> body(19, 0x00);
  body[0] = 0x0A;  // not BCD
  EXPECT_EQ(cj::decode_water_data(body, cj::standard_2004).status, decode_status::bad_value);
  std::vector<std::uint8_t> filler(19, 0x00);
  for (int i = 0; i < 4; ++i) filler[static_cast<std::size_t>(i)] = 0xFF;
  const auto absent = cj::decode_water_data(filler, cj::standard_2004);
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent.value->current_flow.value.has_value());
}

TEST(cjt188_metering_data, litres_convert_to_cubic_metres) {
  const cj::measured m{scaled_value{123456, 2}, 0x29};  // 1234.56 L
  EXPECT_FALSE(m.to_volume());                          // 1.23456 m³ is not exact at 1e-4
  EXPECT_EQ(m.to_volume(submeter::rounding::half_up), submeter::volume::parse("1.2346"));
  EXPECT_EQ(m.to_volume(submeter::rounding::floor), submeter::volume::parse("1.2345"));
  EXPECT_EQ((cj::measured{scaled_value{12345, 1}, 0x29}).to_volume(),
            submeter::volume::parse("1.2345"));
  EXPECT_FALSE((cj::measured{scaled_value{1, 0}, 0x05}).to_volume());  // kWh is not a volume
}

RC_GTEST_PROP(cjt188_metering_data, water_values_round_trip_in_both_unit_positions,
              (std::uint32_t current, std::uint32_t settled, bool unit_first)) {
  const cj::profile& p = unit_first ? cj::jy_heat : cj::standard_2004;
  const auto c = *submeter::meters::encode_bcd(current % 100000000u, false, 4,
                                               submeter::meters::bcd_sign::unsigned_value);
  const auto s = *submeter::meters::encode_bcd(settled % 100000000u, false, 4,
                                               submeter::meters::bcd_sign::unsigned_value);
  std::vector<std::uint8_t> body;
  const auto put = [&](const std::vector<std::uint8_t>& v) {
    if (unit_first) body.push_back(0x2C);
    body.insert(body.end(), v.begin(), v.end());
    if (!unit_first) body.push_back(0x2C);
  };
  put(c);
  put(s);
  const auto t = hex("31 01 22 11 05 15 20 00 00");
  body.insert(body.end(), t.begin(), t.end());
  const auto r = cj::decode_water_data(body, p);
  RC_ASSERT(r.ok());
  RC_ASSERT(r.value->current_flow.value == (scaled_value{current % 100000000u, 2}));
  RC_ASSERT(r.value->settlement_flow.value == (scaled_value{settled % 100000000u, 2}));
  RC_ASSERT(r.value->current_flow.unit == 0x2C);
}
