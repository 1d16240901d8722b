// Tests of src/io/register_map_json.hpp: built-in maps survive a JSON round trip,
// a new model loads from a file and reads a reading, and malformed maps are refused by path.
#include "io/register_map_json.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "submeter/meters/modbus/acrel.hpp"

namespace mb = submeter::meters::modbus;
using submeter::energy;

namespace {
nlohmann::json example() {
  std::ifstream in(std::string(SUBMETER_SOURCE_DIR) + "/tests/meters/maps/example-em100.json");
  return nlohmann::json::parse(in);
}
std::string error_path(const nlohmann::json& doc) {
  try {
    (void)submeter::io::register_map_from_json(doc);
  } catch (const submeter::error& e) {
    return e.context_value("path").empty() ? std::string(submeter::to_string(e.code()))
                                           : e.context_value("path");
  }
  return "accepted";
}
}  // namespace

TEST(modbus_register_map_json, built_in_maps_round_trip) {
  for (const char* model :
       {"acrel-ddsy1352", "acrel-dtsy1352", "acrel-dtsd1352", "acrel-adl3000", "acrel-adw300"}) {
    SCOPED_TRACE(model);
    const auto map = *mb::acrel::find_map(model);
    const auto back = submeter::io::register_map_from_json(submeter::io::register_map_to_json(map));
    EXPECT_EQ(back.model, map.model);
    ASSERT_EQ(back.registers.size(), map.registers.size());
    for (std::size_t i = 0; i < map.registers.size(); ++i) {
      const auto& a = map.registers[i];
      const auto& b = back.registers[i];
      EXPECT_EQ(a.name, b.name);
      EXPECT_EQ(a.address, b.address);
      EXPECT_EQ(a.type, b.type);
      EXPECT_EQ(a.scale, b.scale);
      EXPECT_EQ(a.unit, b.unit);
      EXPECT_EQ(a.role, b.role);
      EXPECT_EQ(a.transformer_scaled, b.transformer_scaled);
    }
  }
}

TEST(modbus_register_map_json, a_new_model_from_a_file_reads_a_reading) {
  const auto map = submeter::io::register_map_from_json(example());
  EXPECT_EQ(map.function, 4);
  EXPECT_EQ(map.registers[0].address, 0);   // 30001 -> PDU 0
  EXPECT_EQ(map.registers[3].address, 10);  // 30011 -> PDU 10
  const auto plan = mb::plan_reads(map);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].start, 0);
  EXPECT_EQ(plan[0].count, 12);
  // total 123456.0 (float 0x47F12000, low word first: 2000 47F1), peak 916.54 (0x4465229A),
  // valley 0, voltage 230.4 V, PF -0.870
  const std::uint16_t regs[12] = {0x2000, 0x47F1, 0x229A, 0x4465, 0, 0, 0, 0, 0, 0, 2304, 0xFC9A};
  const auto r = mb::decode_reading(map, 0, regs, 12, submeter::ratio::parse("1200"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->total, energy::parse("123456"));
  EXPECT_EQ(r.value->rate(2), energy::parse("916.54"));
  EXPECT_EQ(r.value->rate(4), energy::parse("0"));
  EXPECT_FALSE(r.value->rate(1));
  EXPECT_EQ(r.value->multiplier, submeter::ratio::parse("1200"));
  EXPECT_EQ(r.value->primary_total(submeter::rounding::half_up), energy::parse("148147200"));
  const auto b = mb::decode_block(map, 0, regs, 12);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b.value->at(3).value.to_string(), "230.4");
  EXPECT_EQ(b.value->at(4).value.to_string(), "-0.870");
}

TEST(modbus_register_map_json, malformed_maps_name_the_field) {
  auto doc = example();
  doc["registers"][1]["scale"] = 0.01;  // a JSON number is not exact: refused
  EXPECT_EQ(error_path(doc), "/registers/1/scale");
  doc = example();
  doc["registers"][0]["type"] = "u64";
  EXPECT_EQ(error_path(doc), "/registers/0/type");
  doc = example();
  doc["registers"][2].erase("address");
  EXPECT_EQ(error_path(doc), "/registers/2/address");
  doc = example();
  doc["registers"][3]["address"] = "XYZH";
  EXPECT_EQ(error_path(doc), "/registers/3/address");
  doc = example();
  doc["registers"][4]["role"] = "rate9";
  EXPECT_EQ(error_path(doc), "/registers/4/role");
  doc = example();
  doc.erase("model");
  EXPECT_EQ(error_path(doc), "/model");
  doc = example();
  doc["registers"][1]["address"] = 30002;  // overlaps the total's second register
  EXPECT_EQ(error_path(doc), "inconsistent");
  doc = example();
  doc["registers"][3]["address"] = 40011;  // a holding-register number in an FC04 map
  EXPECT_EQ(error_path(doc), "/registers/3/address");
  doc = example();
  doc["function"] = 6;
  EXPECT_EQ(error_path(doc), "/function");
  doc = example();
  doc["address_base"] = 0;
  doc["registers"][0]["address"] = "0x0000";
  doc["registers"][1]["address"] = "0002H";
  doc["registers"][2]["address"] = 4;
  doc["registers"][3]["address"] = 10;
  doc["registers"][4]["address"] = 11;
  EXPECT_EQ(error_path(doc), "accepted");
}

TEST(modbus_register_map_json, integers_out_of_range_are_refused_not_truncated) {
  // issue 16 #12: get<int>() read function 4294967299 as 3 and float_decimals 4294967297 as 1.
  auto doc = example();
  doc["function"] = 4294967299LL;
  EXPECT_EQ(error_path(doc), "/function");
  doc = example();
  doc["address_base"] = 4294967297LL;
  EXPECT_EQ(error_path(doc), "/address_base");
  doc = example();
  doc["registers"][0]["float_decimals"] = 4294967297LL;
  EXPECT_EQ(error_path(doc), "/registers/0/float_decimals");
  doc = example();
  doc["registers"][0]["address"] = 18446744073709551615ULL;
  EXPECT_EQ(error_path(doc), "/registers/0/address");
}

TEST(modbus_register_map_json, model_and_names_follow_the_identifier_rule) {
  // issue 16 #15: one rule for every identifier and name read from a file.
  auto doc = example();
  doc["model"] = "../maps/x";
  EXPECT_EQ(error_path(doc), "/model");
  doc = example();
  doc["registers"][0]["name"] = "total\u001b[2J";
  EXPECT_EQ(error_path(doc), "/registers/0/name");
  doc = example();
  doc["registers"][0]["name"] = std::string("a\0b", 3);
  EXPECT_EQ(error_path(doc), "/registers/0/name");
}
