// Tests of src/ingest/gateway_message.hpp: each format's vectors (tests/data/gateways) become
// register values exactly; messages without reads are ignored; malformed and unknown ones are a
// status naming the place, never a throw.
#include "ingest/gateway_message.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest_support.hpp"
#include "submeter/meters/hex.hpp"
#include "submeter/meters/modbus/acrel.hpp"
#include "submeter/meters/modbus/crc.hpp"

namespace submeter::ingest {
namespace {

using test::at;
using test::vector_text;

parse_options received_at(const char* t) {
  parse_options o;
  o.received = at(t);
  return o;
}

TEST(parse_acrel, data_gives_total_rates_and_multiplier) {
  const auto r = parse_acrel("/gw/acrelHW/DTSD/data/12209263660002", vector_text("acrel-data.json"),
                             received_at("2026-07-01T00:15:07"));
  ASSERT_EQ(r.status, message_status::ok) << r.detail;
  ASSERT_EQ(r.values.size(), 5u);
  EXPECT_EQ(r.values[0].meter_id, "12209263660011");
  EXPECT_EQ(r.values[0].register_number, 0);
  EXPECT_EQ(r.values[0].time, at("2026-07-01T00:15"));
  EXPECT_EQ(r.values[0].received, at("2026-07-01T00:15:07"));
  EXPECT_EQ(r.values[0].value, energy::parse("1234.56"));
  EXPECT_EQ(r.values[0].source, metering::reading_source::acrel_gateway);
  EXPECT_EQ(r.values[4].register_number, 4);
  EXPECT_EQ(r.values[4].value, energy::parse("233.96"));
  ASSERT_EQ(r.multipliers.size(), 1u);
  EXPECT_EQ(r.multipliers[0].multiplier, ratio::from_integer(40));
}

TEST(parse_acrel, hstdata_records_each_with_its_time_and_missing_meters_skipped) {
  const auto r = parse_acrel("", vector_text("acrel-hstdata.json"));
  ASSERT_EQ(r.status, message_status::ok) << r.detail;
  ASSERT_EQ(r.values.size(), 3u);
  EXPECT_EQ(r.skipped, 1u);
  EXPECT_EQ(r.values[2].time, at("2026-07-01T00:45"));
  EXPECT_EQ(r.values[2].value, energy::parse("1235.71"));
  EXPECT_FALSE(r.values[2].received.has_value());
}

TEST(parse_acrel, transport_frames_go_through_the_dlt645_codec) {
  const auto r =
      parse_acrel("/gw/acrelHW/x/transport/12209263660002", vector_text("acrel-transport.json"));
  ASSERT_EQ(r.status, message_status::ok) << r.detail;
  ASSERT_EQ(r.values.size(), 5u);
  EXPECT_EQ(r.values[0].meter_id, "000000000224");  // the 645 address
  EXPECT_EQ(r.values[0].value, energy::parse("214.94"));
  EXPECT_EQ(r.values[1].value, energy::parse("53.04"));
  EXPECT_EQ(r.values[0].source, metering::reading_source::acrel_gateway);
}

TEST(parse_acrel, login_and_heart_are_ignored_unknown_types_unsupported) {
  EXPECT_EQ(parse_acrel("", vector_text("acrel-login.json")).status, message_status::ignored);
  EXPECT_EQ(parse_acrel("", R"({"type":"heart","gwSN":"1"})").status, message_status::ignored);
  const auto u = parse_acrel("", R"({"type":"firmware-blob"})");
  EXPECT_EQ(u.status, message_status::unsupported);
  EXPECT_EQ(u.detail, "$.type: firmware-blob is not an Acrel type read here");
}

TEST(parse_acrel, malformed_messages_are_a_status_naming_the_place) {
  struct bad {
    const char* payload;
    const char* detail;
  };
  const bad cases[] = {
      {R"({"type":"data","meterSN":"1","time":"20260701","EPI":"1"})",
       "$.time: not a time (YYYYMMDDhhmmss)"},
      {R"({"type":"data","meterSN":"1","time":"20261301000000","EPI":"1"})",
       "$.time: not a time (YYYYMMDDhhmmss)"},
      {R"({"type":"data","meterSN":"1","time":"20260701000000","EPI":"-1"})",
       "$.EPI: a register value is negative"},
      {R"({"type":"data","meterSN":"1","time":"20260701000000","EPI":"1.23456"})",
       "$.EPI: not a decimal register value (more decimal places"},
      {R"({"type":"data","meterSN":"1","time":"20260701000000","EPI":true})",
       "$.EPI: not a decimal number"},
      {R"({"type":"data","time":"20260701000000","EPI":"1"})",
       "$: no meterSN and no topic naming the meter"},
      {R"({"type":"data","meterSN":"","time":"20260701000000"})",
       "$.meterSN: not a non-empty string"},
      {R"({"type":"hstdata","meterSN":"1","data":[{"time":"20260701000000","EPI":"1"},7]})",
       "$.data[1]: not a JSON object"},
      {R"({"meterSN":"1"})", "$: no type"},
      {R"([1,2])", "$: not a JSON object"},
      {R"({"type":"data","type":"data"})", "a key is given twice in one object: type"},
      {R"({"type":"transport","time":"20260701000000","data":"zz"})", "$.data: not hex bytes"},
  };
  for (const auto& c : cases) {
    const auto r = parse_acrel("", c.payload);
    EXPECT_EQ(r.status, message_status::malformed) << c.payload;
    EXPECT_EQ(r.detail.substr(0, std::string(c.detail).size()), c.detail) << r.detail;
    EXPECT_TRUE(r.values.empty());
  }
  // one bad record refuses the whole message: nothing half-taken
  const auto half = parse_acrel(
      "",
      R"({"type":"hstdata","meterSN":"1","data":[{"time":"20260701000000","EPI":"1"},{"time":"x"}]})");
  EXPECT_EQ(half.status, message_status::malformed);
  EXPECT_TRUE(half.values.empty());
}

TEST(parse_acrel, the_topic_names_a_directly_connected_meter_and_channels_are_meters) {
  const auto r = parse_acrel(
      "/gw/acrelHW/ADW300/data/24102809510006",
      R"({"type":"data","time":"20260701000000","ch":2,"EPI":12,"pt":"10","ct":"2.5"})");
  ASSERT_EQ(r.status, message_status::ok) << r.detail;
  EXPECT_EQ(r.values[0].meter_id, "24102809510006-2");
  EXPECT_EQ(r.values[0].value, energy::parse("12"));
  EXPECT_EQ(r.multipliers[0].multiplier, ratio::parse("25"));
}

TEST(parse_acrel, modbus_transport_needs_a_map) {
  // Acrel DDSY1352: 0000H total 1234.56 kWh (UINT32 × 0.01) then T1..T4: an FC03 reply of 10
  // registers, from the modbus vectors' layout.
  const std::string frame = "01 03 14 00 01 E2 40 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
  std::vector<std::uint8_t> bytes = *meters::parse_hex(frame);
  const auto crc = meters::modbus::crc16(meters::byte_span{bytes.data(), bytes.size()});
  bytes.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  bytes.push_back(static_cast<std::uint8_t>(crc >> 8));
  const auto hex = meters::to_hex(meters::byte_span{bytes.data(), bytes.size()});
  const std::string msg =
      R"({"type":"transport","meterSN":"M-9","time":"20260701000000","data":")" + hex + R"("})";
  EXPECT_EQ(parse_acrel("", msg).status, message_status::unsupported);
  parse_options o;
  o.modbus_map = *meters::modbus::acrel::find_map("acrel-ddsy1352");
  const auto r = parse_acrel("", msg, o);
  ASSERT_EQ(r.status, message_status::ok) << r.detail;
  EXPECT_EQ(r.values[0].meter_id, "M-9");
  EXPECT_EQ(r.values[0].value, energy::parse("1234.56"));
}

TEST(parse_neuron, values_and_tags_formats) {
  for (const char* name : {"neuron-values.json", "neuron-tags.json"}) {
    const auto r = parse_neuron("/neuron/mqtt/M-101/energy", vector_text(name));
    ASSERT_EQ(r.status, message_status::ok) << name << ": " << r.detail;
    ASSERT_EQ(r.values.size(), 2u) << name;
    EXPECT_EQ(r.values[0].meter_id, "M-101");
    EXPECT_EQ(r.values[0].time, at("2026-07-01T00:00"));  // 1782835200000 ms = 16:00Z
    EXPECT_EQ(r.values[0].value, energy::parse("1234.56"));
    EXPECT_EQ(r.values[1].register_number, 1);
    EXPECT_EQ(r.values[1].value, energy::parse("100.1"));
    EXPECT_EQ(r.values[0].source, metering::reading_source::neuron);
    EXPECT_EQ(r.skipped, 1u);  // t2 in error
  }
  EXPECT_EQ(parse_neuron("", R"({"version":"2.1.0","timestamp":1,"states":[]})").status,
            message_status::ignored);
  EXPECT_EQ(parse_neuron("", R"({"node":"M","timestamp":-5,"values":{}})").detail,
            "$.timestamp: Unix milliseconds out of range");
  EXPECT_EQ(parse_neuron("", R"({"node":"M","timestamp":1,"values":{"voltage":1}})").status,
            message_status::ignored);
}

TEST(parse_thingsboard, gateway_and_device_telemetry) {
  const auto r = parse_thingsboard("v1/gateway/telemetry", vector_text("thingsboard-gateway.json"));
  ASSERT_EQ(r.status, message_status::ok) << r.detail;
  ASSERT_EQ(r.values.size(), 4u);
  EXPECT_EQ(r.values[0].meter_id, "M-201");
  EXPECT_EQ(r.values[2].time, at("2026-07-01T00:15"));
  EXPECT_EQ(r.values[3].meter_id, "M-202");
  EXPECT_EQ(r.values[3].value, energy::parse("1000"));
  // device telemetry needs a device
  EXPECT_EQ(parse_thingsboard("", R"({"ts":1782835200000,"values":{"total":"1"}})").status,
            message_status::malformed);
  parse_options o = received_at("2026-07-01T08:00");
  o.device = "M-203";
  const auto d = parse_thingsboard("", R"({"total":"7.5"})", o);
  ASSERT_EQ(d.status, message_status::ok) << d.detail;
  EXPECT_EQ(d.values[0].time, at("2026-07-01T08:00"));
  const auto a = parse_thingsboard(
      "",
      R"([{"ts":1782835200000,"values":{"total":"1"}},{"ts":1782835260000,"values":{"total":"2"}}])",
      o);
  EXPECT_EQ(a.values.size(), 2u);
}

TEST(parse_frames, noise_and_other_replies) {
  EXPECT_EQ(parse_frames({0x00, 0x01}, at("2026-07-01T00:00"), std::nullopt).status,
            message_status::malformed);
  // a 645 reply that is a voltage, not energy
  const auto v = *meters::parse_hex("68 01 00 44 23 52 00 68 91 06 33 36 34 35 95 55 DD 16");
  EXPECT_EQ(parse_frames(v, at("2026-07-01T00:00"), std::nullopt).status,
            message_status::unsupported);
}

}  // namespace
}  // namespace submeter::ingest
