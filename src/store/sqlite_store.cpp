#include "store/sqlite_store.hpp"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/ledger_json.hpp"
#include "store/prepaid_schema.hpp"
#include "store/sqlite_statement.hpp"
#include "submeter/core/error.hpp"

namespace submeter::store {
namespace {

// The SQLite C API as the stores use it (store/sqlite_statement.hpp).
using sqlite::busy;
using sqlite::exec;
using sqlite::fail;
using sqlite::reset_on_exit;
using sqlite::statement;

/// The migrations, in order: migrations[v] brings a file from user_version v to v + 1.
const char* const ledger_migrations[] = {
    // 0 → 1: accounts and entries. Idempotency: one entry per (account, key) and at most one
    // reversal per (account, reversed entry), enforced by the database itself.
    "CREATE TABLE accounts ("
    "  id TEXT PRIMARY KEY,"
    "  params TEXT NOT NULL,"
    "  opening TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  last_seq INTEGER NOT NULL);"
    "CREATE TABLE entries ("
    "  account TEXT NOT NULL REFERENCES accounts(id),"
    "  seq INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  key TEXT,"
    "  time TEXT NOT NULL,"
    "  reverses INTEGER,"
    "  balance_after TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  PRIMARY KEY (account, seq),"
    "  UNIQUE (account, key),"
    "  UNIQUE (account, reverses));",
    // 1 → 2: statements select by time.
    "CREATE INDEX entries_by_time ON entries(account, time);",
    // 2 → 3: live prepaid (issue 17, store/prepaid_store.hpp): the outbox, each meter's cursor
    // (its last deducted reading) and every reading the live step was given, with its status.
    prepaid_schema_2_to_3,
    // 3 → 4: the entries' indexes a live reading pays for, fewer (prepaid_schema.hpp).
    prepaid_schema_3_to_4,
    // 4 → 5: outbox rows carry their supply commands' wire frames (prepaid_schema.hpp).
    prepaid_schema_4_to_5,
};
static_assert(sizeof(ledger_migrations) / sizeof(ledger_migrations[0]) == sqlite_schema_version);

class sqlite_store final : public ledger_store {
 public:
  sqlite_store(const std::string& path, const sqlite_options& options)
      : path_(path), options_(options) {
    if (options.read_only) {
      open_read_only(path);
      return;
    }
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      const std::string text = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw std::runtime_error("sqlite: cannot open " + path + ": " + text);
    }
    try {
      prepare(path, options);
    } catch (...) {
      // The destructor does not run for a constructor that throws: close the file here.
      close_all();
      throw;
    }
  }
  ~sqlite_store() override { close_all(); }

 private:
  void prepare(const std::string& path, const sqlite_options& options) {
    sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
    with_retries([&] { exec(db_, "PRAGMA journal_mode=WAL;"); });
    exec(db_, options.synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
    exec(db_, "PRAGMA foreign_keys=ON;");
    with_retries([&] { migrate(path); });
    prepare_statements();
  }

  void prepare_statements() {
    by_key_ = std::make_unique<statement>(
        db_, "SELECT body FROM entries WHERE account = ?1 AND key = ?2");
    by_seq_ = std::make_unique<statement>(
        db_, "SELECT body FROM entries WHERE account = ?1 AND seq = ?2");
    reversal_ = std::make_unique<statement>(
        db_, "SELECT seq FROM entries WHERE account = ?1 AND reverses = ?2");
    insert_ = std::make_unique<statement>(
        db_,
        "INSERT INTO entries (account, seq, kind, key, time, reverses, balance_after, body) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    load_ = std::make_unique<statement>(
        db_, "SELECT params, state, last_seq FROM accounts WHERE id = ?1");
    update_ = std::make_unique<statement>(
        db_, "UPDATE accounts SET state = ?2, last_seq = ?3 WHERE id = ?1");
  }

  /// A file URI for `path` with `query`, escaping what a URI path cannot hold as is.
  static std::string file_uri(const std::string& path, const char* query) {
    std::string uri = "file:";
    for (const char c : path) {
      if (c == '%' || c == '?' || c == '#') {
        static const char hex[] = "0123456789ABCDEF";
        const auto b = static_cast<unsigned char>(c);
        uri += '%';
        uri += hex[b >> 4];
        uri += hex[b & 15];
      } else {
        uri += c;
      }
    }
    return uri + "?" + query;
  }

  /// The schema version, or nullopt when the file cannot be read as it is opened.
  std::optional<int> try_user_version() {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db_, "PRAGMA user_version;", -1, &q, nullptr) != SQLITE_OK) {
      sqlite3_finalize(q);
      return std::nullopt;
    }
    const int rc = sqlite3_step(q);
    const std::optional<int> v =
        rc == SQLITE_ROW ? std::optional<int>(sqlite3_column_int(q, 0)) : std::nullopt;
    sqlite3_finalize(q);
    return v;
  }

