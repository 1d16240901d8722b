// src/io/meter_reading_convert.hpp: a decoded meter reading becomes a metering::register_reading,
// end to end from DL/T 645 read-reply bytes to bill lines under a register tariff.
#include "io/meter_reading_convert.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "submeter/meters/dlt645.hpp"
#include "submeter/meters/hex.hpp"
#include "submeter/meters/modbus/acrel.hpp"
#include "submeter/tariff/register_tariff.hpp"
#include "support/error_of.hpp"

namespace {

namespace dlt = submeter::meters::dlt645;
using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::parse_local_time;
using submeter::ratio;
using submeter::rounding;
using submeter::bill::as_line_quantity;
using submeter::bill::exact_money;
using submeter::bill::rounding_rule;
using submeter::io::to_register_reading;
using submeter::metering::meter;
using submeter::meters::meter_reading;

// Vector d07-read-resp-0001FF00-total-ne-sum (tests/data/protocol-vectors/dlt645-2007.json):
// meter 000000000224, total 214.94, T1..T4 53.04 53.74 54.03 54.11 kWh.
const char* const july_reply =
    "FE FE FE FE 68 24 02 00 00 00 00 68 91 18 33 32 34 33 C7 47 35 33 37 86 33 33 A7 86 33 33 "
    "36 87 33 33 44 87 33 33 EB 16";
// The same meter a month later (frame built by hand: DI 0001FF00, BCD +0x33, byte sum):
// total 330.50, T1..T4 70.04 83.74 94.03 82.67 kWh.
const char* const august_reply =
    "68 24 02 00 00 00 00 68 91 18 33 32 34 33 83 63 36 33 37 A3 33 33 A7 B6 33 33 36 C7 33 33 "
    "9A B5 33 33 D5 16";

meter_reading decode_reading(const char* hex, ratio multiplier) {
  const auto bytes = submeter::meters::parse_hex(hex);
  EXPECT_TRUE(bytes.has_value());
  const auto frame = dlt::decode(*bytes);
  EXPECT_TRUE(frame.ok()) << to_string(frame.status);
  const auto reply = dlt::decode_read_response(*frame.value);
  EXPECT_TRUE(reply.ok()) << to_string(reply.status);
  const auto reading = dlt::to_reading(*reply.value, multiplier);
  EXPECT_TRUE(reading.ok()) << to_string(reading.status);
  return *reading.value;
}

TEST(meter_reading_convert, registers_are_taken_as_read) {
  const auto m = meter::make("M-0224", ratio::parse("30"));
  const auto r = to_register_reading(decode_reading(july_reply, ratio::parse("30")),
                                     parse_local_time("2026-07-01T00:00"), m);
  EXPECT_EQ(r.time, parse_local_time("2026-07-01T00:00"));
  EXPECT_EQ(r.total, energy::parse("214.94"));  // not the sum of the rates (214.92)
  EXPECT_EQ(r.rate(1), energy::parse("53.04"));
  EXPECT_EQ(r.rate(2), energy::parse("53.74"));
  EXPECT_EQ(r.rate(3), energy::parse("54.03"));
  EXPECT_EQ(r.rate(4), energy::parse("54.11"));
  EXPECT_FALSE(r.rate(5).has_value());
}

// Bytes → reading → usage × CT 30 → TOU bill lines. Usage per register (to − from) × 30:
// T1 (70.04 − 53.04) × 30 = 510, T2 (83.74 − 53.74) × 30 = 900, T3 (94.03 − 54.03) × 30 = 1200,
// T4 (82.67 − 54.11) × 30 = 856.80 kWh; at 1.20 / 1.00 / 0.70 / 0.35 yuan/kWh: 612.00, 900.00,
// 840.00, 299.88 yuan. The total (330.50 − 214.94) × 30 = 3466.80 kWh is shown, not billed.
TEST(meter_reading_convert, dlt645_replies_bill_under_a_tou_register_tariff) {
  const auto ct = ratio::parse("30");  // CT 150/5
  const auto m = meter::make("M-0224", ct);
  const auto from =
      to_register_reading(decode_reading(july_reply, ct), parse_local_time("2026-07-01T00:00"), m);
  const auto to = to_register_reading(decode_reading(august_reply, ct),
                                      parse_local_time("2026-08-01T00:00"), m);
  const auto u = usage(m, from, to, rounding::half_up);
  EXPECT_EQ(u.total, energy::parse("3466.80"));
  const auto t =
      submeter::tariff::register_tariff::tou("tou-4", {{1, energy_price::parse("1.20")},
                                                       {2, energy_price::parse("1.00")},
                                                       {3, energy_price::parse("0.70")},
                                                       {4, energy_price::parse("0.35")}});
  const auto lines = submeter::tariff::rate(t, u, rounding_rule{});
  ASSERT_EQ(lines.size(), 4u);
  const std::vector<std::string> quantities{"510", "900", "1200", "856.8"};
  const std::vector<std::string> amounts{"612", "900", "840", "299.88"};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].meter_id, "M-0224");
    EXPECT_EQ(lines[i].rate_register, static_cast<int>(i) + 1);
    EXPECT_EQ(lines[i].quantity, as_line_quantity(energy::parse(quantities[i]))) << i;
    EXPECT_EQ(lines[i].amount, exact_money::parse(amounts[i])) << i;
  }
  EXPECT_EQ(lines[3].explanation, "856.80 kWh × 0.35 = 299.88");
}

