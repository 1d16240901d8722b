// The wire frame of an outbox supply command (command_frame.hpp): the meters' codecs over the
// address site.json gives.
#include "io/command_frame.hpp"

#include <chrono>
#include <cstdint>
#include <vector>

#include "submeter/meters/cjt188/valve.hpp"
#include "submeter/meters/dlt645/request.hpp"
#include "submeter/meters/hex.hpp"

namespace submeter::io {

std::string command_frame(const site::site& s, const ledger::outbox_row& r) {
  if (!r.command) return "";
  const auto* p = s.place(r.meter);
  if (p == nullptr || !p->comm) return "";
  const auto& c = *p->comm;
  const bool cut = *r.command == ledger::supply_command::cut;
  std::vector<std::uint8_t> bytes;
  if (c.kind == site::meter_comm::protocol::dlt645) {
    const auto to = meters::dlt645::address::parse(c.address);
    const auto until = r.time + date::days(1);
    const auto day = date::floor<date::days>(until);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::seconds> hms{
        std::chrono::duration_cast<std::chrono::seconds>(until - day)};
    const meters::clock_value valid{meters::clock_fields::date_time,
                                    static_cast<int>(ymd.year()),
                                    static_cast<int>(static_cast<unsigned>(ymd.month())),
                                    static_cast<int>(static_cast<unsigned>(ymd.day())),
                                    static_cast<int>(hms.hours().count()),
                                    static_cast<int>(hms.minutes().count()),
                                    static_cast<int>(hms.seconds().count()),
                                    -1};
    if (!to || valid.year < 2000 || valid.year > 2099) return "";
    bytes = meters::dlt645::relay_control(
        *to, c.password, c.operator_code,
        cut ? meters::dlt645::relay_action::trip : meters::dlt645::relay_action::close_now, valid);
  } else {
    const auto to = meters::cjt188::address::parse(c.address);
    const auto* profile = meters::cjt188::find_profile(c.profile);
    if (!to || profile == nullptr) return "";
    bytes = meters::cjt188::valve_request(
        *profile, c.meter_type, *to, 0x01,
        cut ? meters::cjt188::valve_command::close : meters::cjt188::valve_command::open);
  }
  return meters::to_hex(meters::byte_span{bytes.data(), bytes.size()});
}

}  // namespace submeter::io
