// PAY-5: a payment bill's payment as a ledger event (submeter/ledger/event.hpp, post.hpp).
#include <gtest/gtest.h>

#include "submeter/ledger/account.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/keys.hpp"
#include "support.hpp"

namespace submeter::ledger::test {
namespace {

TEST(payment, is_keyed_by_the_bill_number_and_names_it) {
  const auto e = payment(at("2026-08-05T10:00"), "PB-202607-0001", yuan("1130.00"));
  EXPECT_EQ(e.kind, event_kind::payment);
  EXPECT_EQ(e.key, "payment/PB-202607-0001");
  EXPECT_EQ(e.key, payment_key("PB-202607-0001"));
  EXPECT_EQ(e.reference, "payment bill PB-202607-0001");
  EXPECT_EQ(to_string(event_kind::payment), "payment");
  EXPECT_EQ(parse_event_kind("payment"), event_kind::payment);
}

TEST(payment, refuses_no_number_and_a_non_positive_amount) {
  EXPECT_THROW((void)payment(at("2026-08-05T10:00"), "", yuan("1")), error);
  EXPECT_THROW((void)payment(at("2026-08-05T10:00"), "PB-202607-0001", yuan("0")), error);
  EXPECT_THROW((void)payment(at("2026-08-05T10:00"), "PB-202607-0001", yuan("-5")), error);
}

TEST(payment, moves_neither_the_balance_nor_the_level_and_is_paid_once) {
  account acc = funded(yuan("100"));
  const auto before = acc.state();
  const auto r = acc.post(payment(at("2026-08-05T10:00"), "PB-202607-0001", yuan("1130.00")));
  ASSERT_EQ(r.status, posting_status::ok) << r.message;
  ASSERT_TRUE(r.committed.has_value());
  EXPECT_EQ(r.committed->balance_after, before.balance);
  EXPECT_EQ(acc.state().balance, before.balance);
  EXPECT_EQ(acc.state().arrears(), before.arrears());
  EXPECT_EQ(acc.state().current, before.current);
  EXPECT_EQ(acc.entries().size(), 2u);
  // Paying the same bill again is a duplicate: nothing is recorded twice.
  const auto again = acc.post(payment(at("2026-08-06T10:00"), "PB-202607-0001", yuan("1130.00")));
  EXPECT_EQ(again.status, posting_status::duplicate);
  EXPECT_EQ(acc.entries().size(), 2u);
  // Another amount for the same bill is refused.
  const auto other = acc.post(payment(at("2026-08-06T10:00"), "PB-202607-0001", yuan("1.00")));
  EXPECT_EQ(other.status, posting_status::rejected_key_conflict);
  EXPECT_EQ(acc.entries().size(), 2u);
}

}  // namespace
}  // namespace submeter::ledger::test
