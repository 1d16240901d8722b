// The ledger's event, entry and account state texts (store/ledger_json.hpp): written directly,
// byte for byte what nlohmann's dump of the tree gives (members in name order, its escaping), for
// every kind of event and any text in its strings; read back to the same record; bad text refused.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
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

// The text is written into one buffer sized once for the longest text the entry can give: at
// the limits (decimals of the largest and smallest mantissa, integers at their ends, times from
// years before 0, which print with a sign, to the last kept second, strings in which every byte
// is escaped as \u00xx) it is still the tree's dump, and nothing is written past the buffer
// (ASan in CI).
RC_GTEST_PROP(LedgerJson, EntryTextAtTheLimitsIsTheTreesDump, ()) {
  const auto extreme_money = [] {
    return *rc::gen::element(money::min(), money::max(), money::from_mantissa(-1),
                             money::from_mantissa(1), money::from_mantissa(-1'000'000),
                             money::from_mantissa(123'456'789));
  };
  const auto escaped_text = [] {
    return std::string(*rc::gen::inRange<std::size_t>(0, 40), *rc::gen::element('\x01', '\x1f'));
  };
  ledger::entry en;
  en.seq = *rc::gen::element(std::uint64_t{0}, std::uint64_t{1},
                             std::numeric_limits<std::uint64_t>::max());
  en.what = *any_event();
  en.what.counter = *rc::gen::element(std::numeric_limits<std::int64_t>::min(),
                                      std::numeric_limits<std::int64_t>::max(), std::int64_t{-1});
  en.what.target = *rc::gen::element(std::uint64_t{1}, std::numeric_limits<std::uint64_t>::max());
  en.what.amount = extreme_money();
  en.what.kwh = energy::from_mantissa(extreme_money().mantissa());
  en.what.m3 = volume::from_mantissa(extreme_money().mantissa());
  en.what.reading = energy::from_mantissa(extreme_money().mantissa());
  en.what.key = escaped_text();
  en.what.meter_id = escaped_text();
  en.what.new_meter_id = escaped_text();
  en.what.reference = escaped_text();
  en.what.time =
      *rc::gen::element(last_printable_local_time, parse_local_time("0000-01-01T00:00"),
                        parse_local_time("0000-01-01T00:00") - std::chrono::seconds(1),
                        parse_local_time("0000-01-01T00:00") - std::chrono::hours(24 * 366 * 1000));
  en.balance_before = extreme_money();
  en.balance_after = extreme_money();
  en.arrears_delta = extreme_money();
  en.arrears_paid = extreme_money();
  en.purchased_delta = extreme_money();
  RC_ASSERT(store::to_json(en) == store::detail::to_json_through_tree(en));
  RC_ASSERT(store::to_json(en.what) == store::detail::to_json_through_tree(en.what));
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

rc::Gen<std::optional<local_time>> any_time() {
  return rc::gen::exec([]() -> std::optional<local_time> {
    if (*rc::gen::arbitrary<bool>()) return std::nullopt;
    return parse_local_time("2026-07-01T00:00") +
           std::chrono::seconds(*rc::gen::inRange<std::int64_t>(-3'000'000'000, 3'000'000'000));
  });
}

rc::Gen<ledger::account_state> any_state() {
  return rc::gen::exec([] {
    ledger::account_state s;
    s.balance = *decimal_of<money>();
    s.frozen = *decimal_of<money>();
    s.cumulative_purchased = *decimal_of<money>();
    const auto receivables = *rc::gen::inRange(0, 4);
    for (int i = 0; i < receivables; ++i) {
      s.receivables.push_back(
          {*rc::gen::arbitrary<std::uint64_t>(), *ledger_text(), *decimal_of<money>()});
    }
    const auto meters = *rc::gen::inRange(0, 4);
    for (int i = 0; i < meters; ++i) {
      ledger::meter_state m;
      m.id = *ledger_text();
      m.what = *rc::gen::element(ledger::utility::electricity, ledger::utility::water);
      m.last_counter = *rc::gen::arbitrary<std::int64_t>();
      if (*rc::gen::arbitrary<bool>()) m.last_reading = *decimal_of<energy>();
      m.carried = *decimal_of<energy>();
      m.tier_kwh = *decimal_of<energy>();
      m.tier_m3 = *decimal_of<volume>();
      s.meters.push_back(std::move(m));
    }
    s.current = static_cast<ledger::level>(*rc::gen::inRange(0, 5));
    s.relay.position =
        *rc::gen::element(ledger::relay_position::closed, ledger::relay_position::open);
    s.relay.lock = static_cast<ledger::relay_lock>(*rc::gen::inRange(0, 4));
    s.relay.is_protected = *rc::gen::arbitrary<bool>();
    s.relay.pending_cut = *any_time();
    s.relay.pending_lock = static_cast<ledger::relay_lock>(*rc::gen::inRange(0, 4));
    s.alarms_crossed = *rc::gen::arbitrary<std::size_t>();
    s.closed = *rc::gen::arbitrary<bool>();
    s.last_seq = *rc::gen::arbitrary<std::uint64_t>();
    s.last_time = *any_time();
    return s;
  });
}

RC_GTEST_PROP(LedgerJson, StateTextIsTheTreesDumpAndReadsBack, ()) {
  const auto s = *any_state();
  const auto text = store::to_json(s);
  RC_ASSERT(text == store::detail::to_json_through_tree(s));
  RC_ASSERT(store::to_json(store::state_from_json(text)) == text);
}

// The state's text is written into one buffer sized once, as the entry's: at the limits
// (decimals of the largest and smallest mantissa, integers at their ends, times before year 0
// and the last kept second, ids and references in which every byte is escaped as \u00xx, up to
// eight meters and receivables) it is still the tree's dump.
RC_GTEST_PROP(LedgerJson, StateTextAtTheLimitsIsTheTreesDump, ()) {
  const auto extreme = [] {
    return *rc::gen::element(std::numeric_limits<std::int64_t>::min(),
                             std::numeric_limits<std::int64_t>::max(), std::int64_t{-1},
                             std::int64_t{0}, std::int64_t{123'456'789});
  };
  const auto escaped_text = [] {
    return std::string(*rc::gen::inRange<std::size_t>(0, 40), *rc::gen::element('\x01', '\x1f'));
  };
  const auto extreme_time = [] {
    return *rc::gen::element(last_printable_local_time, parse_local_time("0000-01-01T00:00") -
                                                            std::chrono::hours(24 * 366 * 1000));
  };
  auto s = *any_state();
  s.balance = money::from_mantissa(extreme());
  s.frozen = money::from_mantissa(extreme());
  s.cumulative_purchased = money::from_mantissa(extreme());
  s.alarms_crossed = std::numeric_limits<std::size_t>::max();
  s.last_seq = std::numeric_limits<std::uint64_t>::max();
  s.last_time = extreme_time();
  s.relay.pending_cut = extreme_time();
  const auto n = *rc::gen::inRange(0, 9);
  for (int i = 0; i < n; ++i) {
    s.receivables.push_back({std::numeric_limits<std::uint64_t>::max(), escaped_text(),
                             money::from_mantissa(extreme())});
    ledger::meter_state m;
    m.id = escaped_text();
    m.last_counter = *rc::gen::element(std::numeric_limits<std::int64_t>::min(),
                                       std::numeric_limits<std::int64_t>::max());
    m.last_reading = energy::from_mantissa(extreme());
    m.carried = energy::from_mantissa(extreme());
    m.tier_kwh = energy::from_mantissa(extreme());
    m.tier_m3 = volume::from_mantissa(extreme());
    s.meters.push_back(std::move(m));
  }
  RC_ASSERT(store::to_json(s) == store::detail::to_json_through_tree(s));
}

TEST(LedgerJson, AStatesText) {
  ledger::account_state s;
  s.balance = money::parse("84.4");
  s.cumulative_purchased = money::parse("200");
  s.receivables.push_back({7, "bill/2026-06", money::parse("12.5")});
  ledger::meter_state m;
  m.id = "M-1";
  m.last_counter = 3;
  m.last_reading = energy::parse("1234.5");
  m.tier_kwh = energy::parse("12");
  s.meters.push_back(m);
  s.current = ledger::level::alarm1;
  s.relay.pending_cut = parse_local_time("2026-07-20T08:00");
  s.relay.pending_lock = ledger::relay_lock::locked;
  s.alarms_crossed = 1;
  s.last_seq = 42;
  s.last_time = parse_local_time("2026-07-16T06:00");
  EXPECT_EQ(store::to_json(s),
            R"({"alarms_crossed":1,"balance":"84.40","closed":false,)"
            R"("cumulative_purchased":"200.00","frozen":"0.00","last_seq":42,)"
            R"("last_time":"2026-07-16T06:00:00","level":"alarm1","meters":[{"carried":"0.00",)"
            R"("id":"M-1","last_counter":3,"last_reading":"1234.50","tier_kwh":"12.00",)"
            R"("tier_m3":"0.00","utility":"electricity"}],"receivables":[{"outstanding":"12.50",)"
            R"("reference":"bill/2026-06","seq":7}],"relay":{"lock":"none","pending_cut":)"
            R"("2026-07-20T08:00:00","pending_lock":"locked","position":"closed",)"
            R"("protected":false}})");
  EXPECT_EQ(store::to_json(s), store::detail::to_json_through_tree(s));
  EXPECT_EQ(store::to_json(ledger::account_state{}),
            store::detail::to_json_through_tree(ledger::account_state{}));
}

TEST(LedgerJson, RefusesAStateItCannotKeep) {
  const auto code_of = [](const ledger::account_state& s) -> std::optional<errc> {
    try {
      (void)store::to_json(s);
    } catch (const error& x) {
      return x.code();
    }
    return std::nullopt;
  };
  ledger::account_state s;
  s.meters.push_back({});
  s.meters[0].id = "bad \xC3 byte";
  EXPECT_EQ(code_of(s), errc::invalid_argument);
  s.meters[0].id = "M-1";
  s.last_time = last_printable_local_time + std::chrono::seconds(1);
  EXPECT_EQ(code_of(s), errc::invalid_argument);
  // Both times beyond 9999: the relay's pending cut is named, as the tree named it first.
  s.relay.pending_cut = last_printable_local_time + std::chrono::seconds(2);
  try {
    (void)store::to_json(s);
    FAIL() << "a time after 9999-12-31T23:59:59 was written";
  } catch (const error& x) {
    EXPECT_EQ(x.code(), errc::invalid_argument);
    EXPECT_EQ(x.context_value("time"), local_interval::format(*s.relay.pending_cut));
    EXPECT_NE(x.context_value("time"), local_interval::format(*s.last_time));
  }
  s.relay.pending_cut.reset();
  s.last_time = last_printable_local_time;
  EXPECT_EQ(store::to_json(s), store::detail::to_json_through_tree(s));
}

}  // namespace
