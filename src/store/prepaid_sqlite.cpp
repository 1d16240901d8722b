// The SQLite back end of the live prepaid store (prepaid_backend.hpp): the ledger file's
// accounts, entries, outbox, live_cursors and live_readings tables (prepaid_schema.hpp), one
// IMMEDIATE transaction per batch (the file's write lock serialises writers; SQLITE_BUSY is
// retried).
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/ledger_json.hpp"
#include "store/prepaid_backend.hpp"
#include "store/sqlite_statement.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time_text.hpp"

namespace submeter::store::detail {
namespace {

using sqlite::reset_on_exit;
using sqlite::statement;
using sqlite::transaction;

class sqlite_prepaid final : public prepaid_backend {
 public:
  sqlite_prepaid(const std::string& path, const sqlite_options& options)
      : ledger_(open_sqlite_store(path, options)), options_(options) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      const std::string text = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw std::runtime_error("sqlite: cannot open " + path + ": " + text);
    }
    sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
    try {
      sqlite::exec(db_, options.synchronous_full ? "PRAGMA synchronous=FULL;"
                                                 : "PRAGMA synchronous=NORMAL;");
      // A batch of 1,000 readings over 10,000 meters touches a leaf page of each table and index
      // per account or meter: the default cache (2 MB) would read most of them back from the
      // OS for every batch (docs/performance.md, the durable path).
      sqlite::exec(db_, "PRAGMA cache_size=-65536;");
      by_key_ = std::make_unique<statement>(
          db_, "SELECT body FROM entries WHERE account = ?1 AND key = ?2");
      by_seq_ = std::make_unique<statement>(
          db_, "SELECT body FROM entries WHERE account = ?1 AND seq = ?2");
      reversal_ = std::make_unique<statement>(
          db_, "SELECT seq FROM entries WHERE account = ?1 AND reverses = ?2");
      insert_entry_ = std::make_unique<statement>(
          db_,
          "INSERT INTO entries (account, seq, kind, key, time, reverses, balance_after, body) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
      load_account_ =
          std::make_unique<statement>(db_, "SELECT params, state FROM accounts WHERE id = ?1");
      update_account_ = std::make_unique<statement>(
          db_, "UPDATE accounts SET state = ?2, last_seq = ?3 WHERE id = ?1");
      seen_ = std::make_unique<statement>(
          db_, "SELECT registers FROM live_readings WHERE meter = ?1 AND time = ?2");
      latest_ = std::make_unique<statement>(
          db_, "SELECT time FROM live_readings WHERE meter = ?1 ORDER BY time DESC LIMIT 1");
      record_ = std::make_unique<statement>(
          db_,
          "INSERT INTO live_readings (meter, time, registers, status, account, message) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
      load_cursor_ =
          std::make_unique<statement>(db_, "SELECT body FROM live_cursors WHERE meter = ?1");
      save_cursor_ = std::make_unique<statement>(
          db_,
          "INSERT INTO live_cursors (meter, account, last_time, body) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT(meter) DO UPDATE SET account = ?2, last_time = ?3, body = ?4");
      insert_row_ = std::make_unique<statement>(
          db_,
          "INSERT INTO outbox (id, account, time, command, meter, utility, notice, detail, frame) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    } catch (...) {
      close_all();
      throw;
    }
  }
  sqlite_prepaid(const sqlite_prepaid&) = delete;
  sqlite_prepaid& operator=(const sqlite_prepaid&) = delete;
  ~sqlite_prepaid() override { close_all(); }

  ledger_store& ledger() override { return *ledger_; }

  void in_batch(const std::vector<std::string>& /*accounts: the write lock covers the file*/,
                const std::function<void(prepaid_batch&)>& body) override {
    with_retries([&] {
      transaction tx(db_);
      // PRAGMA data_version changes when another connection commits (our own commits leave it
      // as it is); read under the write lock, which no one else can commit through.
      const auto version = data_version();
      batch b(*this, committed_version_ && *committed_version_ == version);
      committed_version_.reset();
      body(b);
      tx.commit();
      committed_version_ = version;
    });
  }

  std::vector<stored_outbox_row> outbox(bool all) override {
    statement q(db_, all ? "SELECT number, id, account, time, command, meter, utility, notice, "
                           "detail, acked, frame FROM outbox ORDER BY number"
                         : "SELECT number, id, account, time, command, meter, utility, notice, "
                           "detail, acked, frame FROM outbox WHERE acked IS NULL ORDER BY number");
    std::vector<stored_outbox_row> out;
    while (q.step()) out.push_back(row_of(q));
    return out;
  }

  std::optional<stored_outbox_row> ack(const std::string& id, bool by_number,
                                       const std::string& when) override {
    const auto bind_id = [&](statement& s) {
      if (by_number) {
        s.bind(1, static_cast<std::int64_t>(std::stoll(id)));
      } else {
        s.bind(1, id);
      }
    };
    with_retries([&] {
      transaction tx(db_);
      statement u(db_, by_number
                           ? "UPDATE outbox SET acked = ?2 WHERE number = ?1 AND acked IS NULL"
                           : "UPDATE outbox SET acked = ?2 WHERE id = ?1 AND acked IS NULL");
      bind_id(u);
      u.bind(2, when);
      u.step();
      tx.commit();
    });
    statement q(db_, by_number ? "SELECT number, id, account, time, command, meter, utility, "
                                 "notice, detail, acked, frame FROM outbox WHERE number = ?1"
                               : "SELECT number, id, account, time, command, meter, utility, "
                                 "notice, detail, acked, frame FROM outbox WHERE id = ?1");
    bind_id(q);
    if (!q.step()) return std::nullopt;
    return row_of(q);
  }

  std::vector<stored_cursor> cursors() override {
    statement q(db_, "SELECT meter, account, body FROM live_cursors ORDER BY meter");
    std::vector<stored_cursor> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), cursor_from_text(q.text(2))});
    return out;
  }

