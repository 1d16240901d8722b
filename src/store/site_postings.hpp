#pragma once
/// \file
/// store::post_site_bills: a site run's bills (or a part's, site/shard.hpp) posted to the
/// tenants' accounts in a ledger store, exactly once however often it runs: the key of each
/// posting is the bill's (ledger::bill_key), so a task that is run again after its worker died
/// finds its keys posted and applies nothing. Written against store::ledger_store, so the
/// SQLite store and a server store are interchangeable.

#include <cstddef>
#include <string>
#include <vector>

#include "store/ledger_store.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/site.hpp"

namespace submeter::store {

/// What post_site_bills did.
struct site_postings {
  /// Accounts the store did not have, opened from the site's terms.
  std::size_t opened = 0;
  /// Bills posted now, and bills found posted already (their keys were in the store).
  std::size_t applied = 0;
  std::size_t duplicates = 0;
};

/// Posts each of `bills` (issued by site::run_site or site::bill_shard for `period`) whose tenant
/// has an account in `s` to that account (account id = tenant id) in `store`: the event and key
/// the site run's accounts post (site::bill_posting: a prepaid fee or a postpaid charge, key
/// "bill/<period>/<tenant>"), at the end of the part of the period the tenant occupied; a bill
/// of zero is not posted, as the site run does not post it. An account the store does not have
/// is first opened as site::opening_of opens it (the balance at the start of the period).
/// Every bill is posted in one batch (all or nothing); a replayed key is a duplicate, not
/// applied again. Refuses (errc::not_found) a bill of a tenant the site does not have, and what
/// the store refuses.
///
/// `account_prefix` goes before each tenant id to make its account id ("park-a/" makes tenant
/// T01's account "park-a/T01"; the key stays bill/<period>/T01): one store holding several
/// sites' accounts (one PostgreSQL database for a portfolio), whose tenant ids may repeat.
[[nodiscard]] site_postings post_site_bills(
    ledger_store& store, const site::site& s, const bill::billing_period& period,
    const std::vector<site::tenant_bill>& bills,
    ledger::counter_policy counters = ledger::counter_policy::allow_gap,
    const std::string& account_prefix = {});

}  // namespace submeter::store
