#pragma once
// The readings store conformance suite: what every store::readings_store does, whatever keeps
// it. One suite, two back ends (issue 20): readings_store_conformance_test.cpp instantiates it
// for SQLite and PostgreSQL, each with its own factory. Include it in that one file only (the
// TEST_Ps are defined here).
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "reading_rows.hpp"
#include "store/readings_store.hpp"
#include "submeter/core/time.hpp"

namespace submeter::store::test {

/// Makes a new, empty store for one test.
using readings_store_factory = std::function<std::unique_ptr<readings_store>()>;

class readings_store_conformance : public ::testing::TestWithParam<readings_store_factory> {};

TEST_P(readings_store_conformance, unique_on_meter_register_time_nothing_lost) {
  auto s = GetParam()();
  auto first = row("M-1", 0, "2026-07-01T00:00", "10.00", metering::reading_source::acrel_gateway);
  first.received = parse_local_time("2026-07-02T08:00:05");
  const auto a = s->append({first, row("M-1", 1, "2026-07-01T00:00", "2.00"),
                            row("M-2", 0, "2026-07-01T00:00", "5.00")});
  EXPECT_EQ(a.inserted, 3u);
  // the backlog replayed: duplicates; another value for a stored read: a conflict, kept aside
  const auto b = s->append({first, row("M-1", 0, "2026-07-01T00:00", "10.50"),
                            row("M-1", 0, "2026-07-01T00:15", "10.25")});
  EXPECT_EQ(b.inserted, 1u);
  EXPECT_EQ(b.duplicates, 1u);
  EXPECT_EQ(b.conflicts, 1u);
  // the same conflicting value again is not a second conflict
  const auto c = s->append({row("M-1", 0, "2026-07-01T00:00", "10.50")});
  EXPECT_EQ(c.duplicates, 1u);
  EXPECT_EQ(c.conflicts, 0u);
  EXPECT_EQ(s->count(), 4u);
  const auto all = s->values();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].value, energy::parse("10"));  // the first received stays
  EXPECT_EQ(all[0].received, parse_local_time("2026-07-02T08:00:05"));
  EXPECT_EQ(all[0].source, metering::reading_source::acrel_gateway);
  EXPECT_EQ(all[1].time, parse_local_time("2026-07-01T00:15"));
  EXPECT_EQ(all[2].register_number, 1);
  EXPECT_EQ(all[3].meter_id, "M-2");
  const auto conflicts = s->conflicts();
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].stored.value, energy::parse("10"));
  EXPECT_EQ(conflicts[0].offered.value, energy::parse("10.5"));
  EXPECT_EQ(s->meters(), (std::vector<std::string>{"M-1", "M-2"}));
}

TEST_P(readings_store_conformance, a_batch_holding_one_read_several_times_counts_each_once) {
  auto s = GetParam()();
  // In one batch as across batches: the first value is stored, the same again a duplicate, each
  // other value kept aside once, in the order it arrived.
  const auto a =
      s->append({row("M-1", 0, "2026-07-01T00:00", "1"), row("M-1", 0, "2026-07-01T00:00", "1"),
                 row("M-1", 0, "2026-07-01T00:00", "3"), row("M-1", 0, "2026-07-01T00:00", "2"),
                 row("M-1", 0, "2026-07-01T00:00", "3"), row("M-1", 1, "2026-07-01T00:00", "1")});
  EXPECT_EQ(a.inserted, 2u);
  EXPECT_EQ(a.duplicates, 2u);
  EXPECT_EQ(a.conflicts, 2u);
  const auto b =
      s->append({row("M-1", 0, "2026-07-01T00:00", "2"), row("M-1", 0, "2026-07-01T00:00", "4")});
  EXPECT_EQ(b.duplicates, 1u);
  EXPECT_EQ(b.conflicts, 1u);
  const auto c = s->conflicts();
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].offered.value, energy::parse("3"));
  EXPECT_EQ(c[1].offered.value, energy::parse("2"));
  EXPECT_EQ(c[2].offered.value, energy::parse("4"));
  EXPECT_EQ(c[2].stored.value, energy::parse("1"));
  EXPECT_EQ(s->count(), 2u);
  EXPECT_EQ(s->append({}).inserted, 0u);
}

TEST_P(readings_store_conformance, queries_by_meter_and_inclusive_times) {
  auto s = GetParam()();
  std::vector<metering::register_value> batch;
  for (const char* t : {"2026-06-30T23:45", "2026-07-01T00:00", "2026-07-31T23:45",
                        "2026-08-01T00:00", "2026-08-01T00:15"}) {
    batch.push_back(row("M-1", 0, t, "1"));
    batch.push_back(row("M-2", 0, t, "1"));
  }
  s->append(batch);
  reading_query q;
  q.meter = "M-2";
  q.from = parse_local_time("2026-07-01T00:00");
  q.to = parse_local_time("2026-08-01T00:00");
  const auto v = s->values(q);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v.front().time, parse_local_time("2026-07-01T00:00"));
  EXPECT_EQ(v.back().time, parse_local_time("2026-08-01T00:00"));
  reading_query only_from;
  only_from.from = parse_local_time("2026-08-01T00:15");
  EXPECT_EQ(s->values(only_from).size(), 2u);
}

TEST_P(readings_store_conformance, a_refused_batch_writes_nothing) {
  auto s = GetParam()();
  auto bad = row("M-1", 9, "2026-07-01T00:00", "1");
  EXPECT_THROW(s->append({row("M-1", 0, "2026-07-01T00:00", "1"), bad}), error);
  EXPECT_THROW(s->append({row("", 0, "2026-07-01T00:00", "1")}), error);
  EXPECT_EQ(s->count(), 0u);
}

TEST_P(readings_store_conformance, estimates_are_never_edited_and_multipliers_kept) {
  auto s = GetParam()();
  vee::estimate e;
  e.meter_id = "M-1";
  e.time = parse_local_time("2026-08-01T00:00");
  e.value = energy::parse("1400.00");
  e.method = vee::estimate_method::average_of_periods;
  e.basis = "last read 1300.00 at 2026-07-01T00:00:00 + 100.00 (average use of 3 earlier periods)";
  EXPECT_EQ(s->add_estimates({e}), 1u);
  auto again = e;
  again.value = energy::parse("1500.00");
  EXPECT_EQ(s->add_estimates({again}), 0u);
  const auto kept = s->estimates();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].value, energy::parse("1400"));
  EXPECT_EQ(kept[0].basis, e.basis);
  EXPECT_EQ(kept[0].method, vee::estimate_method::average_of_periods);
  EXPECT_EQ(
      s->add_multipliers({{"M-1", parse_local_time("2026-07-01T00:00"), ratio::from_integer(40)},
                          {"M-1", parse_local_time("2026-07-01T00:00"), ratio::from_integer(80)}}),
      1u);
  const auto m = s->multipliers();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].multiplier, ratio::from_integer(40));
}

}  // namespace submeter::store::test