// A flat tariff bills the total register: (330.50 − 214.94) kWh × 0.60 = 69.336 → 69.34 (direct
// meter, multiplier 1).
TEST(meter_reading_convert, a_flat_tariff_bills_the_total) {
  const auto m = meter::make("M-0224", ratio::from_integer(1));
  const auto one = ratio::from_integer(1);
  const auto u = usage(
      m,
      to_register_reading(decode_reading(july_reply, one), parse_local_time("2026-07-01T00:00"), m),
      to_register_reading(decode_reading(august_reply, one), parse_local_time("2026-08-01T00:00"),
                          m),
      rounding::half_up);
  const auto t = submeter::tariff::register_tariff::flat("flat", energy_price::parse("0.60"));
  const auto lines = submeter::tariff::rate(t, u, rounding_rule{});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].quantity, as_line_quantity(energy::parse("115.56")));
  EXPECT_EQ(lines[0].amount, exact_money::parse("69.34"));
}

TEST(meter_reading_convert, a_modbus_map_reading_converts_too) {
  namespace mb = submeter::meters::modbus;
  // DTSD1352 forward active total at 0x0300 is transformer-scaled: the reading carries PT × CT.
  const auto map = mb::acrel::dtsd1352();
  const auto* total = map.find("forward_total_active_energy");
  ASSERT_NE(total, nullptr);
  std::vector<std::uint16_t> regs(total->end() - total->address, 0);
  regs[0] = 0x0000;
  regs[1] = 12345;  // 123.45 kWh secondary
  const auto r =
      mb::decode_reading(map, total->address, regs.data(), regs.size(), ratio::parse("40"));
  ASSERT_TRUE(r.ok()) << to_string(r.status);
  const auto reading = to_register_reading(*r.value, parse_local_time("2026-07-01T00:00"),
                                           meter::make("M-D", ratio::parse("40")));
  EXPECT_EQ(reading.total, energy::parse("123.45"));
}

TEST(meter_reading_convert, refuses_a_multiplier_that_is_not_the_meters) {
  const auto m = meter::make("M-0224", ratio::parse("30"));
  const auto r = decode_reading(july_reply, ratio::from_integer(1));
  const auto e = submeter::test_support::error_of(
      [&] { (void)to_register_reading(r, parse_local_time("2026-07-01T00:00"), m); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("meter"), "M-0224");
  EXPECT_EQ(e.context_value("reading_multiplier"), "1");
  EXPECT_EQ(e.context_value("meter_multiplier"), "30");
}

TEST(meter_reading_convert, refuses_a_reading_without_a_total) {
  meter_reading r;  // e.g. the meter sent FF fillers for the total
  r.rates[0] = energy::parse("1");
  const auto e = submeter::test_support::error_of([&] {
    (void)to_register_reading(r, parse_local_time("2026-07-01T00:00"), meter::make("M-1"));
  });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("meter"), "M-1");
  EXPECT_EQ(e.context_value("time"), "2026-07-01T00:00:00");
}

}  // namespace
