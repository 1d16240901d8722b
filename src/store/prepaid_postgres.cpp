// The PostgreSQL back end of the live prepaid store (prepaid_backend.hpp): the ledger's
// submeter_accounts and submeter_entries and the prepaid tables of schema version 3
// (submeter_outbox, submeter_live_cursors, submeter_live_readings; prepaid_schema.hpp), on libpq
// (postgres_session.hpp).
//
// A batch is one READ COMMITTED transaction that first locks the rows of the accounts it posts
// to, in id order (`SELECT … ORDER BY id FOR UPDATE`, as the ledger's post does): a meter belongs
// to one account, so its cursor and its live readings are only written under that account's
// lock, and each statement after the lock sees what the writers before it committed. Two
// batches on other accounts run side by side; two on one account run one after the other; the
// fixed order means no deadlock, so nothing is aborted and a batch is never computed twice
// (40001 / 40P01 are still retried, should one happen). Readings of meters that are in no
// account take no lock: their record is written with ON CONFLICT DO NOTHING.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/ledger_json.hpp"
#include "store/postgres_session.hpp"
#include "store/postgres_store.hpp"
#include "store/prepaid_backend.hpp"
#include "submeter/core/error.hpp"

namespace submeter::store::detail {
namespace {

using pg::array_literal;
using pg::integer;
using pg::is_null;
using pg::param;
using pg::result_ptr;
using pg::text;

/// How many times a batch is retried after a serialization failure or deadlock.
constexpr int conflict_retries = 5;

/// The outbox's columns as read back (the time in the entries' text form).
constexpr const char* outbox_select =
    "SELECT number, id, account, to_char(time, 'YYYY-MM-DD\"T\"HH24:MI:SS'), command, meter, "
    "utility, notice, detail, acked, frame FROM submeter_outbox";

param optional_text(const std::string& s) { return s.empty() ? param() : param(s); }

class postgres_prepaid final : public prepaid_backend {
 public:
  // The ledger store first: it creates and migrates the tables (postgres_schema_version).
  explicit postgres_prepaid(const std::string& conninfo)
      : ledger_(open_postgres_store(conninfo)), db_(conninfo) {}

  ledger_store& ledger() override { return *ledger_; }

  void in_batch(const std::vector<std::string>& accounts,
                const std::function<void(prepaid_batch&)>& body) override {
    db_.connect();
    pg::with_conflict_retries(conflict_retries, [&] {
      pg::transaction tx(db_);
      batch b(db_);
      b.lock(accounts);
      body(b);
      tx.commit();
    });
  }

  std::vector<stored_outbox_row> outbox(bool all) override {
    db_.connect();
    const std::string sql =
        std::string(outbox_select) + (all ? "" : " WHERE acked IS NULL") + " ORDER BY number";
    const auto r = db_.exec(sql.c_str(), {}, "read the outbox");
    std::vector<stored_outbox_row> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(row_of(r, i));
    return out;
  }

  std::optional<stored_outbox_row> ack(const std::string& id, bool by_number,
                                       const std::string& when) override {
    db_.connect();
    const char* column = by_number ? "number" : "id";
    // One statement, so no transaction: the first acknowledgement's time is kept.
    (void)db_.exec((std::string("UPDATE submeter_outbox SET acked = $2 WHERE ") + column +
                    (by_number ? " = $1::bigint" : " = $1") + " AND acked IS NULL")
                       .c_str(),
                   {id, when}, "acknowledge an outbox row");
    const auto r = db_.exec(
        (std::string(outbox_select) + " WHERE " + column + (by_number ? " = $1::bigint" : " = $1"))
            .c_str(),
        {id}, "read an outbox row");
    if (PQntuples(r.get()) == 0) return std::nullopt;
    return row_of(r, 0);
  }

  std::vector<stored_cursor> cursors() override {
    db_.connect();
    const auto r = db_.exec("SELECT meter, account, body FROM submeter_live_cursors ORDER BY meter",
                            {}, "read the cursors");
    std::vector<stored_cursor> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      out.push_back({text(r, i, 0), text(r, i, 1), cursor_from_text(text(r, i, 2))});
    }
    return out;
  }

