#pragma once
/// \file
/// ledger::account: a prepaid or postpaid account (one or many meters, electricity and water) as
/// a fold over its events (rules.md §11 PP-1…PP-9, §12 CUT-3, §15 LIFE-1, LIFE-2), kept in
/// memory: its parameters and state (state.hpp), its entries, and the `history` (history.hpp)
/// that `post` (post.hpp) asks about them. `fold` posts a list of events to a new account.
///
/// This header gives everything an account's user needs: events (event.hpp), the relay state
/// machine (relay.hpp), parameters and state, postings and entries (posting.hpp), history and
/// post.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "submeter/ledger/event.hpp"
#include "submeter/ledger/history.hpp"
#include "submeter/ledger/post.hpp"
#include "submeter/ledger/posting.hpp"
#include "submeter/ledger/relay.hpp"
#include "submeter/ledger/state.hpp"

namespace submeter::ledger {

/// An account kept in memory: parameters, state and the entries, answering `history` itself.
class account {
 public:
  /// An account with its parameters and opening state (see opening_state).
  [[nodiscard]] static account open(account_params params) {
    account a;
    a.state_ = opening_state(params);
    a.params_ = std::move(params);
    return a;
  }
  /// An account with a given state (migrated accounts, vectors' initial states).
  [[nodiscard]] static account open(account_params params, account_state state) {
    account a;
    a.params_ = std::move(params);
    a.state_ = std::move(state);
    return a;
  }

  /// Posts one event (see ledger::post).
  posting post(const event& e) {
    const memory_history h{*this};
    posting r = ledger::post(params_, state_, h, e);
    if (r.status == posting_status::ok && r.committed) remember(*r.committed);
    return r;
  }

  /// Posts a batch all or nothing: when any event is refused, the account is left as it was and
  /// the returned postings end with the refused one. Duplicates inside a batch are accepted.
  std::vector<posting> post_batch(const std::vector<event>& events) {
    account copy = *this;
    std::vector<posting> results;
    results.reserve(events.size());
    for (const auto& e : events) {
      results.push_back(copy.post(e));
      if (!accepted(results.back().status)) return results;
    }
    *this = std::move(copy);
    return results;
  }

  [[nodiscard]] const account_params& params() const noexcept { return params_; }
  [[nodiscard]] const account_state& state() const noexcept { return state_; }
  /// Every committed entry, in sequence order.
  [[nodiscard]] const std::vector<entry>& entries() const noexcept { return entries_; }

 private:
  struct memory_history final : history {
    explicit memory_history(const account& a) : acc(a) {}
    [[nodiscard]] std::optional<entry> by_key(const std::string& key) const override {
      const auto [first, last] = acc.keys_.equal_range(std::hash<std::string>{}(key));
      for (auto it = first; it != last; ++it) {
        if (acc.entries_[it->second].what.key == key) return acc.entries_[it->second];
      }
      return std::nullopt;
    }
    [[nodiscard]] std::optional<entry> by_seq(std::uint64_t seq) const override {
      const auto i = index_of(seq);
      if (!i) return std::nullopt;
      return acc.entries_[*i];
    }
    [[nodiscard]] std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const override {
      const auto it = acc.reversals_.find(seq);
      if (it == acc.reversals_.end()) return std::nullopt;
      return it->second;
    }
    [[nodiscard]] std::optional<std::size_t> index_of(std::uint64_t seq) const {
      // Entries are numbered from the first entry's seq without gaps.
      if (acc.entries_.empty() || seq < acc.entries_.front().seq) return std::nullopt;
      const auto i = static_cast<std::size_t>(seq - acc.entries_.front().seq);
      if (i >= acc.entries_.size()) return std::nullopt;
      return i;
    }
    const account& acc;
  };

  void remember(const entry& en) {
    if (!en.what.key.empty()) {
      keys_.emplace(std::hash<std::string>{}(en.what.key), entries_.size());
    }
    if (en.what.kind == event_kind::reversal) reversals_.emplace(en.what.target, en.seq);
    entries_.push_back(en);
  }

  account_params params_;
  account_state state_;
  std::vector<entry> entries_;
  /// The entries with a key, by the key's hash (an entry's key is read from entries_, not copied:
  /// a live deduction adds one for every reading).
  std::unordered_multimap<std::size_t, std::size_t> keys_;
  std::unordered_map<std::uint64_t, std::uint64_t> reversals_;
};

/// The fold: an account opened with `params` after posting every event in order; refused events
/// are skipped (their postings say why). Deterministic: the same events give the same state.
[[nodiscard]] inline account fold(account_params params, const std::vector<event>& events) {
  account a = account::open(std::move(params));
  for (const auto& e : events) (void)a.post(e);
  return a;
}

}  // namespace submeter::ledger
