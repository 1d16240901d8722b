// Tests of submeter/meters/modbus/acrel.hpp: the maps match acrel-registers.json, the derived
// energy reply decodes to 1234.56 kWh, and the DTSD1352 event record has a binary time.
#include "submeter/meters/modbus/acrel.hpp"

#include <gtest/gtest.h>

#include "submeter/meters/modbus/rtu.hpp"
#include "vectors.hpp"

namespace mb = submeter::meters::modbus;
using submeter::energy;
using submeter::meters::test::hex;

namespace {
std::uint16_t address_of(const nlohmann::json& j) {
  if (j.is_number()) return j.get<std::uint16_t>();
  std::string s = j.get<std::string>();
  if (!s.empty() && s.back() == 'H') s.pop_back();
  return static_cast<std::uint16_t>(std::stoul(s, nullptr, 16));
}
}  // namespace

TEST(modbus_acrel, every_map_is_valid_and_matches_the_register_file) {
  const auto doc = submeter::meters::test::load_vectors("acrel-registers.json");
  const std::pair<std::string, std::string> pairs[] = {{"DDSY1352", "acrel-ddsy1352"},
                                                       {"DTSD1352", "acrel-dtsd1352"},
                                                       {"ADL3000-E", "acrel-adl3000"},
                                                       {"ADW300", "acrel-adw300"}};
  for (const auto& [prefix, model] : pairs) {
    SCOPED_TRACE(model);
    const auto map = mb::acrel::find_map(model);
    ASSERT_TRUE(map);
    EXPECT_NO_THROW(mb::validate(*map));
    bool found = false;
    for (const auto& m : doc.at("maps")) {
      if (m.at("model").get<std::string>().rfind(prefix, 0) != 0) continue;
      found = true;
      for (const auto& r : m.at("registers")) {
        const auto addr = address_of(r.at("addr"));
        if (addr >= 0x3000) continue;  // event records are not map entries
        const mb::register_entry* e = nullptr;
        for (const auto& x : map->registers) {
          if (x.address == addr) e = &x;
        }
        ASSERT_NE(e, nullptr) << "address " << addr;
        if (r.contains("type")) {
          EXPECT_EQ(e->type, *mb::parse_register_type(r.at("type").get<std::string>())) << addr;
        }
        if (r.contains("scale")) {
          EXPECT_EQ(e->scale,
                    *submeter::meters::scaled_value::parse(r.at("scale").get<std::string>()))
              << addr;
        }
        if (r.contains("unit")) {
          EXPECT_EQ(e->unit, r.at("unit").get<std::string>()) << addr;
        }
      }
    }
    EXPECT_TRUE(found);
  }
  EXPECT_NO_THROW(mb::validate(mb::acrel::dtsy1352()));
  EXPECT_FALSE(mb::acrel::find_map("acrel-unknown"));
}

TEST(modbus_acrel, every_listed_name_finds_its_map) {
  for (const auto name : mb::acrel::map_names) {
    const auto map = mb::acrel::find_map(name);
    ASSERT_TRUE(map) << name;
    EXPECT_EQ(map->model, name);
  }
}

TEST(modbus_acrel, derived_energy_reply_reads_1234_56_kwh) {
  const auto r = mb::decode_rtu_response(hex("01 03 04 00 01 E2 40 E2 A3"));
  ASSERT_TRUE(r.ok());
  const auto& regs = std::get<mb::registers_response>(r.value->pdu).registers;
  const auto reading = mb::decode_reading(mb::acrel::ddsy1352(), 0, regs.data(), regs.size());
  ASSERT_TRUE(reading.ok());
  EXPECT_EQ(reading.value->total, energy::parse("1234.56"));
  EXPECT_FALSE(reading.value->rate(1).has_value());  // not in the block
  // the matching request is the derived read vector
  EXPECT_EQ(mb::encode_rtu(1, mb::request{mb::read_request{
                                  3, mb::plan_reads(mb::acrel::ddsy1352())[0].start, 2}}),
            hex("01 03 00 00 00 02 C4 0B"));
}

TEST(modbus_acrel, dtsd1352_reading_is_forward_active_with_pt_ct) {
  std::vector<std::uint16_t> regs(22, 0);
  regs[10] = 0x0000;  // forward total = 12345 -> 123.45 kWh secondary
  regs[11] = 12345;
  regs[19] = 100;  // forward valley 1.00
  const auto r = mb::decode_reading(mb::acrel::dtsd1352(), 0, regs.data(), regs.size(),
                                    submeter::ratio::parse("40"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->total, energy::parse("123.45"));
  EXPECT_EQ(r.value->rate(4), energy::parse("1"));
  EXPECT_EQ(r.value->multiplier, submeter::ratio::parse("40"));
  EXPECT_EQ(r.value->primary_total(submeter::rounding::half_up), energy::parse("4938"));
}

TEST(modbus_acrel, ddsy1352_instantaneous_values) {
  std::vector<std::uint16_t> regs(17, 0);
  regs[0x0B] = 2205;    // 220.5 V
  regs[0x0C] = 523;     // 5.23 A
  regs[0x0D] = 0xFF9C;  // -0.100 kW (reverse flow)
  regs[0x10] = 998;     // PF 0.998
  const auto map = mb::acrel::ddsy1352();
  const auto b = mb::decode_block(map, 0, regs.data(), regs.size());
  ASSERT_TRUE(b.ok());
  const auto value = [&](const char* name) {
    for (const auto& d : *b.value) {
      if (d.entry->name == name) return d.value.to_string();
    }
    return std::string("missing");
  };
  EXPECT_EQ(value("voltage"), "220.5");
  EXPECT_EQ(value("current"), "5.23");
  EXPECT_EQ(value("active_power"), "-0.100");
  EXPECT_EQ(value("power_factor"), "0.998");
}

TEST(modbus_acrel, dtsd1352_event_record_vector) {
  const auto r = mb::decode_rtu_response(hex("01 03 0C 12 01 08 0A 01 01 01 00 00 00 00 00 80 23"));
  const auto& regs = std::get<mb::registers_response>(r.value->pdu).registers;
  const auto e = mb::acrel::decode_event_record(regs.data(), regs.size());
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e.value->time.to_string(), "2018-01-08 10:01:01");  // binary bytes, not BCD
  EXPECT_EQ(e.value->event, 0x0100);                            // power on
  EXPECT_EQ(mb::acrel::decode_event_record(regs.data(), 5).status,
            submeter::decode_status::bad_length);
}
