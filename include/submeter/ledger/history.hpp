#pragma once
/// \file
/// ledger::history: what a posting step (`post`, post.hpp) asks about an account's earlier
/// entries: the entry an idempotency key names (PP-6 replays), the entry a reversal names and
/// whether it was already reversed (PP-8). A store answers from its tables; `account`
/// (account.hpp) answers from memory.

#include <cstdint>
#include <optional>
#include <string>

#include "submeter/ledger/posting.hpp"

namespace submeter::ledger {

/// What a posting step needs to know about earlier entries. A store answers from its tables.
class history {
 public:
  history() = default;
  history(const history&) = default;
  history& operator=(const history&) = default;
  virtual ~history() = default;
  /// The entry with this idempotency key.
  [[nodiscard]] virtual std::optional<entry> by_key(const std::string& key) const = 0;
  /// The entry with this sequence number.
  [[nodiscard]] virtual std::optional<entry> by_seq(std::uint64_t seq) const = 0;
  /// The sequence number of the reversal of entry `seq`, if it was reversed.
  [[nodiscard]] virtual std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const = 0;
};

}  // namespace submeter::ledger
