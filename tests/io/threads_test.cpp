// Thread safety by construction (DESIGN.md "Embedded"): one loaded site, billed from several
// threads at once, gives every thread the single-threaded bills exactly. Run under ThreadSanitizer
// by .ci/test (preset tsan), and under ASan+UBSan with the rest.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "io/site_loader.hpp"
#include "submeter/site/run.hpp"

namespace {

using submeter::bill::billing_period;

TEST(Threads, BillingOneSiteFromSeveralThreadsGivesIdenticalBills) {
  const auto site = submeter::io::load_site(std::string(SUBMETER_SOURCE_DIR) + "/examples/site");
  const auto period = billing_period::parse("2026-07");
  // The whole site run (bills, shares, re-rating, accounts, report) from several threads.
  const auto reference = submeter::site::run_site(site, period).bills;
  ASSERT_EQ(reference.size(), 43u);  // 40 generated tenants and 3 dormitory rooms (format v2)

  constexpr int threads = 4;
  constexpr int rounds = 25;
  std::vector<int> mismatches(threads, 0);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int r = 0; r < rounds; ++r) {
        const auto bills = submeter::site::run_site(site, period).bills;
        for (std::size_t i = 0; i < bills.size(); ++i) {
          const bool same = bills[i].tenant_id == reference[i].tenant_id &&
                            bills[i].total == reference[i].total &&
                            bills[i].unrounded_total == reference[i].unrounded_total &&
                            bills[i].lines.size() == reference[i].lines.size();
          mismatches[static_cast<std::size_t>(t)] += same ? 0 : 1;
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  for (int t = 0; t < threads; ++t)
    EXPECT_EQ(mismatches[static_cast<std::size_t>(t)], 0) << "thread " << t;
}

}  // namespace
