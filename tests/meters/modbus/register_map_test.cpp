// Tests of submeter/meters/modbus/register_map.hpp: validation, read plans, decoding blocks and
// readings, PT x CT.
#include "submeter/meters/modbus/register_map.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace mb = submeter::meters::modbus;
using submeter::decode_status;
using submeter::energy;
using submeter::ratio;
using submeter::meters::scaled_value;

namespace {
mb::register_entry entry(std::string name, std::uint16_t address, mb::register_type t,
                         const char* scale, mb::reading_role role = mb::reading_role::none) {
  mb::register_entry e;
  e.name = std::move(name);
  e.address = address;
  e.type = t;
  e.scale = *scaled_value::parse(scale);
  e.role = role;
  return e;
}
mb::register_map sample() {
  return mb::register_map{
      "sample",
      "test",
      3,
      {entry("total", 0, mb::register_type::u32, "0.01", mb::reading_role::total),
       entry("t1", 2, mb::register_type::u32, "0.01", mb::reading_role::rate1),
       entry("voltage", 10, mb::register_type::u16, "0.1"),
       entry("pf", 11, mb::register_type::s16, "0.001"),
       entry("far", 200, mb::register_type::float32, "1")}};
}
}  // namespace

TEST(modbus_register_map, validation_refuses_bad_maps) {
  EXPECT_NO_THROW(mb::validate(sample()));
  auto overlap = sample();
  overlap.registers.push_back(entry("oops", 1, mb::register_type::u16, "1"));
  EXPECT_THROW(mb::validate(overlap), submeter::error);
  auto dup = sample();
  dup.registers.push_back(entry("total", 50, mb::register_type::u16, "1"));
  EXPECT_THROW(mb::validate(dup), submeter::error);
  auto role = sample();
  role.registers.push_back(
      entry("total2", 50, mb::register_type::u32, "1", mb::reading_role::total));
  EXPECT_THROW(mb::validate(role), submeter::error);
  auto zero = sample();
  zero.registers[0].scale = scaled_value{0, 0};
  EXPECT_THROW(mb::validate(zero), submeter::error);
  auto fc = sample();
  fc.function = 6;
  EXPECT_THROW(mb::validate(fc), submeter::error);
  auto edge = sample();
  edge.registers.push_back(entry("edge", 65535, mb::register_type::u32, "1"));
  EXPECT_THROW(mb::validate(edge), submeter::error);
}

TEST(modbus_register_map, read_plan_merges_close_registers) {
  // gap 0..4 -> 10 is 6 registers: merged with the default gap of 8, not with a gap of 4
  const auto plan = mb::plan_reads(sample());
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0].start, 0);
  EXPECT_EQ(plan[0].count, 12);
  EXPECT_EQ(plan[1].start, 200);
  EXPECT_EQ(plan[1].count, 2);
  const auto narrow = mb::plan_reads(sample(), 4);
  ASSERT_EQ(narrow.size(), 3u);
  EXPECT_EQ(narrow[0].count, 4);
  EXPECT_EQ(narrow[1].start, 10);
  EXPECT_EQ(narrow[1].count, 2);
  // the 125-register limit splits a span
  const auto limited = mb::plan_reads(sample(), 8, 6);
  ASSERT_EQ(limited.size(), 3u);
}

TEST(modbus_register_map, decode_a_block) {
  const std::uint16_t regs[12] = {0x0001, 0xE240, 0x0000, 0x0064, 0, 0, 0, 0, 0, 0, 2262, 0xFC18};
  const auto r = mb::decode_block(sample(), 0, regs, 12);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value->size(), 4u);  // "far" is outside the block
  EXPECT_EQ(r.value->at(0).value.to_string(), "1234.56");
  EXPECT_EQ(r.value->at(1).value.to_string(), "1.00");
  EXPECT_EQ(r.value->at(2).value.to_string(), "226.2");
  EXPECT_EQ(r.value->at(3).value.to_string(), "-1.000");
  EXPECT_EQ(mb::decode_entry(sample().registers[4], 0, regs, 12).status, decode_status::need_more);
}

TEST(modbus_register_map, reading_with_transformer_ratio) {
  auto m = sample();
  m.registers[0].transformer_scaled = true;
  const std::uint16_t regs[4] = {0x0001, 0xE240, 0x0000, 0x0064};
  const auto r = mb::decode_reading(m, 0, regs, 4, ratio::parse("600"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->total, energy::parse("1234.56"));
  EXPECT_EQ(r.value->rate(1), energy::parse("1"));
  EXPECT_EQ(r.value->multiplier, ratio::parse("600"));
  EXPECT_EQ(r.value->primary_total(submeter::rounding::half_up), energy::parse("740736"));
  EXPECT_EQ(mb::primary_value(m.registers[0], *scaled_value::parse("1234.56"), ratio::parse("600"))
                ->to_string(),
            "740736.00");
  EXPECT_EQ(mb::primary_value(m.registers[2], *scaled_value::parse("226.2"), ratio::parse("600"))
                ->to_string(),
            "226.2");
  // without the total register: need more
  EXPECT_EQ(mb::decode_reading(m, 2, regs + 2, 2).status, decode_status::need_more);
}

TEST(modbus_register_map, float_registers_are_rounded_to_their_places) {
  mb::register_map m{
      "f",
      "test",
      3,
      {entry("energy", 0, mb::register_type::float32, "1", mb::reading_role::total)}};
  m.registers[0].float_decimals = 2;
  const std::uint16_t regs[2] = {0x4465, 0x229A};  // 916.5406494140625
  const auto r = mb::decode_reading(m, 0, regs, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->total, energy::parse("916.54"));
  const std::uint16_t nan[2] = {0x7FC0, 0x0000};
  EXPECT_EQ(mb::decode_reading(m, 0, nan, 2).status, decode_status::bad_value);
}

RC_GTEST_PROP(modbus_register_map, u32_energy_round_trips_through_registers, (std::uint32_t raw)) {
  const std::uint16_t regs[2] = {static_cast<std::uint16_t>(raw >> 16),
                                 static_cast<std::uint16_t>(raw & 0xFFFF)};
  const auto r = mb::decode_reading(sample(), 0, regs, 2);
  RC_ASSERT(r.ok());
  RC_ASSERT(r.value->total->mantissa() == static_cast<std::int64_t>(raw) * 100);
}
