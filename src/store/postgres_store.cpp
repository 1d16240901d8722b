// The ledger in PostgreSQL on plain libpq (Debian libpq-dev). Why libpq and not a C++ wrapper:
// libpqxx 7 is not in Debian 12 and 6.4's API is on its way out, and the store needs only a
// handful of parameterised statements, a transaction and SQLSTATEs, which libpq's C API gives
// directly (as sqlite_store.cpp uses SQLite's C API).
//
// Rows: the JSON texts of ledger_json.cpp (shared with the SQLite store, kept as TEXT so the bytes
// round-trip exactly; JSONB would reorder them), plus typed columns for queries: money as BIGINT
// mantissas (1e-4 yuan, the scale of `money`), never MONEY or floating point; times as TIMESTAMP
// (local civil time, no zone, as the ledger's events carry them).
#include "store/postgres_store.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/ledger_json.hpp"
#include "store/postgres_session.hpp"
#include "store/prepaid_schema.hpp"
#include "submeter/core/error.hpp"

namespace submeter::store {
namespace {

using pg::array_literal;
using pg::conflict;
using pg::result_ptr;
using pg::text;

/// The migrations, in order: migrations[v] brings a database from version v to v + 1. They run
/// in one transaction (PostgreSQL's DDL is transactional): a migration is whole or absent.
const char* const pg_ledger_migrations[] = {
    // 0 → 1: accounts and entries. Idempotency: one entry per (account, key) and at most one
    // reversal per (account, reversed entry), enforced by the database itself.
    "CREATE TABLE submeter_accounts ("
    "  id TEXT PRIMARY KEY,"
    "  params TEXT NOT NULL,"
    "  opening TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  balance BIGINT NOT NULL,"  // money mantissa, 1e-4 yuan
    "  last_seq BIGINT NOT NULL);"
    "CREATE TABLE submeter_entries ("
    "  account TEXT NOT NULL REFERENCES submeter_accounts(id),"
    "  seq BIGINT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  key TEXT,"
    "  time TIMESTAMP NOT NULL,"
    "  reverses BIGINT,"
    "  balance_delta BIGINT NOT NULL,"  // money mantissas, 1e-4 yuan
    "  balance_after BIGINT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  PRIMARY KEY (account, seq),"
    "  UNIQUE (account, key),"
    "  UNIQUE (account, reverses));",
    // 1 → 2: statements select by time.
    "CREATE INDEX submeter_entries_by_time ON submeter_entries(account, time);",
    // 2 → 3: live prepaid (issue 17, store/prepaid_store.hpp): the outbox, each meter's cursor
    // and every reading the live step was given (prepaid_schema.hpp).
    prepaid_postgres_schema_2_to_3,
    // 3 → 4: outbox rows carry their supply commands' wire frames (prepaid_schema.hpp).
    prepaid_postgres_schema_3_to_4,
};
static_assert(sizeof(pg_ledger_migrations) / sizeof(pg_ledger_migrations[0]) ==
              postgres_schema_version);

/// Any constant: the key of the advisory lock that serialises migrations across processes.
constexpr const char* ledger_migration_lock = "7220020";

class postgres_store final : public ledger_store {
 public:
  postgres_store(const std::string& conninfo, const postgres_options& options)
      : db_(conninfo), options_(options) {
    db_.migrate(ledger_migration_lock, "submeter_schema", pg_ledger_migrations,
                postgres_schema_version, "the ledger database was written by a newer submeter");
  }
  postgres_store(const postgres_store&) = delete;
  postgres_store& operator=(const postgres_store&) = delete;

  void create_account(const ledger::account_params& params,
                      const ledger::account_state& opening) override {
    connect();
    const auto r = exec(
        "INSERT INTO submeter_accounts (id, params, opening, state, balance, last_seq) "
        "VALUES ($1, $2, $3, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
        {params.id, to_json(params), to_json(opening), std::to_string(opening.balance.mantissa()),
         std::to_string(opening.last_seq)},
        "create account");
    if (std::string(PQcmdTuples(r.get())) == "0") {
      throw error(errc::duplicate, "the account exists", {{"account", params.id}});
    }
  }

  void update_terms(const ledger::account_params& params) override {
    connect();
    // load_params refuses an unknown account; it reads the terms as stored.
    const auto stored = with_terms(load_params(params.id), params);
    exec("UPDATE submeter_accounts SET params = $2 WHERE id = $1", {params.id, to_json(stored)},
         "update terms");
  }

  batch_result post(const std::vector<posting_request>& batch) override {
    connect();
    for (int attempt = 0;; ++attempt) {
      try {
        return post_once(batch);
      } catch (const conflict&) {
        if (attempt >= options_.conflict_retries) throw;
      }
    }
  }

  ledger::account_params params(const std::string& id) override {
    connect();
    return load_params(id);
  }

  ledger::account_state state(const std::string& id) override {
    return state_from_json(account_column("state", id));
  }

  ledger::account_state opening(const std::string& id) override {
    return state_from_json(account_column("opening", id));
  }

