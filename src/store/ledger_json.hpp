#pragma once
/// \file
/// JSON text of the ledger's records (events, entries, account parameters and states), as the
/// SQLite store keeps them and the CLI reads and prints them. Money and quantities are exact
/// decimal strings; times are local "YYYY-MM-DDTHH:MM:SS".

#include <string>

#include "submeter/ledger/account.hpp"
#include "submeter/ledger/statement.hpp"

namespace submeter::store {

/// JSON text of an event / entry / parameters / state / statement.
[[nodiscard]] std::string to_json(const ledger::event& e);
[[nodiscard]] std::string to_json(const ledger::entry& e);
[[nodiscard]] std::string to_json(const ledger::account_params& p);
[[nodiscard]] std::string to_json(const ledger::account_state& s);
[[nodiscard]] std::string to_json(const ledger::statement& s);

/// Parses the texts written by to_json. Refuses (submeter::error, errc::parse) malformed text,
/// naming the field.
[[nodiscard]] ledger::event event_from_json(const std::string& text);
[[nodiscard]] ledger::entry entry_from_json(const std::string& text);
[[nodiscard]] ledger::account_params params_from_json(const std::string& text);
[[nodiscard]] ledger::account_state state_from_json(const std::string& text);

}  // namespace submeter::store
