#pragma once
/// \file
/// JSON text of the ledger's records (events, entries, account parameters and states), as the
/// SQLite store keeps them and the CLI reads and prints them. Money and quantities are exact
/// decimal strings; times are local "YYYY-MM-DDTHH:MM:SS".

#include <map>
#include <string>
#include <utility>

#include "submeter/ledger/account.hpp"
#include "submeter/ledger/statement.hpp"

namespace submeter::store {

/// JSON text of an event / entry / parameters / state / statement. An event's, an entry's and a
/// state's text is written directly, byte for byte what nlohmann's `dump()` of their tree gives
/// (members in name order; detail::to_json_through_tree, which the tests compare it with): every
/// live deduction writes one of each.
[[nodiscard]] std::string to_json(const ledger::event& e);
[[nodiscard]] std::string to_json(const ledger::entry& e);
[[nodiscard]] std::string to_json(const ledger::account_params& p);
[[nodiscard]] std::string to_json(const ledger::account_state& s);
[[nodiscard]] std::string to_json(const ledger::statement& s);

namespace detail {
/// to_json(e) built as a nlohmann tree and dumped, as statements' entries are written: the
/// reference the direct writer is tested against.
[[nodiscard]] std::string to_json_through_tree(const ledger::event& e);
[[nodiscard]] std::string to_json_through_tree(const ledger::entry& e);
[[nodiscard]] std::string to_json_through_tree(const ledger::account_state& s);
}  // namespace detail

/// The text a time is kept as ("YYYY-MM-DDTHH:MM:SS"). Refuses (errc::invalid_argument) a time
/// after last_printable_local_time, which would not read back (issue 16 #1): a batch holding one
/// is rolled back whole.
[[nodiscard]] std::string stored_time(local_time t);
/// stored_time(t) appended to `out` (nothing appended when it refuses).
void append_stored_time(std::string& out, local_time t);

/// Parses the texts written by to_json. Refuses (submeter::error, errc::parse) malformed text (a
/// corrupted row: bad JSON, a missing field, a field of the wrong type), naming the field or the
/// parser's detail; the store adds the file, table and row.
[[nodiscard]] ledger::event event_from_json(const std::string& text);
[[nodiscard]] ledger::entry entry_from_json(const std::string& text);
[[nodiscard]] ledger::account_params params_from_json(const std::string& text);
[[nodiscard]] ledger::account_state state_from_json(const std::string& text);

/// Account parameters parsed from their stored text, kept while that text stays the same: a store
/// reads the text with the account's row (cheap) and parses it (dear) only when it changed, so
/// terms another connection or process stored (update_terms) are seen at the next read, never a
/// stale copy. Not thread-safe (one per store connection, as the stores are).
class params_cache {
 public:
  /// The parameters of `id` stored as `text`, parsed by `parse()` when not cached for that text.
  template <class Parse>
  const ledger::account_params& get(const std::string& id, const std::string& text, Parse&& parse) {
    auto it = cache_.find(id);
    if (it == cache_.end() || it->second.first != text) {
      auto params = parse();
      it = cache_.insert_or_assign(id, std::make_pair(text, std::move(params))).first;
    }
    return it->second.second;
  }

 private:
  std::map<std::string, std::pair<std::string, ledger::account_params>> cache_;
};

}  // namespace submeter::store
