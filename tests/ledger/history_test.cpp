// Tests of include/submeter/ledger/history.hpp: `post` asks the history, not the state, about
// earlier entries, so a store that keeps its entries in tables answers replays (PP-6) and
// reversals (PP-8) the same way the in-memory account does.
#include "submeter/ledger/history.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "submeter/ledger/post.hpp"
#include "support.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::simple_params;
using test::yuan;

// The entries kept apart from the state, as a store keeps them in a table.
struct table_history final : history {
  std::vector<entry> rows;
  [[nodiscard]] std::optional<entry> by_key(const std::string& key) const override {
    for (const auto& r : rows) {
      if (r.what.key == key) return r;
    }
    return std::nullopt;
  }
  [[nodiscard]] std::optional<entry> by_seq(std::uint64_t seq) const override {
    for (const auto& r : rows) {
      if (r.seq == seq) return r;
    }
    return std::nullopt;
  }
  [[nodiscard]] std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const override {
    for (const auto& r : rows) {
      if (r.what.kind == event_kind::reversal && r.what.target == seq) return r.seq;
    }
    return std::nullopt;
  }
};

TEST(history, post_asks_it_for_replays_and_reversals) {
  const auto p = simple_params();
  account_state s = opening_state(p);
  table_history h;
  const auto e = recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100"), channel::cash, "p1");
  const auto first = post(p, s, h, e);
  ASSERT_EQ(first.status, posting_status::ok) << first.message;
  h.rows.push_back(*first.committed);
  // The replay is known by its key (PP-6): the original entry comes back, nothing changes.
  const auto again = post(p, s, h, e);
  EXPECT_EQ(again.status, posting_status::duplicate);
  ASSERT_TRUE(again.committed.has_value());
  EXPECT_EQ(again.committed->seq, 1u);
  EXPECT_EQ(s.balance, yuan("100"));
  EXPECT_EQ(s.last_seq, 1u);
  // A reversal finds its target by sequence number, and a second one is refused (PP-8).
  const auto rev = post(p, s, h, reversal(at("2025-01-02T00:00"), "rev/1", 1));
  ASSERT_EQ(rev.status, posting_status::ok) << rev.message;
  EXPECT_EQ(rev.committed->what.amount, yuan("100"));
  h.rows.push_back(*rev.committed);
  EXPECT_EQ(post(p, s, h, reversal(at("2025-01-02T00:00"), "rev/1-again", 1)).status,
            posting_status::rejected_already_reversed);
  EXPECT_EQ(post(p, s, h, reversal(at("2025-01-02T00:00"), "rev/9", 9)).status,
            posting_status::rejected_unknown_entry);
  EXPECT_EQ(s.balance, money{});
  EXPECT_EQ(s.last_seq, 2u);
}

}  // namespace
}  // namespace submeter::ledger