  std::vector<ledger::entry> entries(const std::string& id) override {
    connect();
    (void)load_params(id);
    const auto r =
        exec("SELECT body FROM submeter_entries WHERE account = $1 ORDER BY seq", {id}, "entries");
    std::vector<ledger::entry> out;
    out.reserve(static_cast<std::size_t>(PQntuples(r.get())));
    for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(entry_from_json(text(r, i, 0)));
    return out;
  }

  std::vector<std::string> accounts() override {
    connect();
    const auto r = exec("SELECT id FROM submeter_accounts ORDER BY id", {}, "accounts");
    std::vector<std::string> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(text(r, i, 0));
    return out;
  }

 private:
  void connect() { db_.connect(); }
  result_ptr exec(const char* sql, const std::vector<pg::param>& params, const char* what) {
    return db_.exec(sql, params, what);
  }

  static error unknown(const std::string& id) {
    return error(errc::not_found, "unknown account", {{"account", id}});
  }

  std::string account_column(const char* column, const std::string& id) {
    connect();
    const std::string sql =
        std::string("SELECT ") + column + " FROM submeter_accounts WHERE id = $1";
    const auto r = exec(sql.c_str(), {id}, "read an account");
    if (PQntuples(r.get()) == 0) throw unknown(id);
    return text(r, 0, 0);
  }

  /// The account's terms as stored now (parsed again only when their text changed: terms
  /// another process updated are seen at once).
  ledger::account_params load_params(const std::string& id) {
    const auto text = account_column("params", id);
    return params_cache_.get(id, text, [&] { return params_from_json(text); });
  }

  /// The entries this batch adds to one account, before they are inserted.
  struct added {
    std::vector<ledger::entry> entries;
    std::map<std::string, std::size_t> by_key;
    std::map<std::uint64_t, std::size_t> by_seq;
    std::map<std::uint64_t, std::uint64_t> reversal_of;
  };

  struct loaded {
    const ledger::account_params* params;
    ledger::account_state state;
    bool dirty = false;
    added batch;
    /// The stored entries (key → body) whose keys this batch uses, read once under the lock.
    std::map<std::string, std::string> stored_keys;
  };

  /// Answers the posting step's questions: first from this batch's own entries, then from the
  /// stored ones. The account's row is locked, so no other writer changes its entries meanwhile.
  class table_history final : public ledger::history {
   public:
    table_history(postgres_store& s, const std::string& account, const loaded& acc)
        : s_(s), account_(account), acc_(acc) {}
    std::optional<ledger::entry> by_key(const std::string& key) const override {
      if (const auto it = acc_.batch.by_key.find(key); it != acc_.batch.by_key.end()) {
        return acc_.batch.entries[it->second];
      }
      // Every key of the batch was looked up under the lock: a key not read is not stored.
      if (const auto it = acc_.stored_keys.find(key); it != acc_.stored_keys.end()) {
        return entry_from_json(it->second);
      }
      return std::nullopt;
    }
    std::optional<ledger::entry> by_seq(std::uint64_t seq) const override {
      if (const auto it = acc_.batch.by_seq.find(seq); it != acc_.batch.by_seq.end()) {
        return acc_.batch.entries[it->second];
      }
      const auto r = s_.exec("SELECT body FROM submeter_entries WHERE account = $1 AND seq = $2",
                             {account_, std::to_string(seq)}, "entry by sequence number");
      if (PQntuples(r.get()) == 0) return std::nullopt;
      return entry_from_json(text(r, 0, 0));
    }
    std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const override {
      if (const auto it = acc_.batch.reversal_of.find(seq); it != acc_.batch.reversal_of.end()) {
        return it->second;
      }
      const auto r =
          s_.exec("SELECT seq FROM submeter_entries WHERE account = $1 AND reverses = $2",
                  {account_, std::to_string(seq)}, "reversal of an entry");
      if (PQntuples(r.get()) == 0) return std::nullopt;
      return static_cast<std::uint64_t>(std::stoll(text(r, 0, 0)));
    }

   private:
    postgres_store& s_;
    const std::string& account_;
    const loaded& acc_;
  };

  /// Locks the batch's accounts in id order and reads them.
  std::map<std::string, loaded> lock_accounts(const std::vector<posting_request>& batch) {
    std::set<std::string> ids;
    for (const auto& req : batch) ids.insert(req.account_id);
    array_literal id_array;
    for (const auto& id : ids) id_array.add(id);
    // The sort runs below the row locks: rows are locked in id order, by every writer.
    const auto r = exec(
        "SELECT id, params, state, last_seq FROM submeter_accounts WHERE id = ANY($1::text[]) "
        "ORDER BY id FOR UPDATE",
        {id_array.str()}, "lock accounts");
    std::map<std::string, loaded> touched;
    for (int row = 0; row < PQntuples(r.get()); ++row) {
      auto id = text(r, row, 0);
      const auto stored = text(r, row, 1);
      const auto& params = params_cache_.get(id, stored, [&] { return params_from_json(stored); });
      // The state as of this connection's last batch, when no other process has posted since
      // (last_seq only grows); else parsed from the row.
      const auto last_seq = static_cast<std::uint64_t>(std::stoll(text(r, row, 3)));
      const auto known = state_cache_.find(id);
      auto state = known != state_cache_.end() && known->second.last_seq == last_seq
                       ? known->second
                       : state_from_json(text(r, row, 2));
      touched.emplace(std::move(id), loaded{&params, std::move(state), false, {}, {}});
    }
    return touched;
  }