  /// Read-only: the file as it is (no WAL switch, no migration, nothing created). A WAL file whose
  /// -shm cannot be created (a read-only directory) is read as immutable: nobody can write it.
  void open_read_only(const std::string& path) {
    struct close_guard {
      sqlite_store& s;
      bool done = false;
      ~close_guard() {
        if (!done) s.close_all();
      }
    } guard{*this};
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      throw error(errc::not_found, "no ledger file (a read opens an existing file only)",
                  {{"file", path}});
    }
    std::optional<int> version;
    // First a connection that may write but is told not to (query_only, no create): as the last
    // connection it removes the -wal and -shm files on close, as a writer does, so a read leaves
    // the folder as it found it. Where that fails (a read-only file or folder), a read-only one.
    for (const char* query : {"mode=rw", "mode=ro", "mode=ro&immutable=1"}) {
      close_all();
      const bool rw = std::string(query) == "mode=rw";
      const int rc = sqlite3_open_v2(file_uri(path, query).c_str(), &db_,
                                     (rw ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) |
                                         SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                                     nullptr);
      if (rc != SQLITE_OK) continue;
      if (rw && sqlite3_exec(db_, "PRAGMA query_only=ON;", nullptr, nullptr, nullptr) != SQLITE_OK)
        continue;
      version = try_user_version();
      if (version) break;
    }
    if (!version) throw std::runtime_error("sqlite: cannot read " + path);
    if (*version != sqlite_schema_version) {
      throw error(errc::unsupported,
                  *version > sqlite_schema_version
                      ? "the ledger file was written by a newer submeter"
                      : "the ledger file has an older schema: open it once read-write to migrate",
                  {{"file", path},
                   {"schema_version", std::to_string(*version)},
                   {"supported", std::to_string(sqlite_schema_version)}});
    }
    sqlite3_busy_timeout(db_, static_cast<int>(options_.busy_timeout.count()));
    prepare_statements();
    guard.done = true;
  }

  void close_all() noexcept {
    by_key_.reset();
    by_seq_.reset();
    reversal_.reset();
    insert_.reset();
    load_.reset();
    update_.reset();
    sqlite3_close(db_);
    db_ = nullptr;
  }

 public:
  void create_account(const ledger::account_params& params,
                      const ledger::account_state& opening) override {
    with_retries([&] {
      transaction tx(db_);
      statement exists(db_, "SELECT 1 FROM accounts WHERE id = ?1");
      exists.bind(1, params.id);
      if (exists.step()) {
        throw error(errc::duplicate, "the account exists", {{"account", params.id}});
      }
      statement insert(db_,
                       "INSERT INTO accounts (id, params, opening, state, last_seq) "
                       "VALUES (?1, ?2, ?3, ?3, ?4)");
      insert.bind(1, params.id)
          .bind(2, to_json(params))
          .bind(3, to_json(opening))
          .bind(4, static_cast<std::int64_t>(opening.last_seq));
      insert.step();
      tx.commit();
    });
  }

  void update_terms(const ledger::account_params& params) override {
    with_retries([&] {
      transaction tx(db_);
      // load_params refuses an unknown account; it reads the terms as stored.
      const auto stored = with_terms(load_params(params.id), params);
      statement update(db_, "UPDATE accounts SET params = ?2 WHERE id = ?1");
      update.bind(1, params.id).bind(2, to_json(stored));
      update.step();
      tx.commit();
    });
  }

  batch_result post(const std::vector<posting_request>& batch) override {
    batch_result result;
    with_retries([&] { result = post_once(batch); });
    return result;
  }

  ledger::account_params params(const std::string& id) override { return load_params(id); }

  ledger::account_state state(const std::string& id) override {
    statement q(db_, "SELECT state FROM accounts WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) throw unknown(id);
    return read_row("accounts.state", id, [&] { return state_from_json(q.text(0)); });
  }

  ledger::account_state opening(const std::string& id) override {
    statement q(db_, "SELECT opening FROM accounts WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) throw unknown(id);
    return read_row("accounts.opening", id, [&] { return state_from_json(q.text(0)); });
  }

  std::vector<ledger::entry> entries(const std::string& id) override {
    (void)load_params(id);
    statement q(db_, "SELECT seq, body FROM entries WHERE account = ?1 ORDER BY seq");
    q.bind(1, id);
    std::vector<ledger::entry> out;
    while (q.step()) {
      out.push_back(read_row(
          "entries", id, [&] { return entry_from_json(q.text(1)); }, std::to_string(q.integer(0))));
    }
    return out;
  }

  std::vector<std::string> accounts() override {
    statement q(db_, "SELECT id FROM accounts ORDER BY id");
    std::vector<std::string> out;
    while (q.step()) out.push_back(q.text(0));
    return out;
  }

 private:
  using transaction = sqlite::transaction;

  /// Answers the posting step's questions from the entries table (uncommitted rows of the
  /// current transaction included).
  class table_history final : public ledger::history {
   public:
    table_history(sqlite_store& s, std::string account) : s_(s), account_(std::move(account)) {}
    std::optional<ledger::entry> by_key(const std::string& key) const override {
      reset_on_exit r{*s_.by_key_};
      s_.by_key_->bind(1, account_).bind(2, key);
      if (!s_.by_key_->step()) return std::nullopt;
      return s_.read_row("entries", account_, [&] { return entry_from_json(s_.by_key_->text(0)); });
    }
    std::optional<ledger::entry> by_seq(std::uint64_t seq) const override {
      reset_on_exit r{*s_.by_seq_};
      s_.by_seq_->bind(1, account_).bind(2, static_cast<std::int64_t>(seq));
      if (!s_.by_seq_->step()) return std::nullopt;
      return s_.read_row(
          "entries", account_, [&] { return entry_from_json(s_.by_seq_->text(0)); },
          std::to_string(seq));
    }
    std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const override {
      reset_on_exit r{*s_.reversal_};
      s_.reversal_->bind(1, account_).bind(2, static_cast<std::int64_t>(seq));
      if (!s_.reversal_->step()) return std::nullopt;
      return static_cast<std::uint64_t>(s_.reversal_->integer(0));
    }

   private:
    sqlite_store& s_;
    std::string account_;
  };

  struct loaded {
    const ledger::account_params* params;
    ledger::account_state state;
    bool dirty = false;
  };

  /// Reads one stored record with `read`; a corrupted one (errc::parse) is named by the file, the
  /// table (and column), the account and, for an entry, its sequence number.
  template <class F>
  std::invoke_result_t<F&> read_row(const char* table, const std::string& account, F read,
                                    const std::string& seq = {}) const {
    try {
      return read();
    } catch (const error& e) {
      if (e.code() != errc::parse) throw;
      auto named = e.with("file", path_).with("table", table).with("account", account);
      throw seq.empty() ? named : named.with("seq", seq);
    }
  }

  static error unknown(const std::string& id) {
    return error(errc::not_found, "unknown account", {{"account", id}});
  }

  template <class F>
  void with_retries(F&& f) {
    for (int attempt = 0;; ++attempt) {
      try {
        f();
        return;
      } catch (const busy&) {
        if (attempt >= options_.busy_retries) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(1 + attempt * 5));
      }
    }
  }

  void migrate(const std::string& path) {
    int version = 0;
    {
      statement q(db_, "PRAGMA user_version;");
      if (q.step()) version = static_cast<int>(q.integer(0));
    }
    if (version > sqlite_schema_version) {
      throw error(errc::unsupported, "the ledger file was written by a newer submeter",
                  {{"file", path},
                   {"schema_version", std::to_string(version)},
                   {"supported", std::to_string(sqlite_schema_version)}});
    }
    while (version < sqlite_schema_version) {
      transaction tx(db_);
      // Re-read inside the write lock: another process may have migrated meanwhile. (The
      // statement is finished before migrating: DROP TABLE refuses while one is active.)
      int now = 0;
      {
        statement q(db_, "PRAGMA user_version;");
        now = q.step() ? static_cast<int>(q.integer(0)) : 0;
      }
      if (now == version) {
        exec(db_, ledger_migrations[version]);
        exec(db_, ("PRAGMA user_version = " + std::to_string(version + 1) + ";").c_str());
        version += 1;
      } else {
        version = now;
      }
      tx.commit();
    }
  }

  /// The account's terms as stored now (parsed again only when their text changed: terms
  /// another process updated are seen at once).
  ledger::account_params load_params(const std::string& id) {
    reset_on_exit r{*load_};
    load_->bind(1, id);
    if (!load_->step()) throw unknown(id);
    return params_cache_.get(id, load_->text(0), [&] {
      return read_row("accounts.params", id, [&] { return params_from_json(load_->text(0)); });
    });
  }

  batch_result post_once(const std::vector<posting_request>& batch) {
    batch_result result;
    transaction tx(db_);
    std::map<std::string, loaded> touched;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& req = batch[i];
      auto it = touched.find(req.account_id);
      if (it == touched.end()) {
        reset_on_exit r{*load_};
        load_->bind(1, req.account_id);
        if (!load_->step()) {
          throw unknown(req.account_id).with("index", std::to_string(i));
        }
        const auto& params = params_cache_.get(req.account_id, load_->text(0), [&] {
          return read_row("accounts.params", req.account_id,
                          [&] { return params_from_json(load_->text(0)); });
        });
        // The state as of the last committed batch of this connection, when no other process has
        // posted since (last_seq only grows); else parsed from the row.
        const auto last_seq = static_cast<std::uint64_t>(load_->integer(2));
        const auto known = state_cache_.find(req.account_id);
        auto state = known != state_cache_.end() && known->second.last_seq == last_seq
                         ? known->second
                         : read_row("accounts.state", req.account_id,
                                    [&] { return state_from_json(load_->text(1)); });
        it = touched.emplace(req.account_id, loaded{&params, std::move(state), false}).first;
      }
      loaded& acc = it->second;
      const table_history h(*this, req.account_id);
      auto p = post_request(*acc.params, acc.state, h, req, i);
      if (p.status == ledger::posting_status::duplicate) {
        ++result.duplicates;
      } else if (p.committed) {
        ++result.applied;
        acc.dirty = true;
        const auto& en = *p.committed;
        reset_on_exit r{*insert_};
        insert_->bind(1, req.account_id)
            .bind(2, static_cast<std::int64_t>(en.seq))
            .bind(3, std::string(ledger::to_string(en.what.kind)));
        if (en.what.key.empty()) {
          insert_->bind_null(4);
        } else {
          insert_->bind(4, en.what.key);
        }
        insert_->bind(5, stored_time(en.what.time));
        if (en.what.kind == ledger::event_kind::reversal) {
          insert_->bind(6, static_cast<std::int64_t>(en.what.target));
        } else {
          insert_->bind_null(6);
        }
        insert_->bind(7, en.balance_after.to_string(2)).bind(8, to_json(en));
        insert_->step();
      } else {
        acc.dirty = true;  // a relay change without an entry (none today); keep the state
      }
      result.postings.push_back(std::move(p));
    }
    for (auto& [id, acc] : touched) {
      if (!acc.dirty) continue;
      reset_on_exit r{*update_};
      update_->bind(1, id)
          .bind(2, to_json(acc.state))
          .bind(3, static_cast<std::int64_t>(acc.state.last_seq));
      update_->step();
    }
    tx.commit();
    for (auto& [id, acc] : touched) state_cache_[id] = std::move(acc.state);
    return result;
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite_options options_;
  /// Terms parsed from their stored text, by account (params_cache: kept while the text is).
  params_cache params_cache_;
  std::map<std::string, ledger::account_state> state_cache_;
  std::unique_ptr<statement> by_key_, by_seq_, reversal_, insert_, load_, update_;
};

}  // namespace

std::unique_ptr<ledger_store> open_sqlite_store(const std::string& path,
                                                const sqlite_options& options) {
  return std::make_unique<sqlite_store>(path, options);
}

}  // namespace submeter::store
