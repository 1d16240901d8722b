// site/shard.hpp: a site billed in parts (usage per part, the totals once, bills per part, the
// report from the parts' folds) gives run_site's bills and report, and the bills JSON written in
// parts (render's head, parts, tail) is write_bills_json's bytes: the sample site, the v1-small
// site and a generated 200-tenant site. Also the parts' own pieces:
// split_tenants, site_quantities::append, split_shares, bill_shard's checks, rerate_previous by
// range.
#include "submeter/site/shard.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "io/site_loader.hpp"
#include "render/render.hpp"
#include "sample.hpp"
#include "submeter/site/run.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;
using submeter::bill::billing_period;
using submeter::site::all_tenants;
using submeter::site::report_part;
using submeter::site::run_site;
using submeter::site::site_quantities;
using submeter::site::split_tenants;
using submeter::site::tenant_range;

const submeter::site::site& sample_site() {
  static const auto s = submeter::io::load_site(SUBMETER_SOURCE_DIR "/examples/site");
  return s;
}

/// The site billed in `parts` parts, as submeter.distributed runs it (each phase on its own),
/// rendered as the bills JSON from the parts: head, each part's bills, tail.
std::string json_in_parts(const submeter::site::site& s, const billing_period& p,
                          std::size_t parts) {
  namespace site = submeter::site;
  const auto ranges = split_tenants(s, parts);
  std::vector<site::shard_usage> usages;
  site_quantities q;
  std::vector<std::size_t> counts;
  for (const auto& r : ranges) {
    usages.push_back(site::shard_usage_of(s, p, r));
    auto part = site::quantities_of(usages.back().usage);
    counts.push_back(part.tenants.size());
    q.append(std::move(part));
  }
  auto totals = site::totals_of(s, q, p);
  auto shares = site::split_shares(totals, counts);
  std::ostringstream bills;
  report_part folded;
  std::size_t before = 0;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    auto b = site::bill_shard(s, p, std::move(usages[i]), std::move(shares[i]));
    submeter::render::write_bills_json_part(bills, s, b.bills, before == 0);
    before += b.bills.size();
    folded.append(std::move(b.report));
  }
  const auto total = folded.total;
  const bool any = folded.bills != 0;
  const auto report = site::report_on(s, p, q, totals, std::move(folded));
  std::ostringstream out;
  submeter::render::write_bills_json_head(out, s, p);
  out << bills.str();
  submeter::render::write_bills_json_tail(out, s, any, total, &report);
  return out.str();
}

std::string json_in_one(const submeter::site::site& s, const billing_period& p) {
  const auto run = run_site(s, p);
  return submeter::render::bills_json(s, p, run.bills, &run.report);
}

TEST(Shards, TheSampleSiteInPartsIsByteForByteTheWholeRun) {
  const auto& s = sample_site();
  for (const char* month : {"2026-06", "2026-07"}) {
    const auto p = billing_period::parse(month);
    const auto whole = json_in_one(s, p);
    for (std::size_t parts : {1U, 2U, 3U, 7U, 51U, 200U}) {
      EXPECT_EQ(json_in_parts(s, p, parts), whole) << month << " in " << parts << " parts";
    }
  }
}

TEST(Shards, TheSmallV1SiteInPartsIsTheWholeRun) {
  // v1-small: every format v1 feature on a few tenants (a part of one tenant, empty parts).
  const auto& s = submeter::test_support::v1_small();
  const auto p = billing_period::parse("2026-07");
  const auto whole = json_in_one(s, p);
  for (std::size_t parts : {1U, 2U, 3U, 5U, 9U})
    EXPECT_EQ(json_in_parts(s, p, parts), whole) << parts;
}

TEST(Shards, AGeneratedSiteInPartsIsByteForByteTheWholeRun) {
  // examples/site/generate.py --tenants 200 (made when site_test is built): five blocks of
  // feeders, two-part tenants billed on demand from interval data, the June re-rating, the
  // meter replaced and the tenant moving out; cuts that fall inside blocks of feeders.
  const auto s = submeter::io::load_site(SUBMETER_GENERATED_SITE);
  ASSERT_EQ(s.tenants().size(), 200u + 3u);  // and the format-v2 dormitory block's three rooms
  for (const char* month : {"2026-06", "2026-07"}) {
    const auto p = billing_period::parse(month);
    const auto whole = json_in_one(s, p);
    for (std::size_t parts : {1U, 2U, 7U}) {
      EXPECT_EQ(json_in_parts(s, p, parts), whole) << month << " in " << parts << " parts";
    }
  }
}