 private:
  static stored_outbox_row row_of(const result_ptr& r, int i) {
    const auto opt = [&](int c) { return is_null(r, i, c) ? param() : param(text(r, i, c)); };
    outbox_columns c;
    c.number = integer(r, i, 0);
    c.id = text(r, i, 1);
    c.account = text(r, i, 2);
    c.time = text(r, i, 3);
    c.command = opt(4);
    c.meter = opt(5);
    c.utility = text(r, i, 6);
    c.notice = opt(7);
    c.detail = text(r, i, 8);
    c.acked = opt(9);
    c.frame = opt(10);
    return stored_row_of(c);
  }

  /// The ledger's entries of one account, read inside the batch's transaction (whose account
  /// row is locked: no other writer adds to them meanwhile).
  class table_history final : public ledger::history {
   public:
    table_history(pg::session& db, std::string account) : db_(db), account_(std::move(account)) {}
    std::optional<ledger::entry> by_key(const std::string& key) const override {
      const auto r = db_.exec("SELECT body FROM submeter_entries WHERE account = $1 AND key = $2",
                              {account_, key}, "entry by key");
      if (PQntuples(r.get()) == 0) return std::nullopt;
      return entry_from_json(text(r, 0, 0));
    }
    std::optional<ledger::entry> by_seq(std::uint64_t seq) const override {
      const auto r = db_.exec("SELECT body FROM submeter_entries WHERE account = $1 AND seq = $2",
                              {account_, std::to_string(seq)}, "entry by sequence number");
      if (PQntuples(r.get()) == 0) return std::nullopt;
      return entry_from_json(text(r, 0, 0));
    }
    std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const override {
      const auto r =
          db_.exec("SELECT seq FROM submeter_entries WHERE account = $1 AND reverses = $2",
                   {account_, std::to_string(seq)}, "reversal of an entry");
      if (PQntuples(r.get()) == 0) return std::nullopt;
      return static_cast<std::uint64_t>(integer(r, 0, 0));
    }

   private:
    pg::session& db_;
    std::string account_;
  };

  class batch final : public prepaid_batch {
   public:
    explicit batch(pg::session& db) : db_(db) {}

    /// Locks the accounts' rows in id order (the caller gives them sorted; the sort below the
    /// lock makes the order the database's own).
    void lock(const std::vector<std::string>& accounts) {
      if (accounts.empty()) return;
      array_literal ids;
      for (const auto& id : accounts) ids.add(id);
      (void)db_.exec(
          "SELECT id FROM submeter_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE",
          {ids.str()}, "lock accounts");
    }

    std::optional<std::pair<ledger::account_params, ledger::account_state>> load_account(
        const std::string& id) override {
      // FOR UPDATE: a no-op on a row locked above; the lock of an account the batch did not
      // announce (none today), taken late (a deadlock then is retried).
      const auto r =
          db_.exec("SELECT params, state FROM submeter_accounts WHERE id = $1 FOR UPDATE", {id},
                   "read an account");
      if (PQntuples(r.get()) == 0) return std::nullopt;
      return std::make_pair(params_from_json(text(r, 0, 0)), state_from_json(text(r, 0, 1)));
    }

    std::unique_ptr<ledger::history> history(const std::string& account) override {
      return std::make_unique<table_history>(db_, account);
    }

    void insert_entry(const std::string& account, const ledger::entry& en) override {
      // The columns postgres_store.cpp writes, so the ledger store reads these entries as its own.
      (void)db_.exec(
          "INSERT INTO submeter_entries "
          "(account, seq, kind, key, time, reverses, balance_delta, balance_after, body) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
          {account, std::to_string(en.seq), std::string(ledger::to_string(en.what.kind)),
           optional_text(en.what.key), stored_time(en.what.time),
           en.what.kind == ledger::event_kind::reversal ? param(std::to_string(en.what.target))
                                                        : param(),
           std::to_string(en.balance_delta().mantissa()),
           std::to_string(en.balance_after.mantissa()), to_json(en)},
          "insert an entry");
    }

