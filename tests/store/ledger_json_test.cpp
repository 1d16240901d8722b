// The ledger's event and entry texts (store/ledger_json.hpp): written directly, byte for byte what
// nlohmann's dump of the tree gives (members in name order, its escaping), for every kind of
// event and any text in its strings; read back to the same record; bad text refused.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "store/ledger_json.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"

namespace {

using namespace submeter;

/// Text with what a JSON writer must escape or pass through: quotes, backslashes, every control
/// character, slashes, ASCII, two-, three- and four-byte UTF-8; empty half the time or so.
rc::Gen<std::string> ledger_text() {
  const std::vector<std::string> pieces = {
      "\"",   "\\",   "/", "\b",  "\f",       "\n", "\r",   "\t", std::string(1, '\0'), "\x01",
      "\x1f", "\x7f", "a", "M-1", "reading/", " ",  "电费", "é",  "\xF0\x9F\x98\x80"};
  return rc::gen::oneOf(rc::gen::just(std::string()),
                        rc::gen::map(rc::gen::container<std::vector<std::size_t>>(
                                         rc::gen::inRange<std::size_t>(0, pieces.size())),
                                     [pieces](const std::vector<std::size_t>& picks) {
                                       std::string s;
                                       for (auto i : picks) s += pieces[i];
                                       return s;
                                     }));
}

template <class D>
rc::Gen<D> decimal_of() {
  return rc::gen::map(
      rc::gen::oneOf(rc::gen::just<std::int64_t>(0),
                     rc::gen::inRange<std::int64_t>(-100'000'000'000, 100'000'000'000)),
      [](std::int64_t m) { return D::from_mantissa(m); });
}

rc::Gen<ledger::event> any_event() {
  return rc::gen::exec([] {
    ledger::event e;
    e.kind = static_cast<ledger::event_kind>(*rc::gen::inRange(0, ledger::event_kind_count));
    e.time = parse_local_time("2026-07-01T00:00") +
             std::chrono::seconds(*rc::gen::inRange<std::int64_t>(-3'000'000'000, 3'000'000'000));
    e.key = *ledger_text();
    e.meter_id = *ledger_text();
    e.counter = *rc::gen::oneOf(rc::gen::just<std::int64_t>(0), rc::gen::arbitrary<std::int64_t>());
    e.pay_channel = static_cast<ledger::channel>(*rc::gen::inRange(0, 6));
    e.reference = *ledger_text();
    e.amount = *decimal_of<money>();
    e.what = *rc::gen::element(ledger::utility::electricity, ledger::utility::water);
    e.kwh = *decimal_of<energy>();
    e.m3 = *decimal_of<volume>();
    if (*rc::gen::arbitrary<bool>()) e.reading = *decimal_of<energy>();
    e.target =
        *rc::gen::oneOf(rc::gen::just<std::uint64_t>(0), rc::gen::arbitrary<std::uint64_t>());
    e.new_meter_id = *ledger_text();
    e.command = static_cast<ledger::remote_command>(*rc::gen::inRange(0, 5));
    return e;
  });
}

RC_GTEST_PROP(LedgerJson, EventTextIsTheTreesDump, ()) {
  const auto e = *any_event();
  RC_ASSERT(store::to_json(e) == store::detail::to_json_through_tree(e));
}

RC_GTEST_PROP(LedgerJson, EntryTextIsTheTreesDumpAndReadsBack, ()) {
  ledger::entry en;
  en.seq = *rc::gen::arbitrary<std::uint64_t>();
  en.what = *any_event();
  en.balance_before = *decimal_of<money>();
  en.balance_after = *decimal_of<money>();
  en.arrears_delta = *decimal_of<money>();
  en.arrears_paid = *decimal_of<money>();
  en.purchased_delta = *decimal_of<money>();
  const auto text = store::to_json(en);
  RC_ASSERT(text == store::detail::to_json_through_tree(en));
  // What is written reads back (decimals at the places written) and writes the same text.
  RC_ASSERT(store::to_json(store::entry_from_json(text)) == text);
}

TEST(LedgerJson, ALiveDeductionsText) {
  ledger::entry en;
  en.seq = 42;
  en.what = ledger::consumption(parse_local_time("2026-07-16T06:00"),
                                "reading/M-1/2026-07-16T06:00:00", "M-1", energy::parse("12.00"),
                                money::parse("15.60"), energy::parse("1234.5000"));
  en.what.reading = energy::parse("1234.5");
  en.what.reference = "2026-07-16T05:00:00 1222.5000 .. 2026-07-16T06:00:00 1234.5000";
  en.balance_before = money::parse("100.00");
  en.balance_after = money::parse("84.40");
  EXPECT_EQ(store::to_json(en),
            R"({"arrears_delta":"0.00","arrears_paid":"0.00","balance_after":"84.40",)"
            R"("balance_before":"100.00","event":{"amount":"15.60","key":)"
            R"("reading/M-1/2026-07-16T06:00:00","kind":"deduction","kwh":"12.00","meter":"M-1",)"
            R"("reading":"1234.50","reference":"2026-07-16T05:00:00 1222.5000 .. )"
            R"(2026-07-16T06:00:00 1234.5000","time":"2026-07-16T06:00:00","utility":)"
            R"("electricity"},"purchased_delta":"0.00","seq":42})");
  EXPECT_EQ(store::to_json(en), store::detail::to_json_through_tree(en));
}

TEST(LedgerJson, RefusesTextThatIsNotUtf8AndTimesItCannotKeep) {
  auto e = ledger::recharge(parse_local_time("2026-07-01T00:00"), "M-1", 1, money::parse("10"),
                            ledger::channel::wechat_pay, "pay/1");
  e.reference = "bad \xC3 byte";
  try {
    (void)store::to_json(e);
    FAIL() << "invalid UTF-8 was written";
  } catch (const error& x) {
    EXPECT_EQ(x.code(), errc::invalid_argument);
  }
  e.reference.clear();
  e.time = last_printable_local_time + std::chrono::seconds(1);
  try {
    (void)store::to_json(e);
    FAIL() << "a time after 9999-12-31T23:59:59 was written";
  } catch (const error& x) {
    EXPECT_EQ(x.code(), errc::invalid_argument);
  }
}

}  // namespace