TEST(Shards, SplitTenantsCutsConsecutiveRangesOfNearlyEqualSize) {
  const auto& s = sample_site();
  const auto n = s.tenants().size();
  for (std::size_t parts : {1U, 2U, 7U, 100U}) {
    const auto ranges = split_tenants(s, parts);
    ASSERT_EQ(ranges.size(), std::min(parts, n));
    std::size_t next = 0;
    for (const auto& r : ranges) {
      EXPECT_EQ(r.first, next);
      EXPECT_LE(ranges.front().size() - r.size(), 1u);
      next = r.last;
    }
    EXPECT_EQ(next, n);
  }
  EXPECT_EQ(split_tenants(s, 1).front(), all_tenants(s));
  EXPECT_EQ(submeter::test_support::error_of([&] { (void)split_tenants(s, 0); }).code(),
            errc::invalid_argument);
}

TEST(Shards, QuantitiesJoinInSiteOrderOnly) {
  const auto& s = sample_site();
  const auto p = billing_period::parse("2026-07");
  const auto a = submeter::site::quantities_of(submeter::site::usage_of(s, p, {0, 3}));
  const auto b = submeter::site::quantities_of(submeter::site::usage_of(s, p, {3, 6}));
  auto later_first = b;
  EXPECT_EQ(submeter::test_support::error_of([&] { later_first.append(a); }).code(),
            errc::out_of_order);
  auto joined = a;
  joined.append(b);
  const auto whole = submeter::site::quantities_of(submeter::site::usage_of(s, p, {0, 6}));
  ASSERT_EQ(joined.tenants.size(), whole.tenants.size());
  EXPECT_EQ(joined.index, whole.index);
  EXPECT_EQ(joined.tenant_kwh, whole.tenant_kwh);
  EXPECT_EQ(joined.tenant_m3, whole.tenant_m3);
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::site::usage_of(s, p, {3, s.tenants().size() + 1});
            }).code(),
            errc::invalid_argument);
}

TEST(Shards, SharesAndBillsRefuseAnotherNumberOfTenants) {
  namespace site = submeter::site;
  const auto& s = sample_site();
  const auto p = billing_period::parse("2026-07");
  auto part = site::shard_usage_of(s, p, all_tenants(s));
  const auto q = site::quantities_of(part.usage);
  auto totals = site::totals_of(s, q, p);
  auto copy = totals;
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)site::split_shares(copy, {q.tenants.size() - 1});
            }).code(),
            errc::inconsistent);
  auto shares = site::split_shares(totals, {2, q.tenants.size() - 2});
  EXPECT_TRUE(totals.common.lines.empty());
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)site::bill_shard(s, p, std::move(part), std::move(shares[0]));
            }).code(),
            errc::inconsistent);
}

TEST(Shards, ReRatingByRangeIsTheWholeSitesForThoseTenants) {
  const auto& s = sample_site();
  const auto p = billing_period::parse("2026-07");
  const auto whole = submeter::site::rerate_previous(s, p);
  const tenant_range r{5, 17};
  const auto part = submeter::site::rerate_previous(s, p, r);
  ASSERT_EQ(part.size(), r.size());
  std::size_t with_lines = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    ASSERT_EQ(part[i].size(), whole[r.first + i].size()) << i;
    for (std::size_t k = 0; k < part[i].size(); ++k) {
      EXPECT_EQ(part[i][k].amount, whole[r.first + i][k].amount);
      EXPECT_EQ(part[i][k].explanation, whole[r.first + i][k].explanation);
    }
    with_lines += part[i].empty() ? 0U : 1U;
  }
  EXPECT_GT(with_lines, 0u);  // the June correction re-rates some of them
}

}  // namespace
