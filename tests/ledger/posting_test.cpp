// Tests of include/submeter/ledger/posting.hpp: the statuses' names (the vectors' "result"), which
// are accepted, the error code a store reports for each refusal, and what a posting and an entry
// answer.
#include "submeter/ledger/posting.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string_view>

namespace submeter::ledger {
namespace {

TEST(posting_status, every_status_has_its_own_name_and_only_ok_and_duplicate_are_accepted) {
  std::set<std::string_view> names;
  for (int i = 0; i <= static_cast<int>(posting_status::refused_protected); ++i) {
    const auto s = static_cast<posting_status>(i);
    EXPECT_NE(to_string(s), "unknown");
    names.insert(to_string(s));
    EXPECT_EQ(accepted(s), s == posting_status::ok || s == posting_status::duplicate)
        << to_string(s);
  }
  EXPECT_EQ(names.size(), 18u);
  EXPECT_EQ(to_string(posting_status::rejected_stale_counter), "rejected_stale_counter");
  EXPECT_EQ(to_string(posting_status::refused_protected), "refused_protected");
}

TEST(posting_status, error_codes_of_refusals) {
  EXPECT_EQ(error_code(posting_status::rejected_unknown_meter), errc::not_found);
  EXPECT_EQ(error_code(posting_status::rejected_unknown_entry), errc::not_found);
  EXPECT_EQ(error_code(posting_status::rejected_key_conflict), errc::duplicate);
  EXPECT_EQ(error_code(posting_status::rejected_already_reversed), errc::duplicate);
  EXPECT_EQ(error_code(posting_status::rejected_stale_counter), errc::out_of_order);
  EXPECT_EQ(error_code(posting_status::rejected_counter_gap), errc::out_of_order);
  EXPECT_EQ(error_code(posting_status::rejected_out_of_order), errc::out_of_order);
  EXPECT_EQ(error_code(posting_status::rejected_reading_backwards), errc::inconsistent);
  EXPECT_EQ(error_code(posting_status::rejected_hoarding_limit), errc::invalid_argument);
  EXPECT_EQ(error_code(posting_status::refused_locked), errc::invalid_argument);
}

TEST(posting, has_finds_a_notification_by_code_and_an_entry_gives_its_balance_change) {
  posting p;
  p.notifications = {{"alarm2", {}}, {"cut_notice", "2025-03-17T08:00:00"}};
  EXPECT_TRUE(p.has("cut_notice"));
  EXPECT_FALSE(p.has("cut_executed"));
  entry en;
  en.balance_before = money::parse("12.50");
  en.balance_after = money::parse("-7.25");
  EXPECT_EQ(en.balance_delta(), money::parse("-19.75"));
}

}  // namespace
}  // namespace submeter::ledger