  /// Reads the stored entries whose (account, key) the batch uses.
  void read_keys(const std::vector<posting_request>& batch,
                 std::map<std::string, loaded>& touched) {
    std::set<std::string> accounts, keys;
    for (const auto& req : batch) {
      if (req.what.key.empty() || touched.count(req.account_id) == 0) continue;
      accounts.insert(req.account_id);
      keys.insert(req.what.key);
    }
    if (keys.empty()) return;
    array_literal account_array, key_array;
    for (const auto& a : accounts) account_array.add(a);
    for (const auto& k : keys) key_array.add(k);
    const auto r = exec(
        "SELECT account, key, body FROM submeter_entries "
        "WHERE account = ANY($1::text[]) AND key = ANY($2::text[])",
        {account_array.str(), key_array.str()}, "read idempotency keys");
    for (int row = 0; row < PQntuples(r.get()); ++row) {
      touched.at(text(r, row, 0)).stored_keys.emplace(text(r, row, 1), text(r, row, 2));
    }
  }

  batch_result post_once(const std::vector<posting_request>& batch) {
    batch_result result;
    pg::transaction tx(db_);
    auto touched = lock_accounts(batch);
    read_keys(batch, touched);
    array_literal account, seq, kind, key, time, reverses, delta, after, body;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& req = batch[i];
      const auto it = touched.find(req.account_id);
      if (it == touched.end()) throw unknown(req.account_id).with("index", std::to_string(i));
      loaded& acc = it->second;
      const table_history h(*this, req.account_id, acc);
      auto p = post_request(*acc.params, acc.state, h, req, i);
      if (p.status == ledger::posting_status::duplicate) {
        ++result.duplicates;
      } else if (p.committed) {
        ++result.applied;
        acc.dirty = true;
        const auto& en = *p.committed;
        account.add(req.account_id);
        seq.add(static_cast<std::int64_t>(en.seq));
        kind.add(std::string(ledger::to_string(en.what.kind)));
        if (en.what.key.empty()) {
          key.add_null();
        } else {
          key.add(en.what.key);
        }
        time.add(local_interval::format(en.what.time));
        if (en.what.kind == ledger::event_kind::reversal) {
          reverses.add(static_cast<std::int64_t>(en.what.target));
        } else {
          reverses.add_null();
        }
        delta.add(en.balance_delta().mantissa());
        after.add(en.balance_after.mantissa());
        body.add(to_json(en));
        auto& b = acc.batch;
        const auto at = b.entries.size();
        if (!en.what.key.empty()) b.by_key.emplace(en.what.key, at);
        b.by_seq.emplace(en.seq, at);
        if (en.what.kind == ledger::event_kind::reversal)
          b.reversal_of.emplace(en.what.target, en.seq);
        b.entries.push_back(en);
      } else {
        acc.dirty = true;  // a relay change without an entry (none today); keep the state
      }
      result.postings.push_back(std::move(p));
    }
    if (result.applied > 0) {
      (void)exec(
          "INSERT INTO submeter_entries "
          "(account, seq, kind, key, time, reverses, balance_delta, balance_after, body) "
          "SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], "
          "$5::timestamp[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[])",
          {account.str(), seq.str(), kind.str(), key.str(), time.str(), reverses.str(), delta.str(),
           after.str(), body.str()},
          "insert entries");
    }
    array_literal ids, states, balances, last_seqs;
    bool any = false;
    for (const auto& [id, acc] : touched) {
      if (!acc.dirty) continue;
      any = true;
      ids.add(id);
      states.add(to_json(acc.state));
      balances.add(acc.state.balance.mantissa());
      last_seqs.add(static_cast<std::int64_t>(acc.state.last_seq));
    }
    if (any) {
      (void)exec(
          "UPDATE submeter_accounts AS a SET state = u.state, balance = u.balance, "
          "last_seq = u.last_seq FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) "
          "AS u(id, state, balance, last_seq) WHERE a.id = u.id",
          {ids.str(), states.str(), balances.str(), last_seqs.str()}, "update accounts");
    }
    tx.commit();
    for (auto& [id, acc] : touched) state_cache_[id] = std::move(acc.state);
    return result;
  }

  pg::session db_;
  postgres_options options_;
  /// Terms parsed from their stored text, by account (params_cache: kept while the text is).
  params_cache params_cache_;
  std::map<std::string, ledger::account_state> state_cache_;
};

}  // namespace

std::unique_ptr<ledger_store> open_postgres_store(const std::string& conninfo,
                                                  const postgres_options& options) {
  return std::make_unique<postgres_store>(conninfo, options);
}

}  // namespace submeter::store