 private:
  static stored_outbox_row row_of(statement& q) {
    outbox_columns c;
    c.number = q.integer(0);
    c.id = q.text(1);
    c.account = q.text(2);
    c.time = q.text(3);
    if (!q.is_null(4)) c.command = q.text(4);
    if (!q.is_null(5)) c.meter = q.text(5);
    c.utility = q.text(6);
    if (!q.is_null(7)) c.notice = q.text(7);
    c.detail = q.text(8);
    if (!q.is_null(9)) c.acked = q.text(9);
    if (!q.is_null(10)) c.frame = q.text(10);
    return stored_row_of(c);
  }

  std::int64_t data_version() {
    statement q(db_, "PRAGMA data_version;");
    return q.step() ? q.integer(0) : -1;
  }

  template <class F>
  void with_retries(F&& f) {
    for (int attempt = 0;; ++attempt) {
      try {
        f();
        return;
      } catch (const sqlite::busy&) {
        if (attempt >= options_.busy_retries) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(1 + attempt * 5));
      }
    }
  }

  /// The ledger's entries of one account, read inside the batch's transaction.
  class table_history final : public ledger::history {
   public:
    table_history(sqlite_prepaid& s, std::string account) : s_(s), account_(std::move(account)) {}
    std::optional<ledger::entry> by_key(const std::string& key) const override {
      reset_on_exit r{*s_.by_key_};
      s_.by_key_->bind(1, account_).bind(2, key);
      if (!s_.by_key_->step()) return std::nullopt;
      return entry_from_json(s_.by_key_->text(0));
    }
    std::optional<ledger::entry> by_seq(std::uint64_t seq) const override {
      reset_on_exit r{*s_.by_seq_};
      s_.by_seq_->bind(1, account_).bind(2, static_cast<std::int64_t>(seq));
      if (!s_.by_seq_->step()) return std::nullopt;
      return entry_from_json(s_.by_seq_->text(0));
    }
    std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const override {
      reset_on_exit r{*s_.reversal_};
      s_.reversal_->bind(1, account_).bind(2, static_cast<std::int64_t>(seq));
      if (!s_.reversal_->step()) return std::nullopt;
      return static_cast<std::uint64_t>(s_.reversal_->integer(0));
    }

   private:
    sqlite_prepaid& s_;
    std::string account_;
  };

  /// The storage steps inside the IMMEDIATE transaction, on the prepared statements.
  class batch final : public prepaid_batch {
   public:
    batch(sqlite_prepaid& s, bool unchanged) : s_(s), unchanged_(unchanged) {}

    [[nodiscard]] bool unchanged_since_last() const override { return unchanged_; }

    std::optional<std::pair<ledger::account_params, ledger::account_state>> load_account(
        const std::string& id) override {
      // An account's parameters are parsed again only when their stored text changed (terms
      // updated by this store or another process: params_cache).
      reset_on_exit r{*s_.load_account_};
      s_.load_account_->bind(1, id);
      if (!s_.load_account_->step()) return std::nullopt;
      const auto text = s_.load_account_->text(0);
      const auto& params = s_.params_.get(id, text, [&] { return params_from_json(text); });
      return std::make_pair(params, state_from_json(s_.load_account_->text(1)));
    }

    std::unique_ptr<ledger::history> history(const std::string& account) override {
      return std::make_unique<table_history>(s_, account);
    }

    void insert_entry(const std::string& account, const ledger::entry& en) override {
      // The columns sqlite_store.cpp writes, so the ledger store reads these entries as its own.
      // The texts are bound without a copy (bind_view): they outlive the step and the reset.
      auto& time = s_.entry_time_;  // kept by the store: a time's 19 bytes are past SSO
      time.clear();
      append_local_time(time, en.what.time);
      const auto balance_after = en.balance_after.to_string(2);
      const auto body = to_json(en);
      auto& st = *s_.insert_entry_;
      reset_on_exit r{st};
      st.bind_view(1, account)
          .bind(2, static_cast<std::int64_t>(en.seq))
          .bind_view(3, ledger::to_string(en.what.kind));
      if (en.what.key.empty()) {
        st.bind_null(4);
      } else {
        st.bind_view(4, en.what.key);
      }
      st.bind_view(5, time);
      if (en.what.kind == ledger::event_kind::reversal) {
        st.bind(6, static_cast<std::int64_t>(en.what.target));
      } else {
        st.bind_null(6);
      }
      st.bind_view(7, balance_after).bind_view(8, body);
      st.step();
    }

    void update_account(const std::string& id, const ledger::account_state& s) override {
      const auto state = to_json(s);
      reset_on_exit r{*s_.update_account_};
      s_.update_account_->bind_view(1, id).bind_view(2, state).bind(
          3, static_cast<std::int64_t>(s.last_seq));
      s_.update_account_->step();
    }

    std::optional<std::string> seen(const std::string& meter, local_time t) override {
      reset_on_exit q{*s_.seen_};
      s_.seen_->bind(1, meter).bind(2, local_time_text(t));
      if (!s_.seen_->step()) return std::nullopt;
      return s_.seen_->text(0);
    }

    std::optional<std::string> latest_recorded(const std::string& meter) override {
      reset_on_exit q{*s_.latest_};
      s_.latest_->bind(1, meter);
      if (!s_.latest_->step()) return std::nullopt;
      return s_.latest_->text(0);
    }

    void record(const std::string& meter, local_time t, const std::string& registers,
                const std::string& status, const std::string& account,
                const std::string& message) override {
      auto& time = s_.reading_time_;
      time.clear();
      append_local_time(time, t);
      auto& st = *s_.record_;
      reset_on_exit w{st};
      st.bind_view(1, meter).bind_view(2, time).bind_view(3, registers).bind_view(4, status);
      if (account.empty()) {
        st.bind_null(5);
      } else {
        st.bind_view(5, account);
      }
      if (message.empty()) {
        st.bind_null(6);
      } else {
        st.bind_view(6, message);
      }
      st.step();
    }

    std::optional<std::string> load_cursor(const std::string& meter) override {
      reset_on_exit r{*s_.load_cursor_};
      s_.load_cursor_->bind(1, meter);
      if (!s_.load_cursor_->step()) return std::nullopt;
      return s_.load_cursor_->text(0);
    }

    void save_cursor(const std::string& meter, const std::string& account, local_time last,
                     const std::string& body) override {
      reset_on_exit w{*s_.save_cursor_};
      s_.save_cursor_->bind(1, meter).bind(2, account).bind(3, local_time_text(last)).bind(4, body);
      s_.save_cursor_->step();
    }

    void insert_rows(const std::vector<ledger::outbox_row>& rows) override {
      auto& st = *s_.insert_row_;
      for (const auto& row : rows) {
        const auto c = columns_of(row);
        reset_on_exit r{st};
        st.bind(1, c.id).bind(2, c.account).bind(3, c.time);
        for (const auto& [i, v] : {std::pair{4, &c.command}, std::pair{5, &c.meter},
                                   std::pair{7, &c.notice}, std::pair{9, &c.frame}}) {
          if (*v) {
            st.bind(i, **v);
          } else {
            st.bind_null(i);
          }
        }
        st.bind(6, c.utility).bind(8, c.detail);
        st.step();
      }
    }

   private:
    sqlite_prepaid& s_;
    bool unchanged_;
  };

  void close_all() noexcept {
    by_key_.reset();
    by_seq_.reset();
    reversal_.reset();
    insert_entry_.reset();
    latest_.reset();
    load_account_.reset();
    update_account_.reset();
    seen_.reset();
    record_.reset();
    load_cursor_.reset();
    save_cursor_.reset();
    insert_row_.reset();
    sqlite3_close(db_);
    db_ = nullptr;
  }

  std::unique_ptr<ledger_store> ledger_;
  sqlite3* db_ = nullptr;
  sqlite_options options_;
  std::unique_ptr<statement> by_key_, by_seq_, reversal_, insert_entry_, latest_, load_account_,
      update_account_, seen_, record_, load_cursor_, save_cursor_, insert_row_;
  /// Terms parsed from their stored text, by account (params_cache: kept while the text is).
  params_cache params_;
  /// The time texts insert_entry and record bind without a copy (bind_view), kept across calls
  /// so that writing one allocates nothing: each outlives its statement's step and reset.
  std::string entry_time_, reading_time_;
  /// PRAGMA data_version when this connection's last batch committed.
  std::optional<std::int64_t> committed_version_;
};

}  // namespace

std::unique_ptr<prepaid_backend> sqlite_prepaid_backend(const std::string& path,
                                                        const sqlite_options& options) {
  return std::make_unique<sqlite_prepaid>(path, options);
}

}  // namespace submeter::store::detail
