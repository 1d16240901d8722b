#pragma once
/// \file
/// dlt645::control: the control byte C of a DL/T 645 frame, its function codes (2007 and 1997)
/// and the error word of an abnormal reply.
///
/// DL/T 645-2007 4.2.4 / protocols.md 2.2: D7 direction (1 = reply), D6 abnormal reply, D5
/// follow-up frame, D4..D0 function.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace submeter::meters::dlt645 {

/// DL/T 645-2007 function codes (C & 0x1F), protocols.md 2.2.
enum class function : std::uint8_t {
  security = 0x03,        ///< ESAM pass-through (cost-control meters)
  broadcast_time = 0x08,  ///< ss mm hh DD MM YY, broadcast, no reply
  read = 0x11,            ///< read data (DI, optionally N + time)
  read_follow_up = 0x12,  ///< read follow-up frame (DI + SEQ)
  read_address = 0x13,    ///< read communication address (address AA..AA, L = 0)
  write = 0x14,           ///< write data (DI + password + operator code + data)
  write_address = 0x15,   ///< write communication address (broadcast AA)
  freeze = 0x16,          ///< freeze (time mm hh DD MM; 99 = wildcard)
  change_baud = 0x17,
  change_password = 0x18,
  clear_max_demand = 0x19,
  clear_meter = 0x1A,
  clear_events = 0x1B,
  relay_control = 0x1C,  ///< trip/close/alarm/keep-power with a validity deadline (amendment)
};

/// DL/T 645-1997 function codes (C & 0x1F), protocols.md 2.5.
enum class function_1997 : std::uint8_t {
  read = 0x01,
  read_follow_up = 0x02,
  reread = 0x03,
  write = 0x04,
  broadcast_time = 0x08,
  write_address = 0x0A,
  change_baud = 0x0C,
  change_password = 0x0F,
  clear_max_demand = 0x10,
};

/// The control byte.
struct control {
  std::uint8_t code = 0;

  /// D7: the frame is a reply from the meter.
  [[nodiscard]] constexpr bool is_reply() const noexcept { return (code & 0x80) != 0; }
  /// D6: an abnormal reply (the data field is an error word).
  [[nodiscard]] constexpr bool is_abnormal() const noexcept { return (code & 0x40) != 0; }
  /// D5: more follow-up frames come (B1, B2).
  [[nodiscard]] constexpr bool has_follow_up() const noexcept { return (code & 0x20) != 0; }
  /// D4..D0: the function code.
  [[nodiscard]] constexpr std::uint8_t function_code() const noexcept {
    return static_cast<std::uint8_t>(code & 0x1F);
  }
  /// The reply control for a request: normal (0x80 | f) or abnormal (0xC0 | f).
  [[nodiscard]] static constexpr control reply_to(function f, bool abnormal = false) noexcept {
    return control{
        static_cast<std::uint8_t>((abnormal ? 0xC0 : 0x80) | static_cast<std::uint8_t>(f))};
  }
  /// The request control for a function.
  [[nodiscard]] static constexpr control request(function f) noexcept {
    return control{static_cast<std::uint8_t>(f)};
  }
  [[nodiscard]] friend constexpr bool operator==(control a, control b) noexcept {
    return a.code == b.code;
  }
  [[nodiscard]] friend constexpr bool operator!=(control a, control b) noexcept {
    return a.code != b.code;
  }
};

/// The name of a 2007 function code ("read", "write_address", …), or "unknown".
[[nodiscard]] constexpr std::string_view function_name(std::uint8_t function_code) noexcept {
  switch (function_code) {
    case 0x03:
      return "security";
    case 0x08:
      return "broadcast_time";
    case 0x11:
      return "read";
    case 0x12:
      return "read_follow_up";
    case 0x13:
      return "read_address";
    case 0x14:
      return "write";
    case 0x15:
      return "write_address";
    case 0x16:
      return "freeze";
    case 0x17:
      return "change_baud";
    case 0x18:
      return "change_password";
    case 0x19:
      return "clear_max_demand";
    case 0x1A:
      return "clear_meter";
    case 0x1B:
      return "clear_events";
    case 0x1C:
      return "relay_control";
    default:
      return "unknown";
  }
}

/// True for a function code DL/T 645-2007 defines.
[[nodiscard]] constexpr bool is_2007_function(std::uint8_t function_code) noexcept {
  return function_name(function_code) != "unknown";
}

/// True for a function code DL/T 645-1997 defines.
[[nodiscard]] constexpr bool is_1997_function(std::uint8_t function_code) noexcept {
  switch (function_code) {
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x08:
    case 0x0A:
    case 0x0C:
    case 0x0F:
    case 0x10:
      return true;
    default:
      return false;
  }
}

/// The error word of an abnormal reply (DL/T 645-2007 table "error information word").
/// 0x02 "no requested data" is what meters send for every DI they lack: treat it as "DI not
/// supported", not as a transport error (protocols.md 2.2, pitfall 6).
struct error_word {
  std::uint8_t bits = 0;

  [[nodiscard]] constexpr bool other_error() const noexcept { return (bits & 0x01) != 0; }
  [[nodiscard]] constexpr bool no_requested_data() const noexcept { return (bits & 0x02) != 0; }
  [[nodiscard]] constexpr bool unauthorised() const noexcept { return (bits & 0x04) != 0; }
  [[nodiscard]] constexpr bool baud_rate_unchangeable() const noexcept {
    return (bits & 0x08) != 0;
  }
  [[nodiscard]] constexpr bool too_many_year_zones() const noexcept { return (bits & 0x10) != 0; }
  [[nodiscard]] constexpr bool too_many_daily_periods() const noexcept {
    return (bits & 0x20) != 0;
  }
  [[nodiscard]] constexpr bool too_many_tariffs() const noexcept { return (bits & 0x40) != 0; }
  /// True when the only complaint is "no requested data": the DI is not supported by this meter.
  [[nodiscard]] constexpr bool is_not_supported() const noexcept { return bits == 0x02; }

  /// The names of the set bits, lowest first: {"no_requested_data"}.
  [[nodiscard]] std::vector<std::string> names() const {
    static constexpr std::string_view bit_names[7] = {
        "other_error",         "no_requested_data",
        "unauthorised",        "baud_rate_unchangeable",
        "too_many_year_zones", "too_many_daily_periods",
        "too_many_tariffs"};
    std::vector<std::string> out;
    for (unsigned i = 0; i < 7; ++i) {
      if ((bits >> i) & 1u) out.emplace_back(bit_names[i]);
    }
    return out;
  }
};

}  // namespace submeter::meters::dlt645