    void update_account(const std::string& id, const ledger::account_state& s) override {
      (void)db_.exec(
          "UPDATE submeter_accounts SET state = $2, balance = $3, last_seq = $4 WHERE id = $1",
          {id, to_json(s), std::to_string(s.balance.mantissa()), std::to_string(s.last_seq)},
          "update an account");
    }

    std::optional<std::string> seen(const std::string& meter, local_time t) override {
      const auto r =
          db_.exec("SELECT registers FROM submeter_live_readings WHERE meter = $1 AND time = $2",
                   {meter, stored_time(t)}, "look up a live reading");
      if (PQntuples(r.get()) == 0) return std::nullopt;
      return text(r, 0, 0);
    }

    std::optional<std::string> latest_recorded(const std::string& meter) override {
      const auto r = db_.exec(
          "SELECT to_char(max(time), 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM submeter_live_readings "
          "WHERE meter = $1",
          {meter}, "look up a meter's latest live reading");
      if (PQntuples(r.get()) == 0 || PQgetisnull(r.get(), 0, 0)) return std::nullopt;
      return text(r, 0, 0);
    }

    void record(const std::string& meter, local_time t, const std::string& registers,
                const std::string& status, const std::string& account,
                const std::string& message) override {
      // A meter of an account is written under the account's lock; a meter of none takes no
      // lock, and a record another writer made meanwhile stands.
      (void)db_.exec(
          "INSERT INTO submeter_live_readings (meter, time, registers, status, account, message) "
          "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (meter, time) DO NOTHING",
          {meter, stored_time(t), registers, status, optional_text(account),
           optional_text(message)},
          "record a live reading");
    }

    std::optional<std::string> load_cursor(const std::string& meter) override {
      const auto r = db_.exec("SELECT body FROM submeter_live_cursors WHERE meter = $1", {meter},
                              "read a cursor");
      if (PQntuples(r.get()) == 0) return std::nullopt;
      return text(r, 0, 0);
    }

    void save_cursor(const std::string& meter, const std::string& account, local_time last,
                     const std::string& body) override {
      (void)db_.exec(
          "INSERT INTO submeter_live_cursors (meter, account, last_time, body) "
          "VALUES ($1, $2, $3, $4) ON CONFLICT (meter) DO UPDATE SET account = $2, "
          "last_time = $3, body = $4",
          {meter, account, stored_time(last), body}, "save a cursor");
    }

    void insert_rows(const std::vector<ledger::outbox_row>& rows) override {
      if (rows.empty()) return;
      array_literal id, account, time, command, meter, utility, notice, detail, frame;
      for (const auto& row : rows) {
        const auto c = columns_of(row);
        id.add(c.id);
        account.add(c.account);
        time.add(c.time);
        command.add_optional(c.command);
        meter.add_optional(c.meter);
        utility.add(c.utility);
        notice.add_optional(c.notice);
        detail.add(c.detail);
        frame.add_optional(c.frame);
      }
      // Numbered in the order given (the identity is drawn row by row, in ORDER BY n order).
      (void)db_.exec(
          "INSERT INTO submeter_outbox "
          "(id, account, time, command, meter, utility, notice, detail, frame) "
          "SELECT i, a, t, c, m, u, n, d, f FROM unnest($1::text[], $2::text[], "
          "$3::timestamp[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], "
          "$9::text[]) WITH ORDINALITY AS x(i, a, t, c, m, u, n, d, f, k) ORDER BY k",
          {id.str(), account.str(), time.str(), command.str(), meter.str(), utility.str(),
           notice.str(), detail.str(), frame.str()},
          "write outbox rows");
    }

   private:
    pg::session& db_;
  };

  std::unique_ptr<ledger_store> ledger_;
  pg::session db_;
};

}  // namespace

std::unique_ptr<prepaid_backend> postgres_prepaid_backend(const std::string& conninfo) {
  return std::make_unique<postgres_prepaid>(conninfo);
}

}  // namespace submeter::store::detail
