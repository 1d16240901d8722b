#pragma once
/// \file
/// store::post_site_bills: a site run's bills (or a part's, site/shard.hpp) posted to the
/// tenants' accounts in a ledger store, exactly once however often it runs: the key of each
/// posting is the bill's (ledger::bill_key), so a task that is run again after its worker died
/// finds its keys posted and applies nothing. Written against store::ledger_store, so the
/// SQLite store and a server store are interchangeable.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "store/ledger_store.hpp"
#include "submeter/bill/payment_bill.hpp"
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

/// How the caller names what it was given, for errors: the context key ("option" for the CLI,
/// "argument" for Python) and the names of the document's number, the amount and the time.
struct payment_names {
  const char* key;
  const char* number;
  const char* amount;
  const char* time;
};

/// What pay_document did: posted now, or found posted already (the same number paid before).
struct payment_posting {
  bool duplicate = false;
  /// The entry's sequence number when posted now.
  std::uint64_t seq = 0;
};

/// PAY-3: the payment document numbered `number` among `bills`' (a run's issued bills), or
/// nullptr when none has it.
[[nodiscard]] const bill::payment_document* find_payment_document(
    const std::vector<site::tenant_bill>& bills, const std::string& number);

/// PAY-5: refuses to record the payment of `d` of `amount` (given as `amount_text`) at `at`:
/// (errc::invalid_argument) a credit note and an amount other than its total,
/// (errc::out_of_order) a time before it was issued, each error naming the argument by `names`.
/// Called before any store is opened, so that a refused payment writes nothing.
void check_payment(const bill::payment_document& d, money amount, const std::string& amount_text,
                   local_time at, const payment_names& names);

/// PAY-5: records the payment of `d` (a payment bill check_payment accepted) in full at `at` on
/// the account `account_prefix` + its tenant id in `store`, keyed by its number
/// (ledger::payment): paying it again is a duplicate, not a second payment. Refuses what the
/// store refuses (an account it does not have: errc::not_found).
payment_posting pay_document(ledger_store& store, const bill::payment_document& d, local_time at,
                             const std::string& account_prefix = "");

}  // namespace submeter::store
