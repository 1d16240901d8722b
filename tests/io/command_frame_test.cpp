// Tests of io/command_frame.hpp (issue 17): the wire frames of outbox supply commands for the
// meters of tests/data/sites/prepaid-cut-off, whose site.json gives their addresses (`comm`):
// M-1 DL/T 645 with the default password and operator, W-4 CJ/T 188 (cjt188-2004, cold water),
// M-3 without an address. The DL/T 645 frames were assembled by hand (address A0..A5, data +33,
// checksum); the CJ/T 188 ones are the published vectors cj-write-A017-valve-close / -open
// (tests/data/protocol-vectors/cjt188.json).
#include "io/command_frame.hpp"

#include <gtest/gtest.h>

#include <string>

#include "io/site_loader.hpp"

namespace submeter::io {
namespace {

const site::site& cut_off_site() {
  static const site::site s = load_site(std::string(SUBMETER_TEST_DATA) + "/sites/prepaid-cut-off");
  return s;
}

ledger::outbox_row command(const std::string& meter, ledger::supply_command c, const char* at,
                           ledger::utility what = ledger::utility::electricity) {
  ledger::outbox_row r;
  r.id = "T/1/0";
  r.account = "T";
  r.time = parse_local_time(at);
  r.command = c;
  r.meter = meter;
  r.what = what;
  return r;
}

/// The DL/T 645 frame's byte at `i` (0 = the first byte after the 4 FE), from its hex.
unsigned byte_at(const std::string& hex, std::size_t i) {
  return static_cast<unsigned>(std::stoul(hex.substr((4 + i) * 3, 2), nullptr, 16));
}

TEST(command_frame, a_dlt645_cut_is_relay_control_1c_trip_valid_24_hours) {
  const auto f = command_frame(cut_off_site(),
                               command("M-1", ledger::supply_command::cut, "2026-07-06T09:00"));
  EXPECT_EQ(f,
            "FE FE FE FE 68 01 00 00 07 26 20 68 1C 10 35 33 33 33 33 33 33 33 4D 33 33 33 3C 3A "
            "3A 59 D3 16");
  EXPECT_EQ(byte_at(f, 8), 0x1Cu);               // control code: relay control
  EXPECT_EQ(byte_at(f, 10 + 8) - 0x33u, 0x1Au);  // N1 跳闸
}

TEST(command_frame, a_dlt645_restore_is_close_now_1c) {
  const auto f = command_frame(cut_off_site(),
                               command("M-1", ledger::supply_command::restore, "2026-07-06T10:00"));
  EXPECT_EQ(f,
            "FE FE FE FE 68 01 00 00 07 26 20 68 1C 10 35 33 33 33 33 33 33 33 4F 33 33 33 43 3A "
            "3A 59 DC 16");
  EXPECT_EQ(byte_at(f, 10 + 8) - 0x33u, 0x1Cu);  // N1 直接合闸
}

TEST(command_frame, a_dlt645_frame_carries_the_meters_password_and_operator) {
  // M-2: password 02123456, operator 0000AB12, as sent (+33 on the wire).
  const auto f = command_frame(cut_off_site(),
                               command("M-2", ledger::supply_command::cut, "2026-07-06T09:00"));
  EXPECT_EQ(f.substr(14 * 3, 8 * 3), "35 45 67 89 33 33 DE 45 ");
}

TEST(command_frame, a_cjt188_valve_frame_is_close_99_or_open_55) {
  EXPECT_EQ(command_frame(cut_off_site(), command("W-4", ledger::supply_command::cut,
                                                  "2026-07-02T11:00", ledger::utility::water)),
            "FE FE FE FE 68 10 69 05 90 05 15 33 78 04 04 A0 17 01 99 94 16");
  EXPECT_EQ(command_frame(cut_off_site(), command("W-4", ledger::supply_command::restore,
                                                  "2026-07-02T15:00", ledger::utility::water)),
            "FE FE FE FE 68 10 69 05 90 05 15 33 78 04 04 A0 17 01 55 50 16");
}

TEST(command_frame, none_without_an_address_or_a_known_meter) {
  EXPECT_EQ(command_frame(cut_off_site(),
                          command("M-3", ledger::supply_command::cut, "2026-07-16T09:00")),
            "");
  EXPECT_EQ(command_frame(cut_off_site(),
                          command("X-9", ledger::supply_command::cut, "2026-07-16T09:00")),
            "");
}

TEST(command_frame, none_when_the_deadline_leaves_the_two_digit_year) {
  EXPECT_EQ(command_frame(cut_off_site(),
                          command("M-1", ledger::supply_command::cut, "2099-12-31T09:00")),
            "");
}

TEST(command_frame, a_notification_never_has_a_frame) {
  auto r = command("M-1", ledger::supply_command::cut, "2026-07-06T09:00");
  r.command.reset();
  r.about = ledger::notice::cut;
  EXPECT_EQ(command_frame(cut_off_site(), r), "");
}

}  // namespace
}  // namespace submeter::io
