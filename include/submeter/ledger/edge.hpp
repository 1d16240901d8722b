#pragma once
/// \file
/// What the edges (the command line, Python) check before a value typed by a person or read from
/// a file reaches the ledger (issue 16 "Money at the edge", "Ledger time sanity"): an amount
/// carries at most the currency's places, and an event time is not further ahead of the caller's
/// "now" than a configurable skew, and a reversal asked for before the account's last event is
/// dated at it. The core reads no clock: the caller passes now.

#include <chrono>
#include <string>
#include <string_view>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/state.hpp"

namespace submeter::ledger {

/// Decimal places of the currency (CNY: 2, the fen). The ledger's money holds 4 places for
/// intermediate results; amounts given at an edge carry at most these.
inline constexpr int currency_places = 2;

/// How far ahead of now an event time may be by default at the edges: one day (a clock a little
/// fast, a meter in another time zone), never a mistyped year.
inline constexpr std::chrono::seconds default_max_ahead = std::chrono::hours{24};

/// Returns `amount` when it has no non-zero digit beyond currency_places; refuses
/// (errc::invalid_argument, naming `what`) "10.001" (issue 16 #11: kept silently, it gave a
/// balance and a closing refund of 110.001 yuan).
[[nodiscard]] inline money require_currency_places(money amount, std::string_view what) {
  if (round(amount, currency_places, rounding::half_up) != amount) {
    throw error(errc::invalid_argument, "an amount has at most 2 decimal places (fen)",
                {{"field", std::string(what)}, {"amount", amount.to_string(currency_places)}});
  }
  return amount;
}

/// Parses an amount given at an edge: a decimal (errc::parse otherwise) with at most
/// currency_places places (require_currency_places).
[[nodiscard]] inline money parse_amount(std::string_view text, std::string_view what) {
  const auto m = money::try_parse(text);
  if (!m) {
    throw error(
        errc::parse, "not an amount of money (e.g. 100.00)",
        {{"field", std::string(what)}, {"text", "\"" + std::string(text.substr(0, 60)) + "\""}});
  }
  return require_currency_places(*m, what);
}

/// Returns `time` when it is at most `max_ahead` after `now`; refuses (errc::invalid_argument,
/// naming `what`, the time and now) a later one, and a negative `max_ahead`. An account refuses
/// every event before its last, so one far-future time would hold it, and through `bill --post`
/// every account, at that time (issue 16 #4).
[[nodiscard]] inline local_time require_not_ahead(local_time time, local_time now,
                                                  std::chrono::seconds max_ahead,
                                                  std::string_view what) {
  if (max_ahead.count() < 0) {
    throw error(errc::invalid_argument, "how far ahead of now a time may be cannot be negative",
                {{"field", std::string(what)}});
  }
  if (time > now + max_ahead) {
    throw error(errc::invalid_argument,
                "the time is further ahead of now than allowed (--max-ahead hours)",
                {{"field", std::string(what)},
                 {"time", local_interval::format(time)},
                 {"now", local_interval::format(now)},
                 {"max_ahead_hours", std::to_string(max_ahead.count() / 3600)}});
  }
  return time;
}

/// The time a reversal asked for at `requested` is posted at: `requested`, or the account's last
/// event when that is later ("Ledger time sanity": a mistaken entry can always be reversed,
/// whatever its time; post refuses any event before the last, so the entries stay in time order
/// for statements).
[[nodiscard]] inline local_time reversal_time(const account_state& s, local_time requested) {
  return s.last_time && requested < *s.last_time ? *s.last_time : requested;
}

}  // namespace submeter::ledger
